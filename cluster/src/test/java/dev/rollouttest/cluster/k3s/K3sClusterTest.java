package dev.rollouttest.cluster.k3s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouttest.cluster.ClusterSettings;
import dev.rollouttest.cluster.ConfigurationSource;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/** The K3s backend; needs a Docker engine, and is skipped with that reason where none answers. */
@EnabledIf(
    value = "dev.rollouttest.cluster.k3s.K3sCluster#dockerAvailable",
    disabledReason =
        "No Docker engine answers here; the k3s backend needs one that allows privileged containers")
class K3sClusterTest {

  @Test
  void starts_a_ready_k3s_of_the_same_minor_as_the_local_backend() {
    ClusterSettings settings =
        ClusterSettings.from(ConfigurationSource.of(Map.of(ClusterSettings.BACKEND, "k3s")));
    try (K3sCluster cluster = K3sCluster.start(settings)) {
      assertThat(cluster.backend()).isEqualTo("k3s");
      assertThat(cluster.realPods()).isTrue();
      assertThat(cluster.kubernetesVersion()).startsWith("v1.36.");
      assertThat(cluster.kubeconfig()).contains("current-context: \"" + K3sCluster.CONTEXT + "\"");
      assertThat(
              cluster
                  .client()
                  .apps()
                  .deployments()
                  .inNamespace("kube-system")
                  .withName("traefik")
                  .get())
          .isNull();
      assertThat(
              cluster
                  .client()
                  .apps()
                  .deployments()
                  .inNamespace("kube-system")
                  .withName("metrics-server")
                  .get())
          .isNull();
      assertThat(
              cluster.client().serviceAccounts().inNamespace("default").withName("default").get())
          .isNotNull();
    }
  }
}
