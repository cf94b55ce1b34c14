package dev.rollouttest.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouttest.cluster.ClusterSettings;
import dev.rollouttest.cluster.ConfigurationSource;
import dev.rollouttest.cluster.KubernetesCluster;
import dev.rollouttest.cluster.KubernetesClusters;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The library, compiled against JUnit Jupiter 5, used from a JUnit 6 test run. As the JUnit-facing
 * parts of the library grow (the {@code @RolloutTest} extension), their engine tests run here too.
 */
class RunsOnJunit6Test {

  @Test
  void this_run_is_on_junit_6() {
    assertThat(Test.class.getPackage().getImplementationVersion()).startsWith("6.");
    assertThat(org.junit.platform.engine.TestEngine.class.getPackage().getImplementationVersion())
        .startsWith("6.");
  }

  @Test
  void a_cluster_starts_and_serves_the_api() {
    ClusterSettings settings =
        ClusterSettings.from(
            ConfigurationSource.of(Map.of(ClusterSettings.LOCAL_POD_READY_DELAY, "200ms"))
                .orElse(ConfigurationSource.systemPropertiesAndEnvironment()));
    try (KubernetesCluster cluster = KubernetesClusters.start(settings)) {
      cluster.createNamespace("junit6", Map.of());
      assertThat(cluster.client().serviceAccounts().inNamespace("junit6").withName("default").get())
          .isNotNull();
      cluster.deleteNamespace("junit6");
    }
  }
}
