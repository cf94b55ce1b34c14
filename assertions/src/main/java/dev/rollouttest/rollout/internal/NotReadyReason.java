package dev.rollouttest.rollout.internal;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Why a pod that is not Ready is stuck, in the words {@code kubectl get pods} shows in its STATUS
 * column: a container's waiting reason ({@code ImagePullBackOff}, {@code CrashLoopBackOff}, {@code
 * CreateContainerConfigError}, {@code ContainerCreating}...), else its terminated reason, else the
 * pod's reason ({@code Evicted}), else why it is not scheduled ({@code Unschedulable}). Init
 * containers first, as they run first.
 */
final class NotReadyReason {

  private NotReadyReason() {}

  /** The reason, or empty when the pod shows none (e.g. running, its readiness probe failing). */
  static Optional<String> of(Pod pod) {
    if (pod.getStatus() == null) {
      return Optional.empty();
    }
    List<ContainerStatus> containers = new ArrayList<>();
    if (pod.getStatus().getInitContainerStatuses() != null) {
      containers.addAll(pod.getStatus().getInitContainerStatuses());
    }
    if (pod.getStatus().getContainerStatuses() != null) {
      containers.addAll(pod.getStatus().getContainerStatuses());
    }
    for (ContainerStatus c : containers) {
      if (c.getState() != null && c.getState().getWaiting() != null) {
        String reason = c.getState().getWaiting().getReason();
        if (reason != null && !reason.isBlank()) {
          return Optional.of(reason);
        }
      }
      if (c.getState() != null && c.getState().getTerminated() != null) {
        String reason = c.getState().getTerminated().getReason();
        if (reason != null && !reason.isBlank() && !reason.equals("Completed")) {
          return Optional.of(reason);
        }
      }
    }
    String reason = pod.getStatus().getReason();
    if (reason != null && !reason.isBlank()) {
      return Optional.of(reason);
    }
    if (pod.getStatus().getConditions() != null) {
      for (PodCondition condition : pod.getStatus().getConditions()) {
        if ("PodScheduled".equals(condition.getType())
            && "False".equals(condition.getStatus())
            && condition.getReason() != null) {
          return Optional.of(condition.getReason());
        }
      }
    }
    return Optional.empty();
  }
}
