package dev.rollouttest.cluster.k3s;

import static dev.rollouttest.assertions.RolloutAssertions.assertThat;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofMinutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rollouttest.cluster.ClusterSettings;
import dev.rollouttest.cluster.ConfigurationSource;
import dev.rollouttest.probe.HttpProbe;
import dev.rollouttest.probe.ProbeResult;
import dev.rollouttest.rollout.DeploymentRollout;
import dev.rollouttest.testing.Manifests;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The HTTP prober on real pods: nginx behind a Service, probed through the API server's service
 * proxy during an upgrade. Needs a Docker engine; skipped with that reason where none answers.
 */
@EnabledIf(
    value = "dev.rollouttest.cluster.k3s.K3sCluster#dockerAvailable",
    disabledReason =
        "No Docker engine answers here; the k3s backend needs one that allows privileged containers")
class K3sZeroDowntimeProbeTest {

  private static K3sCluster cluster;

  @BeforeAll
  static void start() {
    cluster =
        K3sCluster.start(
            ClusterSettings.from(ConfigurationSource.of(Map.of(ClusterSettings.BACKEND, "k3s"))));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static DeploymentRollout nginx(String namespace, String strategy) {
    cluster.createNamespace(namespace, Map.of());
    KubernetesClient client =
        cluster.client().adapt(NamespacedKubernetesClient.class).inNamespace(namespace);
    DeploymentBuilder builder =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("web")
            .endMetadata()
            .withNewSpec()
            .withReplicas(3)
            .withNewSelector()
            .addToMatchLabels("app", "web")
            .endSelector()
            .withNewStrategy()
            .withType(strategy)
            .endStrategy()
            .withNewTemplate()
            .withNewMetadata()
            .addToLabels("app", "web")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("web")
            .withImage("nginx:1.26")
            .addNewPort()
            .withContainerPort(80)
            .endPort()
            .withNewReadinessProbe()
            .withNewHttpGet()
            .withPath("/")
            .withPort(new IntOrString(80))
            .endHttpGet()
            .withPeriodSeconds(1)
            .endReadinessProbe()
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec();
    if (strategy.equals("RollingUpdate")) {
      builder
          .editSpec()
          .editStrategy()
          .withNewRollingUpdate()
          .withMaxSurge(new IntOrString(1))
          .withMaxUnavailable(new IntOrString(0))
          .endRollingUpdate()
          .endStrategy()
          .endSpec();
    }
    Deployment d = builder.build();
    client.apps().deployments().resource(d).create();
    client.services().resource(Manifests.service("web")).create();
    // settled, not only complete: the Service lists every ready pod before anything is recorded
    DeploymentRollout web = DeploymentRollout.of(client, "web");
    var settled =
        dev.rollouttest.rollout.internal.RolloutRecorder.awaitSettled(
            web,
            java.time.Duration.ofMinutes(5),
            dev.rollouttest.rollout.FailFast.onUnrecoverable());
    org.assertj.core.api.Assertions.assertThat(settled.complete())
        .as("web settled: %s", settled.status().message())
        .isTrue();
    return web;
  }

  @Test
  void a_rolling_update_with_max_unavailable_0_answers_every_request() {
    DeploymentRollout web = nginx("probe-rolling", "RollingUpdate");

    var rollout =
        assertThat(web.updateImage("web", "nginx:1.27"))
            .probing(HttpProbe.service("web", 80).every(ofMillis(50)))
            .completesWithin(ofMinutes(5));

    ProbeResult result = rollout.probeResults().get(0);
    assertThat(result.failed()).isZero();
    assertThat(result.statusClasses()).containsKey("2xx");
    assertThat(rollout.timeline().moments()).isNotEmpty();
  }

  @Test
  void recreate_fails_the_probe_and_the_failures_sit_on_the_timeline() {
    DeploymentRollout web = nginx("probe-recreate", "Recreate");

    AssertionError error =
        catchThrowableOfType(
            AssertionError.class,
            () ->
                assertThat(web.updateImage("web", "nginx:1.27"))
                    .probing(HttpProbe.service("web", 80).every(ofMillis(50)))
                    .completesWithin(ofMinutes(5)));

    assertThat(error)
        .hasMessageContaining("to serve every probe within its tolerance, but:")
        .hasMessageContaining("failed request(s), 0 tolerated")
        .hasMessageContaining("HTTP probe failing: 503 (5xx)");
  }
}
