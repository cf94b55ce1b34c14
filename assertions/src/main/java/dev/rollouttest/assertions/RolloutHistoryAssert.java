package dev.rollouttest.assertions;

import static dev.rollouttest.assertions.error.ShouldHaveRevisions.shouldHaveRevision;
import static dev.rollouttest.assertions.error.ShouldHaveRevisions.shouldHaveRevisions;

import dev.rollouttest.assertions.presentation.RolloutRepresentation;
import dev.rollouttest.rollout.Revision;
import dev.rollouttest.rollout.RolloutHistory;
import java.util.Arrays;
import java.util.List;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

/** Assertions on a Deployment's revision history ({@code kubectl rollout history}). */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class RolloutHistoryAssert extends AbstractAssert<RolloutHistoryAssert, RolloutHistory> {

  /** Assertions on {@code actual}; {@code assertThat(rollout.history())} is the usual way. */
  public RolloutHistoryAssert(RolloutHistory actual) {
    super(actual, RolloutHistoryAssert.class);
    info.useRepresentation(RolloutRepresentation.ROLLOUT_REPRESENTATION);
  }

  /**
   * Verifies that the history holds exactly these revision numbers, in ascending order.
   *
   * <pre>{@code
   * assertThat(web.history()).hasRevisions(1, 2);      // after one update
   * assertThat(web.history()).hasRevisions(2, 3);      // after an undo: revision 1 became 3
   * }</pre>
   */
  public RolloutHistoryAssert hasRevisions(long... numbers) {
    isNotNull();
    List<Long> expected = Arrays.stream(numbers).boxed().toList();
    if (!actual.numbers().equals(expected)) {
      throwAssertionError(shouldHaveRevisions(actual, expected));
    }
    return myself;
  }

  /** Navigates to one revision, failing when the history lacks it. */
  public RevisionAssert revision(long number) {
    isNotNull();
    Revision revision = actual.revision(number).orElse(null);
    if (revision == null) {
      throwAssertionError(shouldHaveRevision(actual, number));
    }
    return new RevisionAssert(java.util.Objects.requireNonNull(revision));
  }
}
