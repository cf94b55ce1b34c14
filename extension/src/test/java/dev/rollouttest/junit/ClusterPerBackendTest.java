package dev.rollouttest.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.rollouttest.cluster.ClusterSettings;
import dev.rollouttest.cluster.KubernetesCluster;
import dev.rollouttest.cluster.KubernetesClusters;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * One cluster per backend, by the backend {@code auto} resolves to: a class that says {@code auto}
 * and one that says {@code local} share the cluster where {@code auto} means {@code local}. The
 * engine run starts a local cluster of its own and stops it when it ends.
 */
class ClusterPerBackendTest {

  static final Map<String, String> SEEN = new ConcurrentHashMap<>();

  @TempDir Path diagnostics;

  @EngineTestCase
  @RolloutTest(backend = "auto")
  static class AutoTestCase {
    @Test
    void cluster(KubernetesCluster cluster) {
      SEEN.put("auto", cluster.runId());
      SEEN.put("auto.backend", cluster.backend());
    }
  }

  @EngineTestCase
  @RolloutTest(backend = "local")
  static class LocalTestCase {
    @Test
    void cluster(KubernetesCluster cluster) {
      SEEN.put("local", cluster.runId());
    }
  }

  @Test
  void auto_and_the_backend_it_resolves_to_start_one_cluster() {
    assumeThat(KubernetesClusters.choose(ClusterSettings.fromEnvironment().withBackend("auto")))
        .as("auto resolves to local on this machine (no Docker engine)")
        .extracting(KubernetesClusters.Choice::backend)
        .isEqualTo("local");

    // the log goes to System.err, looked up at each line (slf4j-simple's default)
    PrintStream err = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    try {
      EngineTestKit.engine("junit-jupiter")
          .selectors(selectClass(AutoTestCase.class), selectClass(LocalTestCase.class))
          .configurationParameter(RolloutTest.DIAGNOSTICS_KEY, diagnostics.toString())
          .execute()
          .testEvents()
          .assertStatistics(s -> s.succeeded(2).failed(0));
    } finally {
      System.setErr(err);
      err.print(log.toString(StandardCharsets.UTF_8));
    }

    assertThat(SEEN.get("auto.backend")).isEqualTo("local");
    assertThat(SEEN.get("auto")).as("the run id of the one cluster").isEqualTo(SEEN.get("local"));
    assertThat(log.toString(StandardCharsets.UTF_8).lines())
        .filteredOn(line -> line.contains("Starting the Kubernetes cluster for this test run"))
        .singleElement()
        .asString()
        .contains("(backend local, simulated pods)");
  }
}
