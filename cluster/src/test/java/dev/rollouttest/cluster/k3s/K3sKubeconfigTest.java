package dev.rollouttest.cluster.k3s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import org.junit.jupiter.api.Test;

/** Runs without Docker: the kubeconfig K3s writes gets this project's context name. */
class K3sKubeconfigTest {

  private static final String K3S_KUBECONFIG =
      """
      apiVersion: v1
      clusters:
      - cluster:
          certificate-authority-data: Q0E=
          server: https://localhost:32768
        name: default
      contexts:
      - context:
          cluster: default
          user: default
        name: default
      current-context: default
      kind: Config
      preferences: {}
      users:
      - name: default
        user:
          client-certificate-data: Q0VSVA==
          client-key-data: S0VZ
      """;

  @Test
  void renames_cluster_user_and_context() {
    Config renamed =
        KubeConfigUtils.parseConfigFromString(
            K3sCluster.renameContext(K3S_KUBECONFIG, "rollout-test-k3s"));

    assertThat(renamed.getCurrentContext()).isEqualTo("rollout-test-k3s");
    assertThat(renamed.getContexts().get(0).getName()).isEqualTo("rollout-test-k3s");
    assertThat(renamed.getContexts().get(0).getContext().getCluster())
        .isEqualTo("rollout-test-k3s");
    assertThat(renamed.getContexts().get(0).getContext().getUser()).isEqualTo("rollout-test-k3s");
    assertThat(renamed.getClusters().get(0).getName()).isEqualTo("rollout-test-k3s");
    assertThat(renamed.getClusters().get(0).getCluster().getServer())
        .isEqualTo("https://localhost:32768");
    assertThat(renamed.getUsers().get(0).getName()).isEqualTo("rollout-test-k3s");
    assertThat(renamed.getUsers().get(0).getUser().getClientKeyData()).isEqualTo("S0VZ");
  }
}
