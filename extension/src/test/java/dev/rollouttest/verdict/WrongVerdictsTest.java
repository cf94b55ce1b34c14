package dev.rollouttest.verdict;

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
import static org.awaitility.Awaitility.await;

import dev.rollouttest.cluster.local.LocalCluster;
import dev.rollouttest.invariant.Invariant;
import dev.rollouttest.invariant.Violation;
import dev.rollouttest.rollout.DeploymentRollout;
import dev.rollouttest.rollout.FailFast;
import dev.rollouttest.rollout.RolloutException;
import dev.rollouttest.rollout.RolloutOutcome;
import dev.rollouttest.rollout.RolloutStatus;
import dev.rollouttest.rollout.internal.RolloutRecorder;
import dev.rollouttest.testing.ControllerManager;
import dev.rollouttest.testing.LocalClusterExtension;
import dev.rollouttest.testing.Manifests;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The wrong verdicts a new user met (issue "Verdicts a CI gate can trust"), each replayed on the
 * local backend: every test here failed before the verdict pipeline was rebuilt, and each healthy
 * rollout of the same shape passes now while the real violation is still caught.
 */
@ExtendWith(LocalClusterExtension.class)
class WrongVerdictsTest {

  private final LocalCluster cluster;
  private String namespace;
  private KubernetesClient client;

  WrongVerdictsTest(LocalCluster cluster) {
    this.cluster = cluster;
  }

  @BeforeEach
  void namespace() {
    namespace = "verdicts-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    cluster.createNamespace(namespace, Map.of());
    client = cluster.client().adapt(NamespacedKubernetesClient.class).inNamespace(namespace);
  }

  @AfterEach
  void clean() {
    cluster.deleteNamespace(namespace);
  }

  private DeploymentRollout web(int replicas) {
    client
        .apps()
        .deployments()
        .resource(Manifests.deployment("web", replicas, "nginx:1.26", Map.of()))
        .create();
    client.services().resource(Manifests.service("web")).create();
    RolloutOutcome settled =
        RolloutRecorder.awaitSettled(
            DeploymentRollout.of(client, "web"), ofSeconds(60), FailFast.onUnrecoverable());
    assertThat(settled.complete()).as("web rolled out: %s", settled.status().message()).isTrue();
    return DeploymentRollout.of(client, "web");
  }

  // --- 1. creation

  @Test
  void a_healthy_creation_passes_the_recommended_invariants() {
    client.services().resource(Manifests.service("web")).create();
    client
        .apps()
        .deployments()
        .resource(
            Manifests.deployment(
                "web", 3, "nginx:1.26", Map.of("rollout-test.dev/ready-delay", "1s")))
        .create();
    DeploymentRollout web = DeploymentRollout.of(client, "web");

    var rollout =
        assertThat(web.inProgress())
            .holdsAtEveryMoment(
                minAvailableAsConfigured(),
                minAvailable(3),
                minReadyEndpoints("web", 1),
                maxSurgeRespected(),
                onlyOldAndNewRevisions())
            .watchingServices("web")
            .completesWithin(ofSeconds(60));

    assertThat(rollout.timeline().moments().get(0).available())
        .as("recorded from before the first pod was available")
        .isZero();
    assertThat(
            rollout.timeline().moments().get(rollout.timeline().moments().size() - 1).available())
        .isEqualTo(3);
  }

  @Test
  void a_creation_in_which_an_available_pod_drops_out_fails_at_that_moment() {
    client
        .apps()
        .deployments()
        .resource(Manifests.deployment("web", 3, "nginx:1.26", Map.of()))
        .create();
    DeploymentRollout web = DeploymentRollout.of(client, "web");

    try (RolloutRecorder recorder =
        RolloutRecorder.start(web, List.of(), List.of(minAvailableAsConfigured()))) {
      recorder.changeGeneration(1);
      await().atMost(30, TimeUnit.SECONDS).until(() -> last(recorder).available() == 3);
      String dropped = last(recorder).readyPods().first();
      client.pods().withName(dropped).editStatus(p -> notReady(p));
      await().atMost(30, TimeUnit.SECONDS).until(() -> !recorder.violations().isEmpty());

      Violation v = recorder.violations().get(0);
      assertThat(v.moment().event()).isEqualTo("Pod " + dropped + " MODIFIED: not Ready");
      assertThat(v.reason()).startsWith("minimum 3; 2 available: ");
    }
  }

