package dev.rollouttest.invariant;

import static dev.rollouttest.assertions.RolloutAssertions.assertThat;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouttest.cluster.local.LocalCluster;
import dev.rollouttest.model.Moment;
import dev.rollouttest.model.RolloutTimeline;
import dev.rollouttest.rollout.DeploymentRollout;
import dev.rollouttest.rollout.RolloutStatus;
import dev.rollouttest.testing.LocalClusterExtension;
import dev.rollouttest.testing.Manifests;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A 500-replica rollout is recorded with no missed transition. */
@ExtendWith(LocalClusterExtension.class)
class LargeRolloutRecordingTest {

  @Test
  void every_ready_transition_of_500_replicas_is_on_the_timeline(LocalCluster cluster) {
    String namespace = "large-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    cluster.createNamespace(namespace, Map.of());
    try {
      KubernetesClient client =
          cluster.client().adapt(NamespacedKubernetesClient.class).inNamespace(namespace);
      client
          .apps()
          .deployments()
          .resource(Manifests.deployment("big", 500, "app:1", Map.of()))
          .create();
      client
          .apps()
          .deployments()
          .withName("big")
          .waitUntilCondition(d -> RolloutStatus.of(d).done(), 5, TimeUnit.MINUTES);
      DeploymentRollout big = DeploymentRollout.of(client, "big");

      long started = System.nanoTime();
      var rollout =
          assertThat(big.updateImage("web", "app:2"))
              .holdsAtEveryMoment(
                  Invariant.minAvailableAsConfigured(), Invariant.maxSurgeRespected())
              .completesWithin(ofSeconds(300));
      RolloutTimeline timeline = rollout.timeline();
      System.out.printf(
          "500-replica rollout: %d timeline entries in %.1f s%n",
          timeline.moments().size(), (System.nanoTime() - started) / 1e9);

      // the recorder's final state equals a fresh list
      Moment last = timeline.moments().get(timeline.moments().size() - 1);
      List<Pod> pods = client.pods().withLabel("app", "big").list().getItems();
      List<String> freshReady =
          pods.stream()
              .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
              .filter(
                  p ->
                      p.getStatus().getConditions().stream()
                          .anyMatch(
                              c -> c.getType().equals("Ready") && c.getStatus().equals("True")))
              .map(p -> p.getMetadata().getName())
              .sorted()
              .toList();
      assertThat(last.readyPods()).hasSize(500).containsExactlyElementsOf(freshReady);
      assertThat(last.revisions().get(2L).desired()).isEqualTo(500);
      assertThat(last.revisions().get(1L).desired()).isZero();

      // every new pod became Ready through an event of its own on the timeline
      List<String> newPods =
          pods.stream()
              .filter(p -> p.getSpec().getContainers().get(0).getImage().equals("app:2"))
              .map(p -> p.getMetadata().getName())
              .toList();
      assertThat(newPods).hasSize(500);
      for (String pod : newPods) {
        Moment firstReady =
            timeline.moments().stream()
                .filter(s -> s.readyPods().contains(pod))
                .findFirst()
                .orElseThrow(() -> new AssertionError(pod + " never ready on the timeline"));
        assertThat(firstReady.event())
            .as("event that made %s ready", pod)
            .startsWith("Pod " + pod + " ");
      }
    } finally {
      cluster.deleteNamespace(namespace);
    }
  }
}
