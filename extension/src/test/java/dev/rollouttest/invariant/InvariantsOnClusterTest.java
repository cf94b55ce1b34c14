package dev.rollouttest.invariant;

import static dev.rollouttest.assertions.RolloutAssertions.assertThat;
import static dev.rollouttest.invariant.Invariant.maxSurgeRespected;
import static dev.rollouttest.invariant.Invariant.minAvailable;
import static dev.rollouttest.invariant.Invariant.minAvailableAsConfigured;
import static dev.rollouttest.invariant.Invariant.minReadyEndpoints;
import static dev.rollouttest.invariant.Invariant.onlyOldAndNewRevisions;
import static dev.rollouttest.invariant.Invariant.revisionAdvancesAsExpected;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rollouttest.cluster.local.LocalCluster;
import dev.rollouttest.model.RolloutTimeline;
import dev.rollouttest.rollout.DeploymentRollout;
import dev.rollouttest.testing.LocalClusterExtension;
import dev.rollouttest.testing.Manifests;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The invariant engine catches real violations on the local backend, and passes good rollouts. */
@ExtendWith(LocalClusterExtension.class)
class InvariantsOnClusterTest {

  private final LocalCluster cluster;
  private String namespace;
  private KubernetesClient client;

  InvariantsOnClusterTest(LocalCluster cluster) {
    this.cluster = cluster;
  }

  @BeforeEach
  void namespace() {
    namespace = "invariants-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    cluster.createNamespace(namespace, Map.of());
    client = cluster.client().adapt(NamespacedKubernetesClient.class).inNamespace(namespace);
  }

  @AfterEach
  void clean() {
    cluster.deleteNamespace(namespace);
  }

  private DeploymentRollout web(Consumer<Deployment> strategy) {
    Deployment d = Manifests.deployment("web", 4, "nginx:1.26", Map.of());
    strategy.accept(d);
    client.apps().deployments().resource(d).create();
    client.services().resource(Manifests.service("web")).create();
    // settled, not only complete: the Service lists every ready pod before anything is recorded
    DeploymentRollout web = DeploymentRollout.of(client, "web");
    var settled =
        dev.rollouttest.rollout.internal.RolloutRecorder.awaitSettled(
            web, ofSeconds(60), dev.rollouttest.rollout.FailFast.onUnrecoverable());
    org.assertj.core.api.Assertions.assertThat(settled.complete())
        .as("web settled: %s", settled.status().message())
        .isTrue();
    return web;
  }

  private static Consumer<Deployment> rolling(String surge, String unavailable) {
    return d -> {
      d.getSpec().getStrategy().getRollingUpdate().setMaxSurge(intOrPercent(surge));
      d.getSpec().getStrategy().getRollingUpdate().setMaxUnavailable(intOrPercent(unavailable));
    };
  }

  private static IntOrString intOrPercent(String value) {
    return value.endsWith("%") ? new IntOrString(value) : new IntOrString(Integer.parseInt(value));
  }

  @Test
  void max_unavailable_0_keeps_every_replica_available_at_every_moment() {
    DeploymentRollout web = web(rolling("1", "0"));

    var rollout =
        assertThat(web.updateImage("web", "nginx:1.27"))
            .holdsAtEveryMoment(
                minAvailable(4),
                minAvailableAsConfigured(),
                maxSurgeRespected(),
                minReadyEndpoints("web", 1))
            .watchingServices("web")
            .completesWithin(ofSeconds(60));

    RolloutTimeline timeline = rollout.timeline();
    assertThat(timeline.moments()).hasSizeGreaterThan(10);
    assertThat(
            timeline.moments().stream()
                .mapToInt(s -> s.revisions().values().stream().mapToInt(c -> c.desired()).sum())
                .max()
                .orElseThrow())
        .isEqualTo(5);
    assertThat(timeline.moments().stream().mapToInt(s -> s.available()).min().orElseThrow())
        .isEqualTo(4);
    // the Deployment's conditions, the pods' phases and the ReplicaSets' available counts are there
    // (each from its own watch, so only what one stream orders is compared exactly)
    var last = timeline.moments().get(timeline.moments().size() - 1);
    assertThat(last.conditions()).containsEntry("Available", "True (MinimumReplicasAvailable)");
    assertThat(last.podPhases()).containsEntry("Running", last.podsIncludingTerminating());
    assertThat(timeline.moments())
        .anySatisfy(
            s ->
                assertThat(s.conditions().get("Progressing")).isEqualTo("True (ReplicaSetUpdated)"))
        .anyMatch(s -> s.revisions().containsKey(2L) && s.revisions().get(2L).available() > 0);
    System.out.println(
        "pod phases seen: "
            + timeline.moments().stream()
                .flatMap(s -> s.podPhases().keySet().stream())
                .distinct()
                .toList());
  }

