package dev.rollouttest.assertions;

import static dev.rollouttest.assertions.error.ShouldBeComplete.shouldBeComplete;
import static dev.rollouttest.assertions.error.ShouldBePaused.shouldBePaused;
import static dev.rollouttest.assertions.error.ShouldBePaused.shouldNotBePaused;
import static dev.rollouttest.assertions.error.ShouldEndAtRevision.shouldEndAtRevision;
import static dev.rollouttest.assertions.error.ShouldHaveImage.shouldHaveImage;

import dev.rollouttest.assertions.presentation.RolloutRepresentation;
import dev.rollouttest.kube.Revisions;
import dev.rollouttest.rollout.RolloutStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Map;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a Deployment as it was when it was read. Extend this class (self type) to add your
 * own.
 *
 * @param <SELF> the concrete assert type
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public abstract class AbstractDeploymentAssert<SELF extends AbstractDeploymentAssert<SELF>>
    extends AbstractAssert<SELF, Deployment> {

  /**
   * For subclasses: assertions on {@code actual}, printed as rollout-test prints Deployments.
   *
   * @param selfType the concrete assert class, as AssertJ's {@code AbstractAssert} expects it
   */
  protected AbstractDeploymentAssert(Deployment actual, Class<?> selfType) {
    super(actual, selfType);
    info.useRepresentation(RolloutRepresentation.ROLLOUT_REPRESENTATION);
  }

  /**
   * Verifies that the Deployment is paused ({@code spec.paused}).
   *
   * <pre>{@code
   * assertThat(rollout.pause().apply().deployment()).isPaused();   // passes
   * assertThat(runningDeployment).isPaused();              // fails: "to be paused, but it is not."
   * }</pre>
   */
  public SELF isPaused() {
    isNotNull();
    if (!Boolean.TRUE.equals(actual.getSpec().getPaused())) {
      throwAssertionError(shouldBePaused(actual));
    }
    return myself;
  }

  /** Verifies that the Deployment is not paused. */
  public SELF isNotPaused() {
    isNotNull();
    if (Boolean.TRUE.equals(actual.getSpec().getPaused())) {
      throwAssertionError(shouldNotBePaused(actual));
    }
    return myself;
  }

  /**
   * Verifies that the pod template runs {@code image} in the named container.
   *
   * <pre>{@code
   * assertThat(web).hasImage("web", "nginx:1.27");   // passes when container web runs nginx:1.27
   * assertThat(web).hasImage("web", "nginx:1.28");   // fails, listing every container's image
   * }</pre>
   */
  public SELF hasImage(String container, String image) {
    isNotNull();
    Map<String, String> images = images();
    if (!image.equals(images.get(container))) {
      throwAssertionError(shouldHaveImage(actual, container, image, images));
    }
    return myself;
  }

  /** Verifies that some container of the pod template runs {@code image}. */
  public SELF hasImage(String image) {
    isNotNull();
    Map<String, String> images = images();
    if (!images.containsValue(image)) {
      throwAssertionError(shouldHaveImage(actual, null, image, images));
    }
    return myself;
  }

  /**
   * Verifies that the rollout is complete by {@code kubectl rollout status}'s rule (observed
   * generation, all replicas updated and available, no old replica left).
   *
   * <pre>{@code
   * assertThat(DeploymentRollout.of(client, "web").get()).isComplete();
   * // fails with kubectl's words, e.g. "Waiting for deployment "web" rollout to finish: 1 of 3 updated replicas are available..."
   * }</pre>
   */
  public SELF isComplete() {
    isNotNull();
    RolloutStatus status = RolloutStatus.of(actual);
    if (!status.done()) {
      throwAssertionError(shouldBeComplete(actual, status));
    }
    return myself;
  }

  /** Verifies the Deployment's {@code deployment.kubernetes.io/revision}. */
  public SELF hasRevision(long revision) {
    isNotNull();
    String actualRevision =
        actual.getMetadata().getAnnotations() == null
            ? null
            : actual.getMetadata().getAnnotations().get(Revisions.ANNOTATION);
    if (!String.valueOf(revision).equals(actualRevision)) {
      throwAssertionError(shouldEndAtRevision(actual, revision, actualRevision));
    }
    return myself;
  }

  private Map<String, String> images() {
    return dev.rollouttest.kube.PodTemplates.images(actual.getSpec().getTemplate());
  }
}
