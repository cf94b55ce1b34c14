package dev.rollouttest.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.rollouttest.cluster.KubernetesCluster;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Runs users' test classes ({@link EngineTestCase}s) through the JUnit engine against an existing
 * cluster, reached through the kubeconfig backend, so that every engine run shares it.
 */
final class EngineRuns {

  private EngineRuns() {}

  static EngineExecutionResults run(
      KubernetesCluster cluster,
      Path diagnostics,
      Map<String, String> parameters,
      Class<?>... testCases) {
    var kit =
        EngineTestKit.engine("junit-jupiter")
            .selectors(
                Arrays.stream(testCases)
                    .map(c -> (ClassSelector) selectClass(c))
                    .toArray(ClassSelector[]::new))
            .configurationParameter("rollouttest.backend", "kubeconfig")
            .configurationParameter(
                "rollouttest.kubeconfig.path", cluster.kubeconfigFile().toString())
            .configurationParameter(RolloutTest.DIAGNOSTICS_KEY, diagnostics.toString())
            .configurationParameter(
                RolloutTest.REPORTS_DIRECTORY_KEY, diagnostics.resolve("_pages").toString());
    parameters.forEach(kit::configurationParameter);
    return kit.execute();
  }
}