  // --- 2. scale-only changes, judged against the spec the controller acts on

  /** The bounds the controller guarantees, and the revisions a scaling must keep. */
  private static final Invariant[] BOUNDS = {
    maxSurgeRespected(),
    minAvailableAsConfigured(),
    onlyOldAndNewRevisions(),
    revisionAdvancesAsExpected()
  };

  @Test
  void scaling_6_to_2_keeps_every_bound() {
    DeploymentRollout web = web(6);

    assertThat(web.scale(2)).holdsAtEveryMoment(BOUNDS).completesWithin(ofSeconds(60));
  }

  @Test
  void scaling_2_to_6_keeps_every_bound() {
    DeploymentRollout web = web(2);

    assertThat(web.scale(6)).holdsAtEveryMoment(BOUNDS).completesWithin(ofSeconds(60));
  }

  @Test
  void scaling_in_the_middle_of_a_rollout_keeps_every_bound() {
    DeploymentRollout web = web(4);
    web.patchTemplate(
            t -> {
              t.getMetadata().getAnnotations().put("rollout-test.dev/ready-delay", "2s");
              t.getSpec().getContainers().get(0).setImage("nginx:1.27");
            })
        .apply();

    assertThat(web.scale(8))
        .holdsAtEveryMoment(BOUNDS)
        .completesWithin(ofSeconds(60))
        .endsAtRevision(2)
        .scaledInProportion();
  }

  @Test
  void a_replica_set_scaled_past_the_surge_by_hand_is_still_caught() {
    DeploymentRollout web = web(6);
    ReplicaSet rs = client.apps().replicaSets().list().getItems().get(0);

    try (RolloutRecorder recorder =
        RolloutRecorder.start(web, List.of(), List.of(maxSurgeRespected()))) {
      recorder.changeGeneration(recorder.currentGeneration());
      client
          .apps()
          .replicaSets()
          .withName(rs.getMetadata().getName())
          .edit(
              r -> {
                r.getSpec().setReplicas(10);
                return r;
              });
      await().atMost(30, TimeUnit.SECONDS).until(() -> !recorder.violations().isEmpty());

      Violation v = recorder.violations().get(0);
      assertThat(v.moment().event())
          .startsWith("ReplicaSet " + rs.getMetadata().getName() + " MODIFIED");
      assertThat(v.reason()).isEqualTo("maximum 8; desired replicas per revision: [rev1=10]");
    }
  }

  // --- 3. fail-fast blames only the new revision

  @Test
  void a_restart_completes_although_a_pod_of_the_old_revision_crash_loops() {
    DeploymentRollout web = web(3);
    Pod old = client.pods().list().getItems().get(0);
    client.pods().withName(old.getMetadata().getName()).editStatus(p -> crashLooping(p, 7));

    var restart = assertThat(web.restart()).completesWithin(ofSeconds(60));

    assertThat(restart.outcome().failure()).isEmpty();
  }

  // --- 4. fail-fast only on what the controller cannot recover from

  @Test
  void a_rollout_completes_although_a_pod_of_the_new_revision_was_evicted() {
    DeploymentRollout web = web(3);
    String oldHash =
        client
            .apps()
            .replicaSets()
            .list()
            .getItems()
            .get(0)
            .getMetadata()
            .getLabels()
            .get("pod-template-hash");
    web.patchTemplate(
            t -> {
              t.getMetadata().getAnnotations().put("rollout-test.dev/ready-delay", "2s");
              t.getSpec().getContainers().get(0).setImage("nginx:1.27");
            })
        .apply();
    Pod fresh =
        await()
            .atMost(30, TimeUnit.SECONDS)
            .until(
                () ->
                    client.pods().list().getItems().stream()
                        .filter(
                            p ->
                                !oldHash.equals(
                                    p.getMetadata().getLabels().get("pod-template-hash")))
                        .findFirst()
                        .orElse(null),
                p -> p != null);
    client.pods().withName(fresh.getMetadata().getName()).editStatus(WrongVerdictsTest::evicted);

    var rollout = assertThat(web.inProgress()).completesWithin(ofSeconds(60));

    assertThat(rollout.timeline().moments())
        .anySatisfy(s -> assertThat(s.podPhases()).containsKey("Failed"));
  }

  // --- 5. undo while the controller lags

