package dev.rollouttest.cluster.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollouttest.cluster.ClusterSettings;
import dev.rollouttest.cluster.ConfigurationSource;
import dev.rollouttest.cluster.KubernetesCluster;
import dev.rollouttest.cluster.local.LocalCluster;
import dev.rollouttest.testing.LocalClusterExtension;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The kubeconfig backend, against the local backend's kubeconfig: its guards fail closed. */
@ExtendWith(LocalClusterExtension.class)
class KubeconfigClusterTest {

  private final LocalCluster local;
  @TempDir Path dir;

  KubeconfigClusterTest(LocalCluster local) {
    this.local = local;
  }

  private ClusterSettings settings(Map<String, String> values) {
    Map<String, String> all = new HashMap<>(values);
    all.put(ClusterSettings.BACKEND, "kubeconfig");
    return ClusterSettings.from(ConfigurationSource.of(all));
  }

  /** The local cluster's kubeconfig with its context renamed, as if it were some other cluster. */
  private Path kubeconfigWithContext(String context) throws IOException {
    Path file = dir.resolve(context + ".kubeconfig");
    Files.writeString(file, local.kubeconfig().replace(LocalCluster.CONTEXT, context));
    return file;
  }

  @Test
  void connects_to_an_allowed_context_and_sees_simulated_pods() {
    try (KubernetesCluster cluster =
        KubeconfigCluster.connect(
            settings(Map.of(ClusterSettings.KUBECONFIG_PATH, local.kubeconfigFile().toString())))) {
      assertThat(cluster.backend()).isEqualTo("kubeconfig");
      assertThat(cluster.kubernetesVersion()).isEqualTo("v1.36.3");
      assertThat(cluster.realPods()).as("all nodes are kwok nodes").isFalse();
      assertThat(cluster.runId()).isNotEqualTo(local.runId());
    }
    assertThat(local.client().namespaces().withName("default").get())
        .as("the cluster is left running")
        .isNotNull();
  }

  @Test
  void refuses_a_context_that_is_not_on_the_allow_list() throws IOException {
    Path file = kubeconfigWithContext("prod-eu-west");

    assertThatIllegalStateException()
        .isThrownBy(
            () ->
                KubeconfigCluster.connect(
                    settings(Map.of(ClusterSettings.KUBECONFIG_PATH, file.toString()))))
        .withMessageStartingWith(
            "Refusing to run tests against kubeconfig context 'prod-eu-west' of "
                + file
                + ": it is not on the allow-list")
        .withMessageContaining("rollouttest.kubeconfig.allowedContexts=prod-eu-west");
  }

  @Test
  void accepts_that_context_once_it_is_named_exactly() throws IOException {
    Path file = kubeconfigWithContext("prod-eu-west");

    try (KubernetesCluster cluster =
        KubeconfigCluster.connect(
            settings(
                Map.of(
                    ClusterSettings.KUBECONFIG_PATH,
                    file.toString(),
                    ClusterSettings.KUBECONFIG_ALLOWED_CONTEXTS,
                    "prod-eu-west")))) {
      assertThat(cluster.client().namespaces().withName("default").get()).isNotNull();
    }
  }

  @Test
  void a_missing_context_or_file_is_named() throws IOException {
    Path file = kubeconfigWithContext("kind-ci");
    assertThatIllegalStateException()
        .isThrownBy(
            () ->
                KubeconfigCluster.connect(
                    settings(
                        Map.of(
                            ClusterSettings.KUBECONFIG_PATH,
                            file.toString(),
                            ClusterSettings.KUBECONFIG_CONTEXT,
                            "kind-other"))))
        .withMessage("Kubeconfig " + file + " has no context 'kind-other'; it has [kind-ci].");
    assertThatIllegalStateException()
        .isThrownBy(
            () ->
                KubeconfigCluster.connect(
                    settings(Map.of(ClusterSettings.KUBECONFIG_PATH, "/nonexistent/kc"))))
        .withMessageStartingWith("The kubeconfig backend found no kubeconfig at /nonexistent/kc");
  }

  @Test
  void never_changes_or_deletes_a_namespace_it_did_not_create() throws IOException {
    local
        .client()
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName("pre-existing").endMetadata().build())
        .createOr(existing -> existing.update());
    Path file = kubeconfigWithContext("kind-ci");

    try (KubernetesCluster cluster =
        KubeconfigCluster.connect(
            settings(Map.of(ClusterSettings.KUBECONFIG_PATH, file.toString())))) {
      var client = cluster.client();

      assertThatIllegalStateException()
          .isThrownBy(() -> cluster.deleteNamespace("pre-existing"))
          .withMessageContaining("Refusing to delete namespace 'pre-existing'")
          .withMessageContaining("it was not created by this test run");
      assertThatThrownBy(() -> client.namespaces().withName("pre-existing").delete())
          .isInstanceOf(KubernetesClientException.class)
          .hasStackTraceContaining("namespace 'pre-existing' was not created by this test run");
      assertThatThrownBy(
              () ->
                  client
                      .namespaces()
                      .withName("pre-existing")
                      .edit(
                          ns -> {
                            ns.getMetadata().setLabels(Map.of("touched", "yes"));
                            return ns;
                          }))
          .isInstanceOf(KubernetesClientException.class)
          .hasStackTraceContaining("will not change it");
      assertThatThrownBy(
              () ->
                  client
                      .configMaps()
                      .inNamespace("pre-existing")
                      .resource(
                          new ConfigMapBuilder()
                              .withNewMetadata()
                              .withName("x")
                              .endMetadata()
                              .build())
                      .create())
          .isInstanceOf(KubernetesClientException.class)
          .hasStackTraceContaining("will not write into it");

      cluster.createNamespace("kubeconfig-guard-own", Map.of());
      client
          .configMaps()
          .inNamespace("kubeconfig-guard-own")
          .resource(new ConfigMapBuilder().withNewMetadata().withName("x").endMetadata().build())
          .create();
      cluster.deleteNamespace("kubeconfig-guard-own");
    }

    var untouched = local.client().namespaces().withName("pre-existing").get();
    assertThat(untouched.getMetadata().getDeletionTimestamp()).isNull();
    assertThat(untouched.getMetadata().getLabels()).doesNotContainKey("touched");
    assertThat(local.client().configMaps().inNamespace("pre-existing").withName("x").get())
        .isNull();
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "- a\n- b\n",
        "just text\n",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n"
      })
  void a_file_that_is_not_a_kubeconfig_is_named(String content) throws IOException {
    Path file = dir.resolve("not-a.kubeconfig");
    Files.writeString(file, content);

    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                KubeconfigCluster.connect(
                    settings(Map.of(ClusterSettings.KUBECONFIG_PATH, file.toString()))))
        .withMessage(
            "Kubeconfig "
                + file
                + " (rollouttest.kubeconfig.path) is not a kubeconfig: expected a YAML map with"
                + " kind: Config, clusters and contexts.");
  }
}
