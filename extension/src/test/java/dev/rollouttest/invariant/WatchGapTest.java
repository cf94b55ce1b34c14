package dev.rollouttest.invariant;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rollouttest.cluster.local.LocalCluster;
import dev.rollouttest.model.RolloutTimeline;
import dev.rollouttest.model.Snapshot;
import dev.rollouttest.rollout.DeploymentRollout;
import dev.rollouttest.rollout.RolloutStatus;
import dev.rollouttest.testing.CuttableProxy;
import dev.rollouttest.testing.LocalClusterExtension;
import dev.rollouttest.testing.Manifests;
import dev.rollouttest.watch.RolloutRecorder;
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
                Snapshot latest = sofar.entries().get(sofar.entries().size() - 1);
                return List.copyOf(latest.readyPods()).equals(freshReady)
                    && sofar.entries().stream()
                        .anyMatch(s -> s.event().startsWith("watch gap ends: the Pod watch"));
              });
      RolloutTimeline timeline = recorder.stop();

      Snapshot last = timeline.entries().get(timeline.entries().size() - 1);
      assertThat(last.readyPods()).containsExactlyElementsOf(freshReady).hasSize(20);
      List<String> events = timeline.entries().stream().map(Snapshot::event).toList();
      System.out.printf(
          "Pod watch blind from %s to %s; %d moments recorded%n",
          timeline.entries().stream()
              .filter(e -> e.event().startsWith("watch gap: the Pod"))
              .findFirst()
              .map(Snapshot::at)
              .orElse(null),
          timeline.entries().stream()
              .filter(e -> e.event().startsWith("watch gap ends: the Pod"))
              .findFirst()
              .map(Snapshot::at)
              .orElse(null),
          timeline.entries().size());
      assertThat(events)
          .containsSubsequence(
              "watch gap: the Pod watch stopped; it is being re-established",
              "watch gap ends: the Pod watch is back; the entries since the gap began arrived late");
      // every pod of the new revision became Ready on the timeline, through an event of its own
      for (String pod : freshReady) {
        assertThat(timeline.entries())
            .filteredOn(s -> s.readyPods().contains(pod))
            .first()
            .extracting(Snapshot::event)
            .asString()
            .startsWith("Pod " + pod + " ");
      }
    } finally {
      cluster.deleteNamespace(namespace);
    }
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
