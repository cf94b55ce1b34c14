package dev.rollouttest.cluster.local;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;

/**
 * The nodes kwok simulates: Node objects that carry {@link LocalCluster#NODE_ANNOTATION}, which
 * kwok then keeps Ready and whose pods it plays.
 */
final class SimulatedNodes {

  private SimulatedNodes() {}

  /** Creates {@code count} nodes, {@code rollout-test-node-<i>}; returns their names. */
  static List<String> create(KubernetesClient client, int count) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = "rollout-test-node-" + i;
      Node node =
          new NodeBuilder()
              .withNewMetadata()
              .withName(name)
              .addToAnnotations(LocalCluster.NODE_ANNOTATION, "fake")
              .addToAnnotations("node.alpha.kubernetes.io/ttl", "0")
              .addToLabels("kubernetes.io/hostname", name)
              .addToLabels("kubernetes.io/os", "linux")
              .addToLabels("kubernetes.io/arch", "amd64")
              .addToLabels("type", "kwok")
              .endMetadata()
              .build();
      client.nodes().resource(node).create();
      names.add(name);
    }
    return names;
  }

  /**
   * Whether the scheduler may place pods on the node: it is Ready and has none of the {@code
   * node.kubernetes.io/} taints (not-ready, unreachable, ...) that the node lifecycle controller
   * sets.
   */
  static boolean isSchedulable(Node node) {
    return NodeReadiness.isReady(node)
        && (node.getSpec().getTaints() == null
            || node.getSpec().getTaints().stream()
                .noneMatch(t -> t.getKey().startsWith("node.kubernetes.io/")));
  }
}
