package dev.rollouttest.manifest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollouttest.cluster.local.LocalCluster;
import dev.rollouttest.manifest.ManifestDocument;
import dev.rollouttest.manifest.ManifestException;
import dev.rollouttest.testing.LocalClusterExtension;
import dev.rollouttest.testing.Manifests;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A manifest that sets a field another field manager owns is a conflict, reported with the
 * manager's name and the field; forcing takes the field over, as {@code kubectl apply --server-side
 * --force-conflicts} does.
 */
@ExtendWith(LocalClusterExtension.class)
class ManifestConflictTest {

  private final LocalCluster cluster;
  private String namespace;
  private KubernetesClient client;

  ManifestConflictTest(LocalCluster cluster) {
    this.cluster = cluster;
  }

  @BeforeEach
  void namespace() {
    namespace = "conflict-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    cluster.createNamespace(namespace, Map.of());
    client = cluster.client().adapt(NamespacedKubernetesClient.class).inNamespace(namespace);
  }

  @AfterEach
  void clean() {
    cluster.deleteNamespace(namespace);
  }

  @Test
  void a_field_another_manager_owns_is_a_conflict_named_by_manager_and_field_unless_forced() {
    Deployment web = Manifests.deployment("web", 2, "nginx:1.26", Map.of());
    ManifestDocument document = new ManifestDocument("web.yaml", 1, 1, web);
    ManifestApplier.apply(client, namespace, List.of(document));
    // someone else scales it, with a manager of their own
    Deployment scaled = Manifests.deployment("web", 5, "nginx:1.26", Map.of());
    client
        .apps()
        .deployments()
        .resource(scaled)
        .fieldManager("kubectl-scale-by-hand")
        .forceConflicts()
        .serverSideApply();

    assertThatThrownBy(() -> ManifestApplier.apply(client, namespace, List.of(document)))
        .isInstanceOf(ManifestException.class)
        .hasMessageStartingWith(
            "web.yaml document #1 (Deployment/web) conflicts with another field manager: ")
        .hasMessageContaining("kubectl-scale-by-hand")
        .hasMessageContaining(".spec.replicas")
        .hasMessageContaining("Leave the field out of the manifest, or force the apply");
    assertThat(client.apps().deployments().withName("web").get().getSpec().getReplicas())
        .as("nothing taken over")
        .isEqualTo(5);

    ManifestApplier.apply(client, namespace, List.of(document), true);
    assertThat(client.apps().deployments().withName("web").get().getSpec().getReplicas())
        .isEqualTo(2);
  }
}
