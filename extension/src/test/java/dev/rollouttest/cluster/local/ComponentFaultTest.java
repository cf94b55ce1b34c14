package dev.rollouttest.cluster.local;

import static dev.rollouttest.assertions.RolloutAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.rollouttest.rollout.ClusterFaults;
import dev.rollouttest.rollout.ClusterFaults.ClusterFaultException;
import dev.rollouttest.rollout.DeploymentRollout;
import dev.rollouttest.rollout.Rollouts;
import dev.rollouttest.testing.LocalClusterExtension;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A control plane component killed with SIGKILL in the middle of a rollout ends the wait for the
 * verdict within seconds, naming the component and quoting its log, instead of running into the
 * timeout and blaming the rollout.
 */
class ComponentFaultTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"kube-apiserver", "etcd", "kube-controller-manager", "kwok"})
  void a_component_killed_mid_rollout_is_named_at_once(String component) throws Exception {
    try (LocalCluster cluster = LocalCluster.start(LocalClusterExtension.settings());
        ClusterFaults.Registration faults =
            ClusterFaults.register(
                cluster.client().getConfiguration().getMasterUrl(), cluster::fault)) {
      cluster.createNamespace("fault", Map.of());
      KubernetesClient client =
          cluster
              .client()
              .adapt(io.fabric8.kubernetes.client.NamespacedKubernetesClient.class)
              .inNamespace("fault");
      client.apps().deployments().resource(deployment()).create();
      DeploymentRollout web = Rollouts.in(client).deployment("web");
      dev.rollouttest.rollout.internal.RolloutRecorder.awaitSettled(
          web, Duration.ofSeconds(60), dev.rollouttest.rollout.FailFast.onUnrecoverable());

      long pid = cluster.components().get(component);
      long[] killedAt = new long[1];
      // kill once the change has started: a new ReplicaSet exists, whose pods take 30 s to be
      // Ready,
      // so the rollout is in the middle
      CompletableFuture<Void> killer =
          CompletableFuture.runAsync(
              () -> {
                org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .until(
                        () ->
                            cluster
                                .client()
                                .apps()
                                .replicaSets()
                                .inNamespace("fault")
                                .list()
                                .getItems()
                                .stream()
                                .anyMatch(
                                    rs ->
                                        rs.getSpec()
                                            .getTemplate()
                                            .getSpec()
                                            .getContainers()
                                            .get(0)
                                            .getImage()
                                            .equals("nginx:1.27")));
                killedAt[0] = System.nanoTime();
                ProcessHandle.of(pid).orElseThrow().destroyForcibly();
              });

      Throwable thrown =
          catchThrowable(
              () ->
                  assertThat(
                          web.patchTemplate(
                              t -> {
                                t.getMetadata()
                                    .getAnnotations()
                                    .put("rollout-test.dev/ready-delay", "30s");
                                t.getSpec().getContainers().get(0).setImage("nginx:1.27");
                              }))
                      .completesWithin(Duration.ofSeconds(150)));
      long detected = System.nanoTime();
      killer.get(30, TimeUnit.SECONDS);

      assertThat(thrown)
          .isInstanceOf(ClusterFaultException.class)
          .hasMessageContaining("cannot be judged")
          .hasMessageContaining(
              "the local cluster's " + component + " exited with code 137 (SIGKILL)")
          .hasMessageContaining("Last lines of its log");
      Duration latency = Duration.ofNanos(detected - killedAt[0]);
      System.out.printf("%s killed: named after %d ms%n", component, latency.toMillis());
      assertThat(latency).isLessThan(Duration.ofSeconds(10));
      assertThat(cluster.fault()).isPresent();
    }
  }

  private static Deployment deployment() {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("web")
        .endMetadata()
        .withNewSpec()
        .withReplicas(2)
        .withNewSelector()
        .addToMatchLabels("app", "web")
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", "web")
        .addToAnnotations("rollout-test.dev/example", "fault")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("web")
        .withImage("nginx:1.26")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