  @Test
  void an_undo_waits_until_the_controller_has_observed_someone_elses_change() {
    DeploymentRollout web = web(2);
    assertThat(web.updateImage("web", "nginx:1.27")).completesWithin(ofSeconds(60));

    try (var paused = ControllerManager.pause(cluster)) {
      // someone else's change, not observed while the controller manager is stopped
      client
          .apps()
          .deployments()
          .withName("web")
          .edit(
              d -> {
                d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("nginx:1.28");
                return d;
              });

      assertThatThrownBy(() -> web.withTimeout(Duration.ofSeconds(2)).undo().apply())
          .isInstanceOf(RolloutException.class)
          .hasMessageStartingWith(
              "the Deployment controller has not observed generation 3 of deployment \"web\" within 2000 ms (observedGeneration 2)");
      assertThat(client.apps().deployments().withName("web").get())
          .as("nothing was sent")
          .satisfies(
              d ->
                  assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                      .isEqualTo("nginx:1.28"));
    }

    assertThat(web.undo()).completesWithin(ofSeconds(60));
    Deployment undone = web.get();
    assertThat(undone.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .as("one step back from nginx:1.28, not two")
        .isEqualTo("nginx:1.27");
    assertThat(dev.rollouttest.kube.Revisions.of(undone)).isEqualTo(4);
  }

  // --- 7. the baseline is settled: endpoints list every ready pod

  @Test
  void waiting_for_a_rollout_waits_until_the_services_list_every_ready_pod() {
    client
        .apps()
        .deployments()
        .resource(Manifests.deployment("web", 4, "nginx:1.26", Map.of()))
        .create();
    DeploymentRollout web = DeploymentRollout.of(client, "web");
    client
        .apps()
        .deployments()
        .withName("web")
        .waitUntilCondition(d -> RolloutStatus.of(d).done(), 60, TimeUnit.SECONDS);

    try (var paused = ControllerManager.pause(cluster)) {
      // the EndpointSlice controller cannot list the pods while it is stopped
      client.services().resource(Manifests.service("web")).create();

      RolloutOutcome early =
          RolloutRecorder.awaitSettled(web, Duration.ofSeconds(2), FailFast.onUnrecoverable());

      assertThat(early.complete()).as("complete by kubectl's rule, but not settled").isFalse();
      assertThat(early.status().done()).isTrue();
    }

    RolloutOutcome settled =
        RolloutRecorder.awaitSettled(web, ofSeconds(60), FailFast.onUnrecoverable());
    assertThat(settled.complete()).isTrue();
    int listed = dev.rollouttest.testing.Endpoints.readyPods(client, "web").size();
    assertThat(listed).isEqualTo(4);
  }

  // --- fixtures

  private static dev.rollouttest.model.Moment last(RolloutRecorder recorder) {
    var entries = recorder.timelineSoFar().moments();
    return entries.get(entries.size() - 1);
  }

  private static Pod notReady(Pod p) {
    p.getStatus()
        .getConditions()
        .replaceAll(
            c ->
                "Ready".equals(c.getType()) || "ContainersReady".equals(c.getType())
                    ? falseCondition(c)
                    : c);
    return p;
  }

  private static PodCondition falseCondition(PodCondition c) {
    return new PodConditionBuilder(c).withStatus("False").withReason("ContainersNotReady").build();
  }

  private static Pod crashLooping(Pod p, int restarts) {
    notReady(p);
    p.getStatus()
        .setContainerStatuses(
            List.of(
                new ContainerStatusBuilder()
                    .withName("web")
                    .withImage(p.getSpec().getContainers().get(0).getImage())
                    .withReady(false)
                    .withRestartCount(restarts)
                    .withNewState()
                    .withNewWaiting()
                    .withReason("CrashLoopBackOff")
                    .withMessage("back-off 5m0s restarting failed container")
                    .endWaiting()
                    .endState()
                    .build()));
    return p;
  }

  private static Pod evicted(Pod p) {
    notReady(p);
    p.getStatus().setPhase("Failed");
    p.getStatus().setReason("Evicted");
    p.getStatus().setMessage("The node was low on resource: memory.");
    p.getStatus()
        .setContainerStatuses(
            List.of(
                new ContainerStatusBuilder()
                    .withName("web")
                    .withImage(p.getSpec().getContainers().get(0).getImage())
                    .withReady(false)
                    .withRestartCount(0)
                    .withNewState()
                    .withNewTerminated()
                    .withExitCode(137)
                    .withReason("Evicted")
                    .endTerminated()
                    .endState()
                    .build()));
    return p;
  }
}
