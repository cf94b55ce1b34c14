package dev.rollouttest.rollout.internal;

import dev.rollouttest.rollout.RolloutFailure;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Optional;

/**
 * A container of a pod that shows a rollout failure (it waits for a reason such as {@code
 * ImagePullBackOff} or {@code CrashLoopBackOff}), with one line for the failure message.
 *
 * @param hash the pod's template hash: which revision it belongs to
 * @param kind the failure
 * @param restarts the container's restarts so far
 * @param line what the container shows, e.g. {@code container web waiting: CrashLoopBackOff
 *     (back-off 40s), 3 restarts; last exit: Error, exit code 1}
 */
record PodProblem(String hash, RolloutFailure kind, int restarts, String line) {

  /** The first container of the pod that waits for a reason that is a rollout failure. */
  static Optional<PodProblem> of(Pod pod, String hash) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return Optional.empty();
    }
    for (ContainerStatus c : pod.getStatus().getContainerStatuses()) {
      if (c.getState() == null || c.getState().getWaiting() == null) {
        continue;
      }
      String reason = c.getState().getWaiting().getReason();
      Optional<RolloutFailure> kind = RolloutFailure.ofWaitingReason(reason);
      if (kind.isPresent()) {
        int restarts = c.getRestartCount() == null ? 0 : c.getRestartCount();
        String message = c.getState().getWaiting().getMessage();
        return Optional.of(
            new PodProblem(
                hash,
                kind.get(),
                restarts,
                "container "
                    + c.getName()
                    + " waiting: "
                    + reason
                    + (message == null || message.isBlank() ? "" : " (" + message + ")")
                    + (kind.get() == RolloutFailure.CRASHING_PODS
                        ? ", " + restarts + " restart" + (restarts == 1 ? "" : "s") + lastExit(c)
                        : "")));
      }
    }
    return Optional.empty();
  }

  /**
   * How the container last ended, as kubelet reports it: {@code ; last exit: Error, exit code 1
   * (message)}, or nothing when it has not ended yet.
   */
  private static String lastExit(ContainerStatus c) {
    if (c.getLastState() == null || c.getLastState().getTerminated() == null) {
      return "";
    }
    var t = c.getLastState().getTerminated();
    String message = t.getMessage() == null ? "" : t.getMessage().strip();
    if (message.length() > 200) {
      message = message.substring(0, 200) + "...";
    }
    return "; last exit: "
        + (t.getReason() == null ? "terminated" : t.getReason())
        + ", exit code "
        + t.getExitCode()
        + (t.getSignal() != null && t.getSignal() != 0 ? ", signal " + t.getSignal() : "")
        + (message.isEmpty() ? "" : " (" + message + ")");
  }
}
