package dev.rollouttest.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouttest.cluster.KubernetesCluster;
import dev.rollouttest.gate.GateReport;
import dev.rollouttest.gate.ManifestGate;
import dev.rollouttest.junit.RolloutTest;
import dev.rollouttest.junit.UpgradeSource;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The CI gate of a pull request: for each manifest file of the candidate, check it with the
 * rollout-safety rules, apply what runs in production, roll out the candidate while checking the
 * invariants at every moment (availability, surge, Service endpoints, revisions), then undo back to
 * production under the same invariants. Each invocation gets a namespace of its own.
 */
@RolloutTest
class ReleaseGateExample {

  private static final String RELEASE = "src/test/resources/dev/rollouttest/examples/release/";

  @ParameterizedTest(name = "{argumentSetName}")
  @UpgradeSource(current = RELEASE + "production", next = RELEASE + "candidate")
  void the_candidate_rolls_out_safely_from_production_and_back(
      ManifestGate gate, KubernetesClient client, KubernetesCluster cluster) {
    GateReport report = gate.verify(client);

    assertThat(report.results())
        .extracting(r -> r.phase())
        .containsExactly("upgrade", "upgrade", "undo", "undo");
    GateReport.DeploymentResult webUpgrade = report.results().get(0);
    Examples.report(
        "release-gate",
        cluster,
        "%s -> %s: 2 Deployments upgraded and undone; web kept at least %d of 3 pods available over %d"
            + " moments, upgrade %s",
        java.nio.file.Path.of(RELEASE).relativize(gate.current().orElseThrow()),
        java.nio.file.Path.of(RELEASE).relativize(gate.next()),
        webUpgrade.minAvailable(),
        webUpgrade.timeline().moments().size(),
        webUpgrade.elapsed());
  }
}
