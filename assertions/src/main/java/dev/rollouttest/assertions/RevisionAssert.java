package dev.rollouttest.assertions;

import static dev.rollouttest.assertions.error.ShouldHaveChangeCause.shouldHaveChangeCause;
import static dev.rollouttest.assertions.error.ShouldHaveChangeCause.shouldHaveNoChangeCause;
import static dev.rollouttest.assertions.error.ShouldHaveImage.shouldHaveImage;

import dev.rollouttest.assertions.presentation.RolloutRepresentation;
import dev.rollouttest.rollout.Revision;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

/** Assertions on one revision of a Deployment's history. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class RevisionAssert extends AbstractAssert<RevisionAssert, Revision> {

  /**
   * Assertions on {@code actual}; {@code assertThat(history).revision(n)} is the usual way to get
   * them.
   */
  public RevisionAssert(Revision actual) {
    super(actual, RevisionAssert.class);
    info.useRepresentation(RolloutRepresentation.ROLLOUT_REPRESENTATION);
  }

  /**
   * Verifies that some container of the revision's template runs {@code image}.
   *
   * <pre>{@code
   * assertThat(web.history()).revision(2).hasImage("nginx:1.27");
   * }</pre>
   */
  public RevisionAssert hasImage(String image) {
    isNotNull();
    if (!actual.images().containsValue(image)) {
      throwAssertionError(shouldHaveImage(actual, null, image));
    }
    return myself;
  }

  /** Verifies the image of one container of the revision's template. */
  public RevisionAssert hasImage(String container, String image) {
    isNotNull();
    if (!image.equals(actual.images().get(container))) {
      throwAssertionError(shouldHaveImage(actual, container, image));
    }
    return myself;
  }

  /**
   * Verifies the revision's change-cause ({@code kubernetes.io/change-cause} on its ReplicaSet).
   *
   * <pre>{@code
   * assertThat(web.history()).revision(2).hasChangeCause("CVE fix");
   * }</pre>
   */
  public RevisionAssert hasChangeCause(String cause) {
    isNotNull();
    if (!actual.changeCause().filter(cause::equals).isPresent()) {
      throwAssertionError(shouldHaveChangeCause(actual, cause));
    }
    return myself;
  }

  /** Verifies that the revision has no change-cause. */
  public RevisionAssert hasNoChangeCause() {
    isNotNull();
    if (actual.changeCause().isPresent()) {
      throwAssertionError(shouldHaveNoChangeCause(actual));
    }
    return myself;
  }
}
