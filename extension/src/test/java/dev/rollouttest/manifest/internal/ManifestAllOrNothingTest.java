package dev.rollouttest.manifest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollouttest.cluster.local.LocalCluster;
import dev.rollouttest.manifest.ManifestException;
import dev.rollouttest.testing.LocalClusterExtension;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A manifest with one document the API server refuses is applied not at all: every document is
 * checked by a server-side dry run before any is applied, and the message says so.
 */
@ExtendWith(LocalClusterExtension.class)
class ManifestAllOrNothingTest {

  private final LocalCluster cluster;
  private String namespace;
  private KubernetesClient client;

  ManifestAllOrNothingTest(LocalCluster cluster) {
    this.cluster = cluster;
  }

  @BeforeEach
  void namespace() {
    namespace = "all-or-nothing-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    cluster.createNamespace(namespace, Map.of());
    client = cluster.client().adapt(NamespacedKubernetesClient.class).inNamespace(namespace);
  }

  @AfterEach
  void clean() {
    cluster.deleteNamespace(namespace);
  }

  @Test
  void one_refused_document_applies_nothing_and_says_so() {
    var documents =
        ManifestParser.parse(
            "app.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: '1'}\n"
                + "---\n"
                + "apiVersion: v1\nkind: Service\nmetadata: {name: broken}\n"
                + "spec: {ports: [{port: 0}]}\n");

    assertThatThrownBy(() -> ManifestApplier.apply(client, namespace, documents))
        .isInstanceOf(ManifestException.class)
        .hasMessageStartingWith("app.yaml document #2 (Service/broken) was refused: ")
        .hasMessageContaining("spec.ports[0].port")
        .hasMessageEndingWith(
            "Nothing of the 2 documents was applied: the API server checks each (a dry run) before"
                + " any is.");
    assertThat(client.configMaps().withName("settings").get())
        .as("the valid document before the refused one")
        .isNull();
  }

  @Test
  void valid_documents_are_all_applied() {
    var documents =
        ManifestParser.parse(
            "app.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: '1'}\n"
                + "---\n"
                + "apiVersion: v1\nkind: Service\nmetadata: {name: fine}\n"
                + "spec: {ports: [{port: 80}]}\n");

    ManifestApplier.apply(client, namespace, documents);

    assertThat(client.configMaps().withName("settings").get()).isNotNull();
    assertThat(client.services().withName("fine").get()).isNotNull();
  }
}
