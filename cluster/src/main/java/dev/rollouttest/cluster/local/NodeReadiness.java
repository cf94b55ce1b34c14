package dev.rollouttest.cluster.local;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Whether a Node is Ready, and the wait for the real node to become so. */
final class NodeReadiness {

  private static final Logger LOG = LoggerFactory.getLogger(NodeReadiness.class);

  private NodeReadiness() {}

  /**
   * Waits, on a watch of the Node, until kubelet has registered it Ready; in slices of at most a
   * second, asking in between whether a node process or a control plane component died.
   *
   * @throws IllegalStateException when one died or the deadline passed, with the node's log tails
   */
  static void await(
      RealNode node, KubernetesClient client, long deadline, BooleanSupplier controlPlaneAlive) {
    while (true) {
      Optional<String> dead = node.deadComponent();
      if (dead.isPresent()) {
        throw new IllegalStateException(
            "The real node did not become Ready: " + dead.get() + "\n" + node.logTails());
      }
      if (!controlPlaneAlive.getAsBoolean()) {
        throw new IllegalStateException(
            "A control plane component stopped while the real node was starting");
      }
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      try {
        Node ready =
            client
                .nodes()
                .withName(node.name())
                .waitUntilCondition(
                    NodeReadiness::isReady,
                    Math.max(1, Math.min(left, 1000)),
                    TimeUnit.MILLISECONDS);
        LOG.info(
            "Real node {} Ready: {} via {}, pods {}; directory {}",
            node.name(),
            ready.getStatus().getNodeInfo().getContainerRuntimeVersion(),
            node.hostInterface(),
            node.podCidr(),
            node.directory());
        return;
      } catch (KubernetesClientTimeoutException slice) {
        if (left <= 1000) {
          Node last = client.nodes().withName(node.name()).get();
          throw new IllegalStateException(
              "Timed out waiting for the real node "
                  + node.name()
                  + " to be Ready (last: "
                  + readyCondition(last)
                      .map(c -> c.getReason() + ": " + c.getMessage())
                      .orElse(last == null ? "not registered yet" : "no Ready condition")
                  + ")\n"
                  + node.logTails());
        }
      }
    }
  }

  /** Whether the Node exists and its Ready condition is True. */
  static boolean isReady(Node node) {
    return readyCondition(node).map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  private static Optional<NodeCondition> readyCondition(Node node) {
    if (node == null || node.getStatus() == null || node.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return node.getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .findFirst();
  }
}
