package dev.rollouttest.cluster.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouttest.cluster.KubernetesCluster;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NamespaceGuardTest {

  private static final Map<String, Namespace> CLUSTER =
      Map.of(
          "mine", namespace("mine", "run-1"),
          "other-run", namespace("other-run", "run-2"),
          "default",
              new NamespaceBuilder().withNewMetadata().withName("default").endMetadata().build());

  private final NamespaceGuard guard = new NamespaceGuard("run-1", CLUSTER::get);

  private static Namespace namespace(String name, String runId) {
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels(KubernetesCluster.RUN_ID_LABEL, runId)
        .endMetadata()
        .build();
  }

  @Test
  void reads_always_pass() {
    assertThat(guard.check("GET", "/api/v1/namespaces/default/pods")).isEmpty();
    assertThat(guard.check("GET", "/api/v1/namespaces/kube-system")).isEmpty();
  }

  @Test
  void writes_into_namespaces_of_this_run_pass() {
    assertThat(guard.check("POST", "/apis/apps/v1/namespaces/mine/deployments")).isEmpty();
    assertThat(guard.check("PATCH", "/apis/apps/v1/namespaces/mine/deployments/web")).isEmpty();
    assertThat(guard.check("DELETE", "/api/v1/namespaces/mine")).isEmpty();
    assertThat(guard.check("POST", "/api/v1/namespaces")).isEmpty();
  }

  @Test
  void cluster_scoped_writes_pass() {
    assertThat(guard.check("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions"))
        .isEmpty();
  }

  @Test
  void deleting_a_namespace_the_run_did_not_create_is_refused() {
    assertThat(guard.check("DELETE", "/api/v1/namespaces/default"))
        .contains(
            "Refusing DELETE /api/v1/namespaces/default: namespace 'default' was not created by this test run"
                + " (run run-1), so rollout-test will not delete it. Tests on an existing cluster work only in"
                + " namespaces created through KubernetesCluster.createNamespace.");
    assertThat(guard.check("DELETE", "/api/v1/namespaces/other-run")).isPresent();
    assertThat(guard.check("DELETE", "/api/v1/namespaces/unknown")).isPresent();
  }

  @Test
  void changing_or_writing_into_a_foreign_namespace_is_refused() {
    assertThat(guard.check("PATCH", "/api/v1/namespaces/default"))
        .hasValueSatisfying(m -> assertThat(m).contains("will not change it"));
    assertThat(guard.check("PUT", "/api/v1/namespaces/default/finalize"))
        .hasValueSatisfying(m -> assertThat(m).contains("will not change it"));
    assertThat(guard.check("POST", "/api/v1/namespaces/default/configmaps"))
        .hasValueSatisfying(m -> assertThat(m).contains("will not write into it"));
    assertThat(guard.check("DELETE", "/apis/apps/v1/namespaces/other-run/deployments/web"))
        .isPresent();
  }

  @Test
  void deleting_the_namespace_collection_is_always_refused() {
    assertThat(guard.check("DELETE", "/api/v1/namespaces"))
        .contains(
            "Refusing DELETE /api/v1/namespaces: it would delete namespaces this test run did not create.");
  }
}
