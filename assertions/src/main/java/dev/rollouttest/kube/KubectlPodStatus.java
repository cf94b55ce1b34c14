package dev.rollouttest.kube;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The STATUS column of {@code kubectl get pods}, with kubectl's exact rule ({@code
 * k8s.io/kubernetes pkg/printers/internalversion/printers.go}, {@code printPod}): the pod's phase,
 * or its {@code status.reason} ({@code Evicted}); {@code SchedulingGated}; the first init container
 * that has not finished ({@code Init:CrashLoopBackOff}, {@code Init:ExitCode:1}, {@code Init:0/2});
 * then, once initialized, the first container's waiting reason ({@code CrashLoopBackOff}, {@code
 * ImagePullBackOff}, {@code CreateContainerConfigError}...) or termination reason ({@code
 * OOMKilled}, {@code Error}, {@code Signal:9}, {@code ExitCode:1}); {@code Terminating} while it is
 * deleted, or {@code Unknown} when its node was lost.
 *
 * <p>{@link #failure} tells which of those is a failure rather than a step of a healthy pod's life
 * (Pending, ContainerCreating, Running, Terminating...): what a rollout report shows on the pod's
 * lane.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class KubectlPodStatus {

  /** What kubectl shows on the way to Running and out of it: not failures. */
  private static final Set<String> HEALTHY =
      Set.of(
          "Pending",
          "Running",
          "Succeeded",
          "ContainerCreating",
          "PodInitializing",
          "Completed",
          "NotReady",
          "Terminating",
          "SchedulingGated");

  /** {@code Init:1/2}: init containers still running, in order. */
  private static final Pattern INITIALIZING = Pattern.compile("Init:\\d+/\\d+");

  private KubectlPodStatus() {}

  /** The pod's STATUS as {@code kubectl get pods} prints it. */
  public static String of(Pod pod) {
    PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
    String phase = status.getPhase() == null ? "" : status.getPhase();
    String reason = isBlank(status.getReason()) ? phase : status.getReason();
    List<PodCondition> conditions = orEmpty(status.getConditions());
    for (PodCondition c : conditions) {
      if ("PodScheduled".equals(c.getType()) && "SchedulingGated".equals(c.getReason())) {
        reason = "SchedulingGated";
      }
    }
    Map<String, Container> initContainers = new HashMap<>();
    if (pod.getSpec() != null) {
      for (Container c : orEmpty(pod.getSpec().getInitContainers())) {
        initContainers.put(c.getName(), c);
      }
    }
    boolean initializing = false;
    List<ContainerStatus> inits = orEmpty(status.getInitContainerStatuses());
    for (int i = 0; i < inits.size(); i++) {
      ContainerStatus c = inits.get(i);
      ContainerState state = c.getState() == null ? new ContainerState() : c.getState();
      ContainerStateTerminated terminated = state.getTerminated();
      if (terminated != null && exitCode(terminated) == 0) {
        continue;
      }
      if (restartable(initContainers.get(c.getName())) && Boolean.TRUE.equals(c.getStarted())) {
        continue;
      }
      if (terminated != null) {
        reason = "Init:" + terminationReason(terminated);
      } else if (state.getWaiting() != null
          && !isBlank(state.getWaiting().getReason())
          && !"PodInitializing".equals(state.getWaiting().getReason())) {
        reason = "Init:" + state.getWaiting().getReason();
      } else {
        reason = "Init:" + i + "/" + initContainers.size();
      }
      initializing = true;
      break;
    }
    if (!initializing || conditionTrue(conditions, "Initialized")) {
      boolean hasRunning = false;
      String errorReason = "";
      List<ContainerStatus> containers = orEmpty(status.getContainerStatuses());
      for (int i = containers.size() - 1; i >= 0; i--) {
        ContainerStatus c = containers.get(i);
        ContainerState state = c.getState() == null ? new ContainerState() : c.getState();
        if (state.getWaiting() != null && !isBlank(state.getWaiting().getReason())) {
          reason = state.getWaiting().getReason();
        } else if (state.getTerminated() != null) {
          reason = terminationReason(state.getTerminated());
          if (exitCode(state.getTerminated()) != 0) {
            errorReason = reason;
          }
        } else if (Boolean.TRUE.equals(c.getReady()) && state.getRunning() != null) {
          hasRunning = true;
        }
      }
      if ("Completed".equals(reason)) {
        if (hasRunning && conditionTrue(conditions, Pods.READY)) {
          reason = "Running";
        } else if (!errorReason.isEmpty()) {
          reason = errorReason;
        } else if (hasRunning) {
          reason = "NotReady";
        }
      }
    }
    boolean deleted = pod.getMetadata() != null && pod.getMetadata().getDeletionTimestamp() != null;
    if (deleted && "NodeLost".equals(status.getReason())) {
      reason = "Unknown";
    } else if (deleted && !"Succeeded".equals(phase) && !"Failed".equals(phase)) {
      reason = "Terminating";
    }
    return reason;
  }

  /**
   * The pod's STATUS when it is a failure ({@code CrashLoopBackOff}, {@code ImagePullBackOff},
   * {@code ErrImagePull}, {@code OOMKilled}, {@code CreateContainerConfigError}, {@code
   * Init:Error}...), with how the failing container last ended when it is waiting to start again,
   * e.g. {@code CrashLoopBackOff (last exit: OOMKilled)}; empty while the pod is on its way to
   * Running, Running, or terminating. One departure from kubectl: a Failed pod shows its own reason
   * ({@code Evicted}, {@code NodeShutdown}...) or {@code Failed}, where kubectl may print its
   * containers' last termination instead.
   */
  public static Optional<String> failure(Pod pod) {
    String status = of(pod);
    PodStatus podStatus = pod.getStatus();
    if (podStatus != null && "Failed".equals(podStatus.getPhase())) {
      // kubectl prints the containers' termination over the pod's own reason, which hides an
      // eviction once kubelet has written the containers' statuses (ContainerStatusUnknown, Error,
      // even Completed: kubernetes#105467): the pod's reason wins, and a failed pod is a failure
      if (!isBlank(podStatus.getReason())) {
        return Optional.of(podStatus.getReason());
      }
      if (HEALTHY.contains(status)) {
        return Optional.of("Failed");
      }
    }
    if (status.isEmpty() || HEALTHY.contains(status) || INITIALIZING.matcher(status).matches()) {
      return Optional.empty();
    }
    String lastExit = lastExit(pod, status);
    return Optional.of(lastExit == null ? status : status + " (last exit: " + lastExit + ")");
  }

  /**
   * How the container that waits for {@code status} last ended ({@code OOMKilled}, {@code Error}),
   * or null when none waits for it or it has not ended before.
   */
  private static @Nullable String lastExit(Pod pod, String status) {
    if (pod.getStatus() == null) {
      return null;
    }
    String waiting = status.startsWith("Init:") ? status.substring(5) : status;
    List<ContainerStatus> all =
        status.startsWith("Init:")
            ? orEmpty(pod.getStatus().getInitContainerStatuses())
            : orEmpty(pod.getStatus().getContainerStatuses());
    for (ContainerStatus c : all) {
      if (c.getState() != null
          && c.getState().getWaiting() != null
          && waiting.equals(c.getState().getWaiting().getReason())
          && c.getLastState() != null
          && c.getLastState().getTerminated() != null) {
        return terminationReason(c.getLastState().getTerminated());
      }
    }
    return null;
  }

  /** {@code OOMKilled}, or {@code Signal:9} or {@code ExitCode:1} when kubelet gave no reason. */
  private static String terminationReason(ContainerStateTerminated t) {
    if (!isBlank(t.getReason())) {
      return t.getReason();
    }
    return t.getSignal() != null && t.getSignal() != 0
        ? "Signal:" + t.getSignal()
        : "ExitCode:" + exitCode(t);
  }

  private static int exitCode(ContainerStateTerminated t) {
    return t.getExitCode() == null ? 0 : t.getExitCode();
  }

  /** A sidecar: an init container with {@code restartPolicy: Always}. */
  private static boolean restartable(@Nullable Container c) {
    return c != null && "Always".equals(c.getRestartPolicy());
  }

  private static boolean conditionTrue(List<PodCondition> conditions, String type) {
    return conditions.stream()
        .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static boolean isBlank(@Nullable String s) {
    return s == null || s.isEmpty();
  }

  private static <T> List<T> orEmpty(@Nullable List<T> list) {
    return list == null ? List.of() : list;
  }
}
