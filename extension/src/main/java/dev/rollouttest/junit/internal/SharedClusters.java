package dev.rollouttest.junit.internal;

import dev.rollouttest.cluster.ClusterSettings;
import dev.rollouttest.cluster.KubernetesCluster;
import dev.rollouttest.cluster.KubernetesClusters;
import dev.rollouttest.cluster.local.RealPodsUnavailableException;
import dev.rollouttest.rollout.ClusterFaults;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clusters of a test run: one per backend and pod mode, started on first use and kept in the
 * root store, which JUnit closes when the run ends.
 *
 * <p>A cluster is keyed by the backend {@code auto} resolves to, not by the name configured, so
 * classes that say {@code auto} and classes that say {@code local} on a machine without Docker
 * share one cluster.
 */
final class SharedClusters {

  private static final Logger LOG = LoggerFactory.getLogger("dev.rollouttest.junit.RolloutTest");

  /** The root store key of the backend that settings resolve to. */
  private record ChoiceKey(ClusterSettings settings) {}

  /** A started cluster with its fault check registered for the verdicts; JUnit closes it. */
  private record ClusterResource(KubernetesCluster cluster, ClusterFaults.Registration faults)
      implements AutoCloseable {
    static ClusterResource of(KubernetesCluster cluster) {
      return new ClusterResource(
          cluster,
          ClusterFaults.register(
              cluster.client().getConfiguration().getMasterUrl(), cluster::fault));
    }

    @Override
    public void close() {
      try (cluster) {
        faults.close();
      }
    }
  }

  private SharedClusters() {}

  /**
   * The run's cluster for these settings, started if none is yet.
   *
   * @throws TestAbortedException when the settings ask for real pods that this machine cannot run
   */
  static KubernetesCluster of(ExtensionContext context, TestSettings settings) {
    ClusterSettings wanted = settings.cluster();
    ExtensionContext.Store root = context.getRoot().getStore(RolloutTestExtension.STORE);
    KubernetesClusters.Choice choice =
        root.getOrComputeIfAbsent(
            new ChoiceKey(wanted),
            key -> KubernetesClusters.choose(wanted),
            KubernetesClusters.Choice.class);
    return root.getOrComputeIfAbsent(
            "cluster:" + choice.backend() + ":" + wanted.localPods(),
            key -> start(wanted, choice),
            ClusterResource.class)
        .cluster();
  }

  private static ClusterResource start(ClusterSettings settings, KubernetesClusters.Choice choice) {
    LOG.info(
        "Starting the Kubernetes cluster for this test run (backend {}, {} pods)",
        choice.backend(),
        settings.localPods());
    try {
      return ClusterResource.of(KubernetesClusters.start(settings, choice));
    } catch (RealPodsUnavailableException e) {
      throw new TestAbortedException(e.getMessage(), e);
    }
  }
}
