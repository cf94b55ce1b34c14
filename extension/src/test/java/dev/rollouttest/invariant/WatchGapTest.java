package dev.rollouttest.invariant;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.rollouttest.assertions.RolloutOutcomeAssert;
import dev.rollouttest.cluster.local.LocalCluster;
import dev.rollouttest.model.Moment;
import dev.rollouttest.model.RolloutTimeline;
import dev.rollouttest.rollout.DeploymentRollout;
import dev.rollouttest.rollout.RolloutStatus;
import dev.rollouttest.rollout.internal.RolloutRecorder;
import dev.rollouttest.testing.CuttableProxy;
import dev.rollouttest.testing.LocalClusterExtension;
import dev.rollouttest.testing.Manifests;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Watches that drop in the middle of a rollout: no transition is lost, and the gap is marked. */
@ExtendWith(LocalClusterExtension.class)
class WatchGapTest {

  @Test
  void a_cut_network_is_marked_and_the_final_state_equals_a_fresh_list(LocalCluster cluster)
      throws Exception {
    String namespace = "gap-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    cluster.createNamespace(namespace, Map.of());
    int apiserverPort = cluster.client().getMasterUrl().getPort();
    try (CuttableProxy proxy = new CuttableProxy(apiserverPort);
        KubernetesClient proxied =
            new KubernetesClientBuilder()
                .withConfig(
                    new ConfigBuilder(cluster.client().getConfiguration())
                        .withMasterUrl("https://127.0.0.1:" + proxy.port())
                        .withNamespace(namespace)
                        .withRequestRetryBackoffLimit(20)
                        .build())
                .build()) {
      KubernetesClient direct = cluster.client();
      direct
          .apps()
          .deployments()
          .inNamespace(namespace)
          .resource(Manifests.deployment("web", 20, "app:1", Map.of()))
          .create();
      direct
          .apps()
          .deployments()
          .inNamespace(namespace)
          .withName("web")
          .waitUntilCondition(d -> RolloutStatus.of(d).done(), 2, TimeUnit.MINUTES);

      DeploymentRollout web = DeploymentRollout.of(proxied, "web");
      RolloutRecorder recorder = RolloutRecorder.start(web, List.of(), List.of());
      var sent =
          DeploymentRollout.of(
                  direct
                      .adapt(io.fabric8.kubernetes.client.NamespacedKubernetesClient.class)
                      .inNamespace(namespace),
                  "web")
              .updateImage("web", "app:2")
              .apply();
      recorder.changeGeneration(sent.deployment().getMetadata().getGeneration());
      // the rollout is under way: a pod of the new revision is Ready
      await().atMost(ofSeconds(60)).until(() -> readyPods(direct, namespace, "app:2").size() >= 1);
      proxy.cut(true);
      // the rest of the rollout happens while the recorder is blind, and its watches knock in vain
      direct
          .apps()
          .deployments()
          .inNamespace(namespace)
          .withName("web")
          .waitUntilCondition(d -> RolloutStatus.of(d).done(), 2, TimeUnit.MINUTES);
      await().atMost(ofSeconds(60)).until(() -> proxy.refused() >= 1);
      proxy.heal();
      List<String> freshReady = readyPods(direct, namespace, null);
      await()
          .atMost(ofSeconds(60))
          .until(
              () -> {
                RolloutTimeline sofar = recorder.timelineSoFar();
                Moment latest = sofar.moments().get(sofar.moments().size() - 1);
                return List.copyOf(latest.readyPods()).equals(freshReady)
                    && sofar.moments().stream()
                        .anyMatch(s -> s.event().startsWith("watch gap ends: the Pod watch"));
              });
      RolloutTimeline timeline = recorder.stop();

      Moment last = timeline.moments().get(timeline.moments().size() - 1);
      assertThat(last.readyPods()).containsExactlyElementsOf(freshReady).hasSize(20);
      List<String> events = timeline.moments().stream().map(Moment::event).toList();
      System.out.printf(
          "Pod watch blind from %s to %s; %d moments recorded%n",
          timeline.moments().stream()
              .filter(e -> e.event().startsWith("watch gap: the Pod"))
              .findFirst()
              .map(Moment::at)
              .orElse(null),
          timeline.moments().stream()
              .filter(e -> e.event().startsWith("watch gap ends: the Pod"))
              .findFirst()
              .map(Moment::at)
              .orElse(null),
          timeline.moments().size());
      assertThat(events)
          .containsSubsequence(
              "watch gap: the Pod watch stopped; it is being re-established",
              "watch gap ends: the Pod watch is back; the moments since the gap began arrived late");
      // every pod of the new revision became Ready on the timeline, through an event of its own
      for (String pod : freshReady) {
        assertThat(timeline.moments())
            .filteredOn(s -> s.readyPods().contains(pod))
            .first()
            .extracting(Moment::event)
            .asString()
            .startsWith("Pod " + pod + " ");
      }
    } finally {
      cluster.deleteNamespace(namespace);
    }
  }

