package dev.rollouttest.rollout;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * How a watched rollout ended: complete, failed (with the terminal state and the pods that show
 * it), or timed out.
 *
 * @param deployment the last observed Deployment
 * @param status kubectl's verdict on it
 * @param failure the terminal state, when one was seen
 * @param failingPods one line per pod of the new revision in a terminal state: name, container,
 *     reason, message
 * @param elapsed from the start of the watch to the outcome
 * @param timedOut whether the time ran out first
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record RolloutOutcome(
    Deployment deployment,
    RolloutStatus status,
    Optional<RolloutFailure> failure,
    List<String> failingPods,
    Duration elapsed,
    boolean timedOut) {

  /** Copies {@code failingPods}, so the outcome cannot change. */
  public RolloutOutcome {
    failingPods = List.copyOf(failingPods);
  }

  /** Whether the rollout completed by kubectl's rule before the time ran out. */
  public boolean complete() {
    return status.done() && !timedOut;
  }
}
