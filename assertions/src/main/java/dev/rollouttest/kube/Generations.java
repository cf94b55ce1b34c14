package dev.rollouttest.kube;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.apiguardian.api.API;

/**
 * Whether the Deployment controller has acted on a spec: it copies {@code metadata.generation} to
 * {@code status.observedGeneration} once it has synced that generation, and until then the status,
 * the ReplicaSets and the revisions describe an older spec ({@code kubectl rollout status} waits
 * with "Waiting for deployment spec update to be observed..."). A missing value counts as 0.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Generations {

  private Generations() {}

  /** {@code status.observedGeneration}, 0 when absent. */
  public static long observedGeneration(Deployment d) {
    Long observed = d.getStatus() == null ? null : d.getStatus().getObservedGeneration();
    return observed == null ? 0 : observed;
  }

  /** {@code metadata.generation}, 0 when absent. */
  public static long generation(Deployment d) {
    Long generation = d.getMetadata().getGeneration();
    return generation == null ? 0 : generation;
  }

  /** Whether the controller has observed the Deployment's own generation. */
  public static boolean observed(Deployment d) {
    return observed(d, generation(d));
  }

  /** Whether the controller has observed {@code generation} (or a later one). */
  public static boolean observed(Deployment d, long generation) {
    return observedGeneration(d) >= generation;
  }
}
