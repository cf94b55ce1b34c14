package dev.rollouttest.rollout;

import dev.rollouttest.kube.Generations;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The wait until the Deployment controller has observed a generation of one Deployment ({@code
 * status.observedGeneration >= metadata.generation}). The controller creates a new template's
 * ReplicaSet in the same sync in which it records the observed generation, so once it has observed
 * the latest generation the Deployment's ReplicaSets, and so its revisions, are current.
 *
 * <p>The wait is bounded by the driver's timeout and asks the cluster's backend, about once a
 * second, whether a component died ({@link ClusterFaults}); it ends with a {@link RolloutException}
 * that names the generations, or a {@link ClusterFaults.ClusterFaultException}.
 */
final class ObservedGeneration {

  private final DeploymentRollout rollout;

  ObservedGeneration(DeploymentRollout rollout) {
    this.rollout = rollout;
  }

  /** The Deployment once the controller has observed its latest generation, whoever wrote it. */
  Deployment latest() {
    Deployment d = rollout.get();
    return observed(d, d.getMetadata().getGeneration()) ? d : await(d);
  }

  /** The Deployment once the controller has observed the generation of {@code written}. */
  Deployment await(Deployment written) {
    long generation = written.getMetadata().getGeneration();
    long deadline = System.nanoTime() + rollout.timeout().toNanos();
    try {
      // in slices of at most a second, asking the backend in between whether a component died
      while (true) {
        failOnClusterFault("waiting for generation " + generation + " to be observed");
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        try {
          return rollout
              .resource()
              .waitUntilCondition(
                  d -> d != null && observed(d, generation),
                  Math.max(1, Math.min(left, 1000)),
                  TimeUnit.MILLISECONDS);
        } catch (KubernetesClientTimeoutException slice) {
          if (left <= 1000) {
            throw slice;
          }
        }
      }
    } catch (KubernetesClientTimeoutException e) {
      Deployment now = rollout.resource().get();
      throw new RolloutException(
          "the Deployment controller has not observed generation "
              + generation
              + " of deployment \""
              + rollout.name()
              + "\" within "
              + rollout.timeout().toMillis()
              + " ms (observedGeneration "
              + (now == null || now.getStatus() == null
                  ? "unknown"
                  : now.getStatus().getObservedGeneration())
              + "), so its ReplicaSets and revisions are not current; is kube-controller-manager"
              + " running?",
          e);
    }
  }

  /**
   * Throws {@link ClusterFaults.ClusterFaultException} when the cluster's backend knows a component
   * died.
   */
  private void failOnClusterFault(String doing) {
    Optional<String> fault = ClusterFaults.of(rollout.client());
    if (fault.isPresent()) {
      throw new ClusterFaults.ClusterFaultException(
          "The rollout of Deployment "
              + rollout.namespace()
              + "/"
              + rollout.name()
              + " cannot be judged ("
              + doing
              + "): "
              + fault.get());
    }
  }

  private static boolean observed(Deployment d, long generation) {
    return Generations.observed(d, generation);
  }
}
