package dev.rollouttest.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouttest.cluster.KubernetesCluster;
import dev.rollouttest.junit.Manifest;
import dev.rollouttest.junit.RolloutTest;
import dev.rollouttest.junit.TestNamespace;
import dev.rollouttest.rollout.RolloutStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@code @RolloutTest}, compiled against JUnit Jupiter 5, run by the JUnit 6 engine. */
@RolloutTest
@Manifest("web.yaml")
class RunsOnJunit6Test {

  @TestNamespace String namespace;

  @Test
  void this_run_is_on_junit_6() {
    assertThat(Test.class.getPackage().getImplementationVersion()).startsWith("6.");
    assertThat(org.junit.platform.engine.TestEngine.class.getPackage().getImplementationVersion())
        .startsWith("6.");
  }

  @Test
  void the_extension_gives_a_namespace_with_the_manifest_rolled_out(
      KubernetesClient client, KubernetesCluster cluster) {
    assertThat(namespace).startsWith("runsonjunit6test-the-extension-gives");
    assertThat(client.getNamespace()).isEqualTo(namespace);
    assertThat(RolloutStatus.of(client.apps().deployments().withName("web").get()).done()).isTrue();
    assertThat(cluster.client().namespaces().withName(namespace).get().getMetadata().getLabels())
        .containsEntry(KubernetesCluster.RUN_ID_LABEL, cluster.runId());
  }

  @Nested
  class InANestedClass {
    @Test
    void a_nested_test_gets_a_namespace_of_its_own_with_the_manifest_rolled_out(
        KubernetesClient client) {
      assertThat(namespace).startsWith("inanestedclass-a-nested-test-gets");
      assertThat(client.getNamespace()).isEqualTo(namespace);
      assertThat(RolloutStatus.of(client.apps().deployments().withName("web").get()).done())
          .isTrue();
    }
  }
}