  @Test
  void max_unavailable_50_percent_breaks_available_at_least_replicas_naming_the_moment_and_pods() {
    DeploymentRollout web = web(rolling("0", "50%"));

    AssertionError error =
        catchThrowableOfType(
            AssertionError.class,
            () ->
                assertThat(web.updateImage("web", "nginx:1.27"))
                    .holdsAtEveryMoment(minAvailable(4), minAvailableAsConfigured())
                    .completesWithin(ofSeconds(60)));

    assertThat(error)
        .hasMessageContaining(
            "to keep \"available pods >= 4\", \"available pods >= replicas - maxUnavailable\" at every moment,")
        .hasMessageContaining("but 1 of them broke.")
        .hasMessageContaining("\"available pods >= 4\" broke at ")
        .hasMessageMatching(
            "(?s).*broke at \\d+\\.\\d{3}s \\(entry #\\d+, (Pod|ReplicaSet|Deployment) [^)]+\\):.*")
        .hasMessageMatching("(?s).*broke at .*\\n  3 available: \\[web-.*")
        .hasMessageContaining("terminating: [web-")
        .hasMessageContaining("Timeline around it:")
        .hasMessageContaining("avail pods");
    // the first violation ends the wait: the rollout was still going on at the verdict
    RolloutTimeline recorded = dev.rollouttest.model.TimelineAttachment.find(error).orElseThrow();
    var verdict = recorded.moments().get(recorded.moments().size() - 1);
    assertThat(verdict.event()).isEqualTo("verdict: invariant broken");
    assertThat(verdict.revisions().get(2L).ready())
        .as("new pods ready at the verdict")
        .isLessThan(4);
    // the exact first moment: no earlier entry in the window has fewer than 4 available
    int reported =
        Integer.parseInt(
            error.getMessage().replaceAll("(?s).*broke at [0-9.]+s \\(entry #(\\d+),.*", "$1"));
    assertThat(reported).isPositive();
    System.out.println(error.getMessage());
  }

  @Test
  void recreate_leaves_the_service_without_ready_endpoints_rolling_update_never_does() {
    DeploymentRollout recreate =
        web(
            d -> {
              d.getSpec().getStrategy().setType("Recreate");
              d.getSpec().getStrategy().setRollingUpdate(null);
            });

    AssertionError error =
        catchThrowableOfType(
            AssertionError.class,
            () ->
                assertThat(recreate.updateImage("web", "nginx:1.27"))
                    .holdsAtEveryMoment(minReadyEndpoints("web", 1))
                    .watchingServices("web")
                    .completesWithin(ofSeconds(60)));

    assertThat(error)
        .hasMessageContaining("\"ready endpoints of Service web >= 1\" broke at")
        .hasMessageContaining("Service web has 0");
  }

  @Test
  void rolling_update_with_max_unavailable_0_never_empties_the_endpoints() {
    DeploymentRollout web = web(rolling("25%", "0"));

    var rollout =
        assertThat(web.updateImage("web", "nginx:1.27"))
            .holdsAtEveryMoment(minReadyEndpoints("web", 4))
            .watchingServices("web")
            .completesWithin(ofSeconds(60));

    assertThat(
            rollout.timeline().moments().stream()
                .skip(1)
                .mapToInt(s -> s.endpoints().get("web").ready())
                .min()
                .orElseThrow())
        .isGreaterThanOrEqualTo(4);
  }

  @Test
  void a_rollout_sent_before_the_previous_one_finished_has_pods_of_a_third_revision() {
    DeploymentRollout web = web(rolling("1", "0"));
    web.updateImage("web", "nginx:1.27").apply();

    AssertionError error =
        catchThrowableOfType(
            AssertionError.class,
            () ->
                assertThat(web.updateImage("web", "nginx:1.28"))
                    .holdsAtEveryMoment(onlyOldAndNewRevisions(), revisionAdvancesAsExpected())
                    .completesWithin(ofSeconds(60)));

    assertThat(error)
        .hasMessageContaining("but 1 of them broke.")
        .hasMessageContaining("\"pods belong only to the old and the new revision\" broke at")
        .hasMessageMatching(
            "(?s).*old revision [12], new revision [123], but running pods of revision\\(s\\) \\[1\\] exist.*");
  }