  @Test
  void an_api_server_restart_mid_rollout_is_a_gap_that_the_verdict_names(LocalCluster cluster)
      throws Exception {
    String namespace = "restart-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    cluster.createNamespace(namespace, Map.of());
    try {
      KubernetesClient client =
          cluster
              .client()
              .adapt(io.fabric8.kubernetes.client.NamespacedKubernetesClient.class)
              .inNamespace(namespace);
      client
          .apps()
          .deployments()
          .resource(Manifests.deployment("web", 6, "app:1", Map.of()))
          .create();
      DeploymentRollout web = DeploymentRollout.of(client, "web");
      assertThat(
              RolloutRecorder.awaitSettled(
                      web, ofSeconds(60), dev.rollouttest.rollout.FailFast.onUnrecoverable())
                  .complete())
          .isTrue();

      // by default the verdict passes, and its timeline names what went unchecked
      var passed = upgradeRestartingTheApiServer(cluster, client, web, "app:2", false).get();
      assertThat(passed.outcome().complete()).isTrue();
      assertThat(passed.timeline().gaps())
          .isNotEmpty()
          .allSatisfy(g -> assertThat(g.to()).isGreaterThan(g.from()))
          .anySatisfy(g -> assertThat(g.watch()).isEqualTo("Pod"));
      System.out.println("gaps over an API server restart: " + passed.timeline().gaps());

      // failingOnWatchGaps: the same rollout fails, naming the interval
      var failed = upgradeRestartingTheApiServer(cluster, client, web, "app:3", true);
      assertThatThrownBy(failed::get)
          .isInstanceOf(java.util.concurrent.ExecutionException.class)
          .cause()
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("to be checked at every moment,")
          .hasMessageMatching(
              "(?s).*but it was not checked between \\d+\\.\\d{3}s and \\d+\\.\\d{3}s \\(the"
                  + " (Deployment|ReplicaSet|Pod|EndpointSlice) watch was down\\).*")
          .hasMessageContaining("were replaced by a re-list that shows only the state at its end");
    } finally {
      cluster.deleteNamespace(namespace);
    }
  }

  /**
   * Sends an image update through a rollout assertion on another thread, and restarts the API
   * server once a pod of the new revision exists.
   */
  private static java.util.concurrent.CompletableFuture<RolloutOutcomeAssert>
      upgradeRestartingTheApiServer(
          LocalCluster cluster,
          KubernetesClient client,
          DeploymentRollout web,
          String image,
          boolean failOnGaps) {
    var change =
        web.patchTemplate(
            t -> {
              t.getMetadata().getAnnotations().put("rollout-test.dev/ready-delay", "1s");
              t.getSpec().getContainers().get(0).setImage(image);
            });
    var rollout =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              var assertion =
                  dev.rollouttest.assertions.RolloutAssertions.assertThat(change)
                      .holdsAtEveryMoment(Invariant.minAvailableAsConfigured());
              return (failOnGaps ? assertion.failingOnWatchGaps() : assertion)
                  .completesWithin(ofSeconds(120));
            });
    await()
        .atMost(ofSeconds(60))
        .ignoreExceptions()
        .until(
            () ->
                client.pods().withLabel("app", "web").list().getItems().stream()
                    .anyMatch(p -> image.equals(p.getSpec().getContainers().get(0).getImage())));
    cluster.restart("kube-apiserver");
    return rollout;
  }

  /** Ready pods not being deleted, sorted; of one image, or all when {@code image} is null. */
  private static List<String> readyPods(KubernetesClient client, String namespace, String image) {
    return client.pods().inNamespace(namespace).withLabel("app", "web").list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(WatchGapTest::ready)
        .filter(p -> image == null || image.equals(p.getSpec().getContainers().get(0).getImage()))
        .map(p -> p.getMetadata().getName())
        .sorted()
        .toList();
  }

  private static boolean ready(Pod p) {
    return p.getStatus().getConditions().stream()
        .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }
}
