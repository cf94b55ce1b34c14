package dev.rollouttest.rollout.internal;

import dev.rollouttest.rollout.FailFast;
import dev.rollouttest.rollout.RolloutFailure;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Why the wait for a rollout ended: an invariant broken, a failure a fail-fast rule stops on, or
 * completion (by kubectl's rule, and as asked, settled and drained).
 *
 * @param complete whether the rollout completed
 * @param failure the failure that ended it early, or null
 * @param hit the fail-fast rule that fired and its pods, or null
 * @param describe in words, for the verdict's moment
 */
record Verdict(
    boolean complete,
    @Nullable RolloutFailure failure,
    FailFastRules.@Nullable Hit hit,
    String describe) {

  /**
   * What a wait ends on besides completion by kubectl's rule.
   *
   * @param failFast the failures that end it early
   * @param stopOnViolation whether a broken invariant ends it
   * @param settled whether completion also needs every Service that selects the pods to list every
   *     ready pod as a ready endpoint
   * @param drained whether completion also needs no pod of the Deployment to be terminating
   */
  record Terms(FailFast failFast, boolean stopOnViolation, boolean settled, boolean drained) {}

  /**
   * The verdict on the view as it stands, or empty while the wait goes on. In order: a broken
   * invariant (when the terms stop on it), a fail-fast rule, then completion, which needs the view
   * to show {@code changeGeneration}.
   *
   * @param violated whether an invariant is broken
   * @param selecting the Services that select the Deployment's pods
   */
  static Optional<Verdict> on(
      RolloutView view,
      Terms terms,
      boolean violated,
      long changeGeneration,
      List<String> selecting) {
    if (terms.stopOnViolation() && violated) {
      return Optional.of(new Verdict(false, null, null, "invariant broken"));
    }
    if (view.deployment() == null) {
      return Optional.empty();
    }
    Optional<FailFastRules.Hit> hit = FailFastRules.firstHit(view, terms.failFast());
    if (hit.isPresent()) {
      return Optional.of(
          new Verdict(false, hit.get().failure(), hit.get(), hit.get().failure().toString()));
    }
    if (view.generation() < changeGeneration || !view.status().done()) {
      return Optional.empty();
    }
    if (terms.settled() && view.unsettled(selecting).isPresent()) {
      return Optional.empty();
    }
    if (terms.drained() && !view.terminating().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Verdict(
            true,
            null,
            null,
            (terms.settled() ? "complete and settled" : "complete")
                + (terms.drained() ? "; no pod terminating" : "")));
  }
}
