package dev.rollouttest.kube;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Instant;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * When a pod is ready and when it is available, as the ReplicaSet controller counts them ({@code
 * k8s.io/kubernetes pkg/api/v1/pod} {@code IsPodReady} and {@code IsPodAvailable}, applied to the
 * active pods of {@code controller.FilterActivePods}): a pod is ready when its {@code Ready}
 * condition is {@code True}; it is available when it is ready, not terminating, and has been ready
 * for {@code minReadySeconds}, counted from the {@code Ready} condition's {@code
 * lastTransitionTime} (kept to the second by the API server). With {@code minReadySeconds} 0 a
 * ready pod is available at once; otherwise a ready pod whose condition has no transition time is
 * not available.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Pods {

  /** The pod condition that says whether the pod can serve. */
  public static final String READY = "Ready";

  private Pods() {}

  /** Whether the pod's {@code Ready} condition is {@code True} ({@code IsPodReady}). */
  public static boolean ready(Pod pod) {
    return readyCondition(pod).map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  /**
   * Whether the pod is being deleted: it has a deletion timestamp, its containers may still run.
   */
  public static boolean terminating(Pod pod) {
    return pod.getMetadata() != null && pod.getMetadata().getDeletionTimestamp() != null;
  }

  /**
   * Since when the pod has been ready: its {@code Ready} condition's {@code lastTransitionTime};
   * empty when it is not ready or the condition has no transition time.
   */
  public static Optional<Instant> readySince(Pod pod) {
    if (!ready(pod)) {
      return Optional.empty();
    }
    return readyCondition(pod)
        .map(PodCondition::getLastTransitionTime)
        .filter(t -> !t.isEmpty())
        .map(Instant::parse);
  }

  /**
   * From when a ready pod counts as available if nothing changes: {@link #readySince} plus {@code
   * minReadySeconds}; empty when it is not ready or its {@code Ready} condition has no transition
   * time.
   */
  public static Optional<Instant> availableFrom(Pod pod, int minReadySeconds) {
    return readySince(pod).map(since -> since.plusSeconds(minReadySeconds));
  }

  /**
   * Whether the pod is available at {@code now}: ready, not terminating, and ready for at least
   * {@code minReadySeconds} (exactly {@code minReadySeconds} is enough, as {@code
   * lastTransitionTime + minReadySeconds <= now} in {@code IsPodAvailable}).
   */
  public static boolean available(Pod pod, int minReadySeconds, Instant now) {
    if (terminating(pod) || !ready(pod)) {
      return false;
    }
    return minReadySeconds == 0
        || availableFrom(pod, minReadySeconds).map(at -> !at.isAfter(now)).orElse(false);
  }

  private static Optional<PodCondition> readyCondition(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getConditions().stream()
        .filter(c -> READY.equals(c.getType()))
        .findFirst();
  }
}
