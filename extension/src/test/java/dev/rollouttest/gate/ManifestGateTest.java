package dev.rollouttest.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rollouttest.cluster.local.LocalCluster;
import dev.rollouttest.junit.UpgradeSource;
import dev.rollouttest.testing.LocalClusterExtension;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The manifest gate on the local backend: it passes a safe upgrade (and its undo), and fails each
 * unsafe manifest, naming file, document and field.
 */
@ExtendWith(LocalClusterExtension.class)
class ManifestGateTest {

  private static final Path GATE = Path.of("src/test/resources/gate");

  private final LocalCluster cluster;
  private String namespace;
  private KubernetesClient client;

  ManifestGateTest(LocalCluster cluster) {
    this.cluster = cluster;
  }

  @BeforeEach
  void namespace() {
    namespace = "gate-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    cluster.createNamespace(namespace, Map.of());
    client = cluster.client().adapt(NamespacedKubernetesClient.class).inNamespace(namespace);
  }

  @AfterEach
  void clean() {
    cluster.deleteNamespace(namespace);
  }

  @Test
  void a_safe_upgrade_and_its_undo_pass() {
    GateReport report =
        ManifestGate.upgrade(GATE.resolve("current"), GATE.resolve("next")).verify(client);

    assertThat(report.results())
        .extracting(GateReport.DeploymentResult::phase)
        .containsExactly("upgrade", "undo");
    assertThat(report.results())
        .allSatisfy(
            r -> {
              assertThat(r.complete()).isTrue();
              assertThat(r.violations()).isEmpty();
              assertThat(r.minAvailable()).isEqualTo(3);
              assertThat(r.timeline().moments()).hasSizeGreaterThan(10);
            });
    dev.rollouttest.assertions.RolloutAssertions.assertThat(
            client.apps().deployments().withName("web").get())
        .as("after the undo")
        .hasImage("web", "registry.example.com/shop/web:1.4.2");
    System.out.println(report.summary());
  }

  @Test
  void an_upgrade_that_also_scales_up_is_held_to_the_floor_before_the_scaling() {
    GateReport report =
        ManifestGate.upgrade(GATE.resolve("current"), GATE.resolve("next-scaled")).verify(client);

    GateReport.DeploymentResult upgrade = report.results().get(0);
    assertThat(upgrade.violations()).isEmpty();
    // 6 - maxUnavailable 0 would have been broken: only 3 pods were available at first
    assertThat(upgrade.minAvailable()).isEqualTo(3);
    assertThat(
            upgrade.timeline().moments().get(upgrade.timeline().moments().size() - 1).available())
        .isEqualTo(6);
  }

  @Test
  void manifests_that_run_nowhere_yet_are_checked_for_their_first_rollout() {
    GateReport report = ManifestGate.upgrade(null, GATE.resolve("next")).verify(client);

    assertThat(report.results())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.phase()).isEqualTo("first rollout");
              assertThat(r.complete()).isTrue();
              assertThat(r.violations()).as("a healthy creation keeps every invariant").isEmpty();
              assertThat(r.timeline().moments().get(0).available())
                  .as("recorded from before its first pod was available")
                  .isZero();
            });
    assertThat(report.summary()).startsWith("first rollout of " + GATE.resolve("next/web.yaml"));
  }

  @Test
  void an_upgrade_that_empties_the_service_fails_naming_the_service_selector() {
    AssertionError error =
        catchThrowableOfType(
            AssertionError.class,
            () ->
                ManifestGate.upgrade(GATE.resolve("current"), GATE.resolve("next-selector"))
                    .verify(client));

    assertThat(error)
        .hasMessageStartingWith("The manifest gate failed with ")
        .hasMessageContaining(
            "1. "
                + GATE.resolve("next-selector/web.yaml")
                + " document #2 (Service/web) spec.selector (was {app=web}, now {app=web,"
                + " track=v150}: the Service drops the old pods before new ones are ready): the"
                + " upgrade broke \"ready endpoints of Service web >= 1\" at ")
        .hasMessageContaining("Service web has 0 endpoints")
        .hasMessageContaining("ep:web");
    System.out.println(error.getMessage());
  }

  @Test
  void an_upgrade_whose_pods_fail_fails_fast_naming_the_template_and_is_undone() {
    AssertionError error =
        catchThrowableOfType(
            AssertionError.class,
            () ->
                ManifestGate.upgrade(GATE.resolve("current"), GATE.resolve("next-stuck"))
                    .timeout(Duration.ofSeconds(60))
                    .verify(client));

    assertThat(error)
        .hasMessageContaining(
            GATE.resolve("next-stuck/web.yaml")
                + " document #1 (Deployment/web) spec.template: the upgrade failed after ")
        .hasMessageContaining("ImagePullBackOff")
        .hasMessageContaining("The manifest gate failed with 1 problem(s)");
    dev.rollouttest.assertions.RolloutAssertions.assertThat(
            client.apps().deployments().withName("web").get())
        .as("after the undo")
        .hasImage("web", "registry.example.com/shop/web:1.4.2");
  }

  @ParameterizedTest
  @UpgradeSource(
      current = "src/test/resources/gate/current/web.yaml",
      next = "src/test/resources/gate/unsafe")
  void each_unsafe_manifest_fails_before_touching_the_cluster_naming_file_document_and_field(
      ManifestGate gate) throws Exception {
    String expected = Files.readAllLines(gate.next()).get(0).replaceFirst("^# expect: ", "");

    AssertionError error = catchThrowableOfType(AssertionError.class, () -> gate.verify(client));

    assertThat(gate.current()).hasValue(GATE.resolve("current/web.yaml"));
    assertThat(error)
        .hasMessageStartingWith(
            "The manifest gate failed with 1 problem(s):\n1. "
                + gate.next()
                + " "
                + expected
                + ": ");
    assertThat(client.apps().deployments().list().getItems()).as("nothing applied").isEmpty();
  }
}