  @Test
  void an_undo_makes_exactly_one_new_revision_from_old_and_new_pods() {
    DeploymentRollout web = web(rolling("1", "1"));
    assertThat(web.updateImage("web", "nginx:1.27")).completesWithin(ofSeconds(60));

    assertThat(web.undo())
        .holdsAtEveryMoment(onlyOldAndNewRevisions())
        .completesWithin(ofSeconds(60));
    assertThat(web.updateImage("web", "nginx:1.28")).completesWithin(ofSeconds(60));

    var undo =
        assertThat(web.undoTo(2))
            .holdsAtEveryMoment(onlyOldAndNewRevisions(), revisionAdvancesAsExpected())
            .completesWithin(ofSeconds(60))
            .endsAtRevision(5);

    // 1.26 was revision 1, then 3 after the first undo; 1.27 was revision 2; 1.28 is revision 4
    assertThat(undo.deployment().actual()).hasImage("web", "nginx:1.27");
    assertThat(undo.timeline().moments())
        .extracting(s -> s.revision())
        .containsSubsequence(4L, 5L)
        .allMatch(r -> r == 4L || r == 5L);
    var last = undo.timeline().moments().get(undo.timeline().moments().size() - 1);
    assertThat(last.revisions().get(5L).ready()).isEqualTo(4);
    assertThat(last.revisions().get(4L).pods()).as("running pods of revision 4").isZero();
  }

  @Test
  void http_probing_is_refused_on_the_local_backend_before_anything_is_sent() {
    DeploymentRollout web = web(rolling("1", "0"));

    assertThatThrownBy(
            () ->
                assertThat(web.updateImage("web", "nginx:1.27"))
                    .probing(dev.rollouttest.probe.HttpProbe.service("web", 80))
                    .completesWithin(ofSeconds(60)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "HTTP probing of Service web:80/ refused: this cluster's nodes are simulated by kwok (the"
                + " local backend), so its pod and Service IPs are fake and nothing may dial them. Check"
                + " zero downtime by endpoint continuity instead:"
                + " holdsAtEveryMoment(minReadyEndpoints(\"<service>\", 1)).watchingServices(\"<service>\");"
                + " or probe on a backend with real pods (-Drollouttest.backend=k3s with Docker, or"
                + " kubeconfig).");
    assertThat(web.get()).hasImage("web", "nginx:1.26");
  }

  @Test
  void user_invariants_are_checked_at_every_moment_and_name_what_broke() {
    DeploymentRollout web = web(rolling("1", "0"));

    assertThat(web.updateImage("web", "nginx:1.27"))
        .holdsAtEveryMoment(Invariant.satisfies("all 4 pods available", s -> s.available() >= 4))
        .completesWithin(ofSeconds(60));

    AssertionError error =
        catchThrowableOfType(
            AssertionError.class,
            () ->
                assertThat(web.updateImage("web", "nginx:1.28"))
                    .holdsAtEveryMoment(
                        Invariant.satisfies(
                            "one revision at a time", s -> s.revisionsWithPods().size() < 2))
                    .completesWithin(ofSeconds(60)));
    assertThat(error)
        .hasMessageContaining("\"one revision at a time\" broke at ")
        .hasMessageContaining("it does not hold");
  }

  @Test
  void a_pod_counts_as_available_only_once_it_has_been_ready_for_min_ready_seconds() {
    DeploymentRollout web =
        web(
            d -> {
              rolling("1", "0").accept(d);
              d.getSpec().setMinReadySeconds(2);
            });

    var rollout =
        assertThat(web.updateImage("web", "nginx:1.27"))
            .holdsAtEveryMoment(minAvailable(4), minAvailableAsConfigured())
            .completesWithin(ofSeconds(60));

    var entries = rollout.timeline().moments();
    var firstWarm =
        entries.stream().filter(s -> !s.warmingPods().isEmpty()).findFirst().orElseThrow();
    String pod = firstWarm.warmingPods().first();
    var available =
        entries.stream().filter(s -> s.readyPods().contains(pod)).findFirst().orElseThrow();
    assertThat(available.event()).isEqualTo("Pod " + pod + " available (Ready for 2s)");
    assertThat(firstWarm.readyPods()).as("Ready, not yet available").doesNotContain(pod);
    // the Ready time is kept to the second, so the wait is between 1 and 2 seconds after the
    // Ready event arrived (RolloutViewTest checks the instant exactly, on a clock of its own)
    assertThat(available.at()).isGreaterThan(firstWarm.at());
    System.out.println(
        "available " + available.at().minus(firstWarm.at()).toMillis() + " ms after Ready");
    var last = entries.get(entries.size() - 1);
    assertThat(last.available())
        .as("as the controller counts them")
        .isEqualTo(rollout.outcome().deployment().getStatus().getAvailableReplicas());
  }
}
