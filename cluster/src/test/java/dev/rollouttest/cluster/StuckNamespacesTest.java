package dev.rollouttest.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rollouttest.testing.LocalClusterExtension;
import dev.rollouttest.testing.Manifests;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A namespace that a finalizer keeps Terminating is reported with the object and the finalizer; one
 * that deletes normally, pods and all, is not. On the local backend, whose kube-controller-manager
 * runs the namespace controller that writes the conditions read here.
 */
@ExtendWith(LocalClusterExtension.class)
class StuckNamespacesTest {

  private static final String NEVER = "example.com/never";

  private final KubernetesCluster cluster;
  private final KubernetesClient client;

  StuckNamespacesTest(KubernetesCluster cluster) {
    this.cluster = cluster;
    this.client = cluster.client();
  }

  @Test
  void a_namespace_kept_by_a_finalizer_is_reported_with_the_object_and_the_finalizer() {
    String namespace = "stuck-" + System.nanoTime() % 100_000;
    cluster.createNamespace(namespace, Map.of());
    client
        .configMaps()
        .inNamespace(namespace)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("blocker")
                .withFinalizers(NEVER)
                .endMetadata()
                .build())
        .create();
    try {
      cluster.deleteNamespace(namespace);

      // the namespace controller looks at a deleted namespace 5 s after its deletion
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> judged(client.namespaces().withName(namespace).get()));

      List<String> stuck = about(namespace, cluster.stuckNamespaces(Duration.ofSeconds(1)));

      assertThat(stuck)
          .singleElement()
          .asString()
          .startsWith(
              "namespace "
                  + namespace
                  + " is still Terminating: ConfigMap blocker has finalizer "
                  + NEVER
                  + " (condition")
          .contains(
              "NamespaceFinalizersRemaining: Some content in the namespace has finalizers"
                  + " remaining: "
                  + NEVER
                  + " in 1 resource instances");
    } finally {
      client
          .configMaps()
          .inNamespace(namespace)
          .withName("blocker")
          .edit(
              cm -> {
                cm.getMetadata().setFinalizers(List.of());
                return cm;
              });
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> client.namespaces().withName(namespace).get() == null);
    assertThat(about(namespace, cluster.stuckNamespaces(Duration.ZERO))).isEmpty();
  }

  @Test
  void a_namespace_that_deletes_normally_is_not_reported() {
    String namespace = "deleting-" + System.nanoTime() % 100_000;
    cluster.createNamespace(namespace, Map.of());
    client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .resource(Manifests.deployment("web", 2, "nginx:1.26", Map.of()))
        .create();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                client.pods().inNamespace(namespace).list().getItems().stream()
                        .filter(p -> "Running".equals(p.getStatus().getPhase()))
                        .count()
                    == 2);

    cluster.deleteNamespace(namespace);

    assertThat(about(namespace, cluster.stuckNamespaces(Duration.ofSeconds(30)))).isEmpty();
    assertThat(client.namespaces().withName(namespace).get())
        .as("gone, or judged by the namespace controller")
        .satisfiesAnyOf(ns -> assertThat(ns).isNull(), ns -> assertThat(judged(ns)).isTrue());
  }

  /** Whether the namespace controller has made a pass over the namespace: it wrote conditions. */
  private static boolean judged(Namespace ns) {
    return ns.getStatus().getConditions() != null && !ns.getStatus().getConditions().isEmpty();
  }

  /** The lines about one namespace: the cluster is shared with other tests that delete theirs. */
  private static List<String> about(String namespace, List<String> stuck) {
    return stuck.stream().filter(l -> l.startsWith("namespace " + namespace + " ")).toList();
  }
}
