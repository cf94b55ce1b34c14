package dev.rollouttest.rollout.internal;

import dev.rollouttest.rollout.FailFast;
import dev.rollouttest.rollout.RolloutFailure;
import dev.rollouttest.rollout.RolloutStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Which failures end the wait for a rollout early, judged on a {@link RolloutView}: {@code
 * ProgressDeadlineExceeded} always; image pull failures and crash loops when the {@link FailFast}
 * policy names them, and only on the pods of the new revision (by pod-template-hash), so that an
 * old pod's trouble during a restart is not blamed on the change.
 */
final class FailFastRules {

  private FailFastRules() {}

  /** What ended a wait early: the rule and the pods of the new revision that show it. */
  record Hit(RolloutFailure failure, List<String> pods) {}

  /** The first rule that fires, if any. */
  static Optional<Hit> firstHit(RolloutView view, FailFast policy) {
    if (view.deployment() == null) {
      return Optional.empty();
    }
    RolloutStatus status = view.status();
    if (status.failed() && status.message().contains("exceeded its progress deadline")) {
      return Optional.of(
          new Hit(RolloutFailure.PROGRESS_DEADLINE_EXCEEDED, newRevisionProblems(view, null, 0)));
    }
    for (RolloutFailure rule :
        List.of(RolloutFailure.IMAGE_PULL_FAILURE, RolloutFailure.CRASHING_PODS)) {
      if (policy.stopsOn(rule)) {
        List<String> pods = newRevisionProblems(view, rule, policy.crashLoopRestarts());
        if (!pods.isEmpty()) {
          return Optional.of(new Hit(rule, pods));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The pods of the new revision that show {@code kind} (any kind when null), crash loops only from
   * {@code restarts} restarts on; one line each, sorted.
   */
  private static List<String> newRevisionProblems(
      RolloutView view, @Nullable RolloutFailure kind, int restarts) {
    DeploymentFold.NewReplicaSet fresh = view.deployments().newReplicaSet();
    if (fresh == null) {
      return List.of();
    }
    List<String> lines = new ArrayList<>();
    view.pods()
        .problems()
        .forEach(
            (pod, p) -> {
              if (fresh.hash().equals(p.hash())
                  && (kind == null || kind == p.kind())
                  && (p.kind() != RolloutFailure.CRASHING_PODS || p.restarts() >= restarts)) {
                lines.add(pod + ": " + p.line());
              }
            });
    return lines;
  }
}
