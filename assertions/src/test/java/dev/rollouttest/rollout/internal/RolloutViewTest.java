package dev.rollouttest.rollout.internal;

import static dev.rollouttest.invariant.Invariant.maxSurgeRespected;
import static dev.rollouttest.invariant.Invariant.minAvailable;
import static dev.rollouttest.invariant.Invariant.minAvailableAsConfigured;
import static dev.rollouttest.invariant.Invariant.minReadyEndpoints;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouttest.model.Moment;
import dev.rollouttest.rollout.FailFast;
import dev.rollouttest.rollout.RolloutFailure;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The recorder's view decides every verdict from the objects the watches delivered, in their order:
 * fail-fast attribution by pod-template-hash, settled endpoints, and the bounds of a change the
 * controller has not observed yet. Each case replays the objects of a situation seen on the
 * cluster.
 */
class RolloutViewTest {

  private static final String UID = "uid-web";
  private static final String OLD = "old111";
  private static final String NEW = "new222";

  // --- fail-fast: attribution to the new revision, and what the controller recovers from

  @Test
  void an_old_revision_pod_in_crash_loop_during_a_restart_is_not_blamed_on_the_new_revision() {
    RolloutView view = restartInProgress();
    view.fold(crashLooping("web-old-1", OLD, 7), false);

    assertThat(FailFastRules.firstHit(view, FailFast.onUnrecoverable())).isEmpty();
  }

  @Test
  void
      a_new_revision_pod_in_crash_loop_fails_fast_once_it_has_restarted_as_often_as_the_policy_says() {
    RolloutView view = restartInProgress();
    view.fold(crashLooping("web-new-1", NEW, 2), false);
    assertThat(FailFastRules.firstHit(view, FailFast.onUnrecoverable())).isEmpty();
    assertThat(FailFastRules.firstHit(view, FailFast.onUnrecoverable().crashLoopRestarts(2)))
        .get()
        .satisfies(
            hit -> {
              assertThat(hit.failure()).isEqualTo(RolloutFailure.CRASHING_PODS);
              assertThat(hit.pods())
                  .containsExactly(
                      "web-new-1: container web waiting: CrashLoopBackOff (back-off 40s), 2"
                          + " restarts");
            });

    view.fold(crashLooping("web-new-1", NEW, 3), false);
    assertThat(FailFastRules.firstHit(view, FailFast.onUnrecoverable()))
        .get()
        .extracting(FailFastRules.Hit::failure)
        .isEqualTo(RolloutFailure.CRASHING_PODS);
    assertThat(FailFastRules.firstHit(view, FailFast.never())).isEmpty();
    assertThat(FailFastRules.firstHit(view, FailFast.on(RolloutFailure.IMAGE_PULL_FAILURE)))
        .isEmpty();
  }

  @Test
  void an_image_pull_error_of_the_new_revision_fails_fast_unless_the_policy_is_never() {
    RolloutView view = restartInProgress();
    view.fold(
        pod("web-new-1", NEW, "Pending", false, waiting("ImagePullBackOff", "Back-off")), false);

    assertThat(FailFastRules.firstHit(view, FailFast.onUnrecoverable()))
        .get()
        .satisfies(
            hit -> {
              assertThat(hit.failure()).isEqualTo(RolloutFailure.IMAGE_PULL_FAILURE);
              assertThat(hit.pods())
                  .containsExactly("web-new-1: container web waiting: ImagePullBackOff (Back-off)");
            });
    assertThat(FailFastRules.firstHit(view, FailFast.never())).isEmpty();
  }

  @Test
  void an_evicted_pod_of_the_new_revision_is_replaced_by_the_controller_and_fails_nothing() {
    RolloutView view = restartInProgress();
    view.fold(pod("web-new-1", NEW, "Failed", false, null), false);

    assertThat(FailFastRules.firstHit(view, FailFast.onUnrecoverable())).isEmpty();
    assertThat(view.moment(Duration.ZERO, "x").podPhases()).containsEntry("Failed", 1);
  }

  @Test
  void pods_whose_replica_set_has_not_arrived_yet_are_not_judged() {
    RolloutView view = new RolloutView(List.of());
    view.fold(deployment(2, 2, 3, "v2"), false);
    view.fold(replicaSet("web-old", OLD, 1, 3, 4, "v1"), false);
    view.fold(crashLooping("web-new-1", NEW, 9), false);

    assertThat(FailFastRules.firstHit(view, FailFast.onUnrecoverable())).isEmpty();
  }

  @Test
  void progress_deadline_exceeded_ends_the_wait_whatever_the_policy() {
    RolloutView view = new RolloutView(List.of());
    Deployment d = deployment(2, 2, 3, "v2");
    d.getStatus()
        .getConditions()
        .add(
            new io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder()
                .withType("Progressing")
                .withStatus("False")
                .withReason("ProgressDeadlineExceeded")
                .build());
    view.fold(d, false);

    assertThat(FailFastRules.firstHit(view, FailFast.never()))
        .get()
        .extracting(FailFastRules.Hit::failure)
        .isEqualTo(RolloutFailure.PROGRESS_DEADLINE_EXCEEDED);
  }

  // --- settled: the endpoints have caught up with the pods

  @Test
  void a_complete_deployment_is_not_settled_until_every_ready_pod_is_a_ready_endpoint() {
    RolloutView view = new RolloutView(List.of("web"));
    view.fold(deployment(1, 1, 4, "v1"), false);
    view.fold(replicaSet("web-old", OLD, 1, 4, 5, "v1"), false);
    for (int i = 1; i <= 4; i++) {
      view.fold(pod("web-" + i, OLD, "Running", true, null), false);
    }
    view.fold(slice("web-abc", "web-1", "web-2", "web-3"), false);

    assertThat(view.status().done()).isTrue();
    assertThat(view.unsettled(List.of("web")))
        .contains("Service web does not list ready pods [web-4] as ready endpoints");

    view.fold(slice("web-abc", "web-1", "web-2", "web-3", "web-4"), false);
    assertThat(view.unsettled(List.of("web"))).isEmpty();
  }

  // --- bounds of a change the controller has not observed yet

  @Test
  void scaling_6_to_2_is_judged_against_the_spec_the_controller_acts_on() {
    RolloutView view = new RolloutView(List.of());
    view.fold(deployment(1, 1, 6, "v1"), false);
    view.fold(replicaSet("web-old", OLD, 1, 6, 8, "v1"), false);
    for (int i = 1; i <= 6; i++) {
      view.fold(pod("web-" + i, OLD, "Running", true, null), false);
    }
    Moment baseline = view.moment(Duration.ZERO, "recording started");

    // the scale is written; the controller has not observed it
    view.fold(deployment(2, 1, 2, "v1"), false);
    Moment written = view.moment(Duration.ofMillis(1), "Deployment web MODIFIED");
    assertThat(written.maxTotal()).isEqualTo(8);
    assertThat(maxSurgeRespected().check(baseline, written)).isEmpty();

    // the controller's status arrives before its ReplicaSet update (two watches, two orders)
    view.fold(deployment(2, 2, 2, "v1"), false);
    Moment observed = view.moment(Duration.ofMillis(2), "Deployment web MODIFIED");
    assertThat(maxSurgeRespected().check(baseline, observed)).isEmpty();

    view.fold(replicaSet("web-old", OLD, 1, 2, 3, "v1"), false);
    for (int i = 3; i <= 6; i++) {
      view.fold(terminating(pod("web-" + i, OLD, "Running", true, null)), false);
    }
    Moment scaled = view.moment(Duration.ofMillis(3), "ReplicaSet web-old MODIFIED");
    assertThat(scaled.maxTotal()).isEqualTo(3);
    assertThat(maxSurgeRespected().check(baseline, scaled)).isEmpty();
    assertThat(minAvailableAsConfigured().check(baseline, scaled)).isEmpty();
  }

  /**
   * Soak seed 14: 5 replicas (25%/25%: floor 4) in the middle of an update, scaled to 2 (floor 2)
   * before a new pod is Ready. The controller shrinks both ReplicaSets in proportion (old 4 to 1,
   * new 4 to 2) and the ReplicaSet controller removes 3 available old pods: 1 available, as
   * designed. Once the pods have followed, the floor applies again when reached, and a pod that
   * drops out then is caught.
   */
  @Test
  void a_scale_down_in_the_middle_of_a_rollout_passes_and_the_floor_holds_again_once_reached() {
    RolloutView view = new RolloutView(List.of());
    view.fold(deployment(2, 2, 5, "v2"), false);
    view.fold(replicaSet("web-old", OLD, 1, 4, 7, "v1"), false);
    view.fold(replicaSet("web-new", NEW, 2, 4, 7, "v2"), false);
    for (int i = 1; i <= 4; i++) {
      view.fold(pod("old-" + i, OLD, "Running", true, null), false);
      view.fold(pod("new-" + i, NEW, "Pending", false, null), false);
    }
    Moment baseline = view.moment(Duration.ZERO, "recording started");
    var floor = minAvailableAsConfigured();

    view.fold(deployment(3, 2, 2, "v2"), false);
    assertThat(floor.check(baseline, view.moment(Duration.ofMillis(1), "scaled"))).isEmpty();
    view.fold(deployment(3, 3, 2, "v2"), false);
    view.fold(replicaSet("web-old", OLD, 1, 1, 3, "v1"), false);
    view.fold(replicaSet("web-new", NEW, 2, 2, 3, "v2"), false);
    for (int i = 2; i <= 4; i++) {
      view.fold(terminating(pod("old-" + i, OLD, "Running", true, null)), false);
      assertThat(floor.check(baseline, view.moment(Duration.ofMillis(2), "old pod deleted")))
          .isEmpty();
    }
    for (int i = 3; i <= 4; i++) {
      view.fold(terminating(pod("new-" + i, NEW, "Pending", false, null)), false);
    }
    Moment followed = view.moment(Duration.ofMillis(3), "new pods deleted");
    assertThat(followed.available()).isEqualTo(1);
    assertThat(floor.check(baseline, followed)).isEmpty();

    // the rolling update goes on from there; the floor (2) applies once reached
    view.fold(pod("new-1", NEW, "Running", true, null), false);
    assertThat(floor.check(baseline, view.moment(Duration.ofMillis(4), "new-1 Ready"))).isEmpty();
    view.fold(pod("old-1", OLD, "Running", false, null), false);
    assertThat(floor.check(baseline, view.moment(Duration.ofMillis(5), "old-1 not Ready")))
        .contains(
            "minimum 2; 1 available: [new-1]; not ready: [new-2, old-1]; terminating: [new-3,"
                + " new-4, old-2, old-3, old-4]");
  }

  @Test
  void a_replica_set_sized_beyond_every_bound_the_controller_used_is_a_real_overrun() {
    RolloutView view = new RolloutView(List.of());
    view.fold(deployment(1, 1, 6, "v1"), false);
    view.fold(replicaSet("web-old", OLD, 1, 6, 8, "v1"), false);
    Moment baseline = view.moment(Duration.ZERO, "recording started");

    // someone scales the ReplicaSet by hand: its max-replicas annotation stays the controller's
    view.fold(replicaSet("web-old", OLD, 1, 10, 8, "v1"), false);
    Moment overrun = view.moment(Duration.ofMillis(1), "ReplicaSet web-old MODIFIED");

    assertThat(maxSurgeRespected().check(baseline, overrun))
        .contains("maximum 8; desired replicas per revision: [rev1=10]");
  }

  // --- creation: minimums apply once reached

  @Test
  void a_creation_passes_while_its_pods_become_available_and_fails_when_one_drops_out() {
    RolloutView view = new RolloutView(List.of("web"));
    view.fold(deployment(1, 1, 3, "v1"), false);
    Moment baseline = view.moment(Duration.ZERO, "recording started");
    var invariants =
        List.of(minAvailableAsConfigured(), minAvailable(3), minReadyEndpoints("web", 1));

    view.fold(replicaSet("web-old", OLD, 1, 3, 4, "v1"), false);
    for (int i = 1; i <= 3; i++) {
      view.fold(pod("web-" + i, OLD, "Pending", false, null), false);
    }
    view.fold(slice("web-abc"), false);
    assertThat(invariants)
        .allSatisfy(
            inv -> assertThat(inv.check(baseline, view.moment(Duration.ZERO, "x"))).isEmpty());
    for (int i = 1; i <= 3; i++) {
      view.fold(pod("web-" + i, OLD, "Running", true, null), false);
      view.fold(
          slice(
              "web-abc",
              Arrays.stream(new String[] {"web-1", "web-2", "web-3"})
                  .limit(i)
                  .toArray(String[]::new)),
          false);
      Moment s = view.moment(Duration.ZERO, "x");
      assertThat(invariants).allSatisfy(inv -> assertThat(inv.check(baseline, s)).isEmpty());
    }

    view.fold(pod("web-2", OLD, "Running", false, null), false);
    Moment dropped = view.moment(Duration.ZERO, "Pod web-2 MODIFIED: not Ready");
    assertThat(minAvailableAsConfigured().check(baseline, dropped))
        .contains("minimum 3; 2 available: [web-1, web-3]; not ready: [web-2]; terminating: []");
    assertThat(minAvailable(3).check(baseline, dropped)).isPresent();
  }

  // --- availability as the controller counts it

  @Test
  void a_pod_is_available_only_once_it_has_been_ready_for_min_ready_seconds() {
    MutableClock clock = new MutableClock(java.time.Instant.parse("2026-12-05T10:00:00.400Z"));
    RolloutView view = new RolloutView(List.of(), clock);
    Deployment d = deployment(1, 1, 1, "v1");
    d.getSpec().setMinReadySeconds(3);
    view.fold(d, false);
    view.fold(replicaSet("web-old", OLD, 1, 1, 2, "v1"), false);
    Pod pod = pod("web-1", OLD, "Running", true, null);
    pod.getStatus().getConditions().get(0).setLastTransitionTime("2026-12-05T10:00:00Z");
    view.fold(pod, false);

    Moment ready = view.moment(Duration.ZERO, "Pod web-1 MODIFIED: Ready");
    assertThat(ready.available()).isZero();
    assertThat(ready.warmingPods()).containsExactly("web-1");
    assertThat(ready.revisions().get(1L).ready()).as("Ready, though not available").isEqualTo(1);
    assertThat(view.nextAvailableAt()).contains(java.time.Instant.parse("2026-12-05T10:00:03Z"));

    clock.now = java.time.Instant.parse("2026-12-05T10:00:02.999Z");
    assertThat(view.promoteDue()).isEmpty();
    clock.now = java.time.Instant.parse("2026-12-05T10:00:03Z");
    assertThat(view.promoteDue()).containsExactly("web-1");
    Moment available = view.moment(Duration.ofSeconds(3), "Pod web-1 available");
    assertThat(available.readyPods()).containsExactly("web-1");
    assertThat(available.warmingPods()).isEmpty();
    assertThat(view.nextAvailableAt()).isEmpty();
  }

  @Test
  void without_min_ready_seconds_ready_is_available_whatever_the_clocks_say() {
    MutableClock clock = new MutableClock(java.time.Instant.parse("2026-12-05T09:00:00Z"));
    RolloutView view = new RolloutView(List.of(), clock);
    view.fold(deployment(1, 1, 1, "v1"), false);
    Pod pod = pod("web-1", OLD, "Running", true, null);
    // the server's clock is an hour ahead of ours
    pod.getStatus().getConditions().get(0).setLastTransitionTime("2026-12-05T10:00:00Z");
    view.fold(pod, false);

    assertThat(view.moment(Duration.ZERO, "x").available()).isEqualTo(1);
  }

  @Test
  void a_pod_deleted_before_it_became_available_is_no_longer_waited_for() {
    MutableClock clock = new MutableClock(java.time.Instant.parse("2026-12-05T10:00:01Z"));
    RolloutView view = new RolloutView(List.of(), clock);
    Deployment d = deployment(1, 1, 1, "v1");
    d.getSpec().setMinReadySeconds(3);
    view.fold(d, false);
    Pod pod = pod("web-1", OLD, "Running", true, null);
    pod.getStatus().getConditions().get(0).setLastTransitionTime("2026-12-05T10:00:00Z");
    view.fold(pod, false);
    assertThat(view.nextAvailableAt()).isPresent();

    // deleted at once (grace period 0): no update shows it terminating first
    view.fold(pod, true);
    clock.now = java.time.Instant.parse("2026-12-05T10:00:03Z");

    assertThat(view.nextAvailableAt()).isEmpty();
    assertThat(view.promoteDue()).isEmpty();
    assertThat(view.moment(Duration.ZERO, "x").warmingPods()).isEmpty();
  }

  private static final class MutableClock extends java.time.Clock {
    java.time.Instant now;

    MutableClock(java.time.Instant now) {
      this.now = now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public java.time.Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public java.time.Instant instant() {
      return now;
    }
  }

  // --- what a moment tells reports

  @Test
  void each_moment_knows_the_revision_of_every_pod_template_hash_and_so_of_every_pod() {
    Moment moment = restartInProgress().moment(Duration.ZERO, "x");

    assertThat(moment.hashRevisions()).containsOnly(Map.entry(OLD, 1L), Map.entry(NEW, 2L));
    assertThat(moment.revisionOf("web-" + NEW + "-x2k4p")).isEqualTo(2);
    assertThat(moment.revisionOf("web-" + OLD + "-b7q9z")).isEqualTo(1);
    assertThat(moment.revisionOf("web-other-b7q9z")).as("a ReplicaSet not delivered yet").isZero();
  }

  @Test
  void each_moment_holds_the_failure_kubectl_shows_for_each_failing_pod_and_only_for_those() {
    RolloutView view = restartInProgress();
    view.fold(pod("web-" + OLD + "-1", OLD, "Running", true, running()), false);
    Moment healthy = view.moment(Duration.ofMillis(1), "healthy");
    assertThat(healthy.podReasons()).isEmpty();

    view.fold(crashLooping("web-" + NEW + "-1", NEW, 2), false);
    view.fold(
        pod("web-" + NEW + "-2", NEW, "Pending", false, waiting("ImagePullBackOff", "Back-off")),
        false);
    Moment failing = view.moment(Duration.ofMillis(2), "failing");
    assertThat(failing.podReasons())
        .containsExactly(
            Map.entry("web-" + NEW + "-1", "CrashLoopBackOff"),
            Map.entry("web-" + NEW + "-2", "ImagePullBackOff"));
    // a moment where no failure changed shares the map of the one before
    assertThat(view.moment(Duration.ofMillis(3), "again").podReasons())
        .isSameAs(failing.podReasons());

    // Ready now; and a failing pod being deleted is Terminating, no failure; a deleted one is gone
    view.fold(pod("web-" + NEW + "-1", NEW, "Running", true, running()), false);
    view.fold(
        terminating(
            pod("web-" + NEW + "-2", NEW, "Pending", false, waiting("ImagePullBackOff", "x"))),
        false);
    assertThat(view.moment(Duration.ofMillis(4), "recovered").podReasons()).isEmpty();
    view.fold(crashLooping("web-" + NEW + "-3", NEW, 1), false);
    view.fold(crashLooping("web-" + NEW + "-3", NEW, 1), true);
    assertThat(view.moment(Duration.ofMillis(5), "deleted").podReasons()).isEmpty();
  }

  private static io.fabric8.kubernetes.api.model.ContainerState running() {
    return new io.fabric8.kubernetes.api.model.ContainerStateBuilder()
        .withNewRunning()
        .endRunning()
        .build();
  }

  // --- fixtures: the objects as the API server sends them

  private static RolloutView restartInProgress() {
    RolloutView view = new RolloutView(List.of());
    view.fold(deployment(2, 2, 3, "v2"), false);
    view.fold(replicaSet("web-old", OLD, 1, 2, 4, "v1"), false);
    view.fold(replicaSet("web-new", NEW, 2, 2, 4, "v2"), false);
    return view;
  }

  private static Deployment deployment(long generation, long observed, int replicas, String tag) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("web")
        .withNamespace("shop")
        .withUid(UID)
        .withGeneration(generation)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .addToMatchLabels("app", "web")
        .endSelector()
        .withNewStrategy()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withMaxSurge(new IntOrString("25%"))
        .withMaxUnavailable(new IntOrString("25%"))
        .endRollingUpdate()
        .endStrategy()
        .withTemplate(template(tag))
        .endSpec()
        .withNewStatus()
        .withObservedGeneration(observed)
        .withReplicas(replicas)
        .withUpdatedReplicas(replicas)
        .withAvailableReplicas(replicas)
        .withReadyReplicas(replicas)
        .withConditions(new java.util.ArrayList<>())
        .endStatus()
        .build();
  }

  private static io.fabric8.kubernetes.api.model.PodTemplateSpec template(String tag) {
    return new io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder()
        .withNewMetadata()
        .addToLabels("app", "web")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("web")
        .withImage("nginx:" + tag)
        .endContainer()
        .endSpec()
        .build();
  }

  private static ReplicaSet replicaSet(
      String name, String hash, long revision, int replicas, int maxReplicas, String tag) {
    var template = template(tag);
    template.getMetadata().getLabels().put("pod-template-hash", hash);
    return new ReplicaSetBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels("app", "web")
        .addToLabels("pod-template-hash", hash)
        .addToAnnotations("deployment.kubernetes.io/revision", Long.toString(revision))
        .addToAnnotations("deployment.kubernetes.io/max-replicas", Integer.toString(maxReplicas))
        .addNewOwnerReference()
        .withUid(UID)
        .withKind("Deployment")
        .withName("web")
        .withController(true)
        .endOwnerReference()
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withTemplate(template)
        .endSpec()
        .build();
  }

  private static Pod pod(
      String name,
      String hash,
      String phase,
      boolean ready,
      io.fabric8.kubernetes.api.model.ContainerState state) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(Map.of("app", "web", "pod-template-hash", hash))
        .endMetadata()
        .withNewStatus()
        .withPhase(phase)
        .addNewCondition()
        .withType("Ready")
        .withStatus(ready ? "True" : "False")
        .endCondition()
        .addNewContainerStatus()
        .withName("web")
        .withRestartCount(0)
        .withState(state)
        .endContainerStatus()
        .endStatus()
        .build();
  }

  private static Pod terminating(Pod pod) {
    pod.getMetadata().setDeletionTimestamp("2026-12-05T00:00:00Z");
    return pod;
  }

  private static Pod crashLooping(String name, String hash, int restarts) {
    Pod pod = pod(name, hash, "Running", false, waiting("CrashLoopBackOff", "back-off 40s"));
    pod.getStatus().getContainerStatuses().get(0).setRestartCount(restarts);
    return pod;
  }

  private static io.fabric8.kubernetes.api.model.ContainerState waiting(
      String reason, String message) {
    return new io.fabric8.kubernetes.api.model.ContainerStateBuilder()
        .withNewWaiting()
        .withReason(reason)
        .withMessage(message)
        .endWaiting()
        .build();
  }

  private static EndpointSlice slice(String name, String... readyPods) {
    var builder =
        new EndpointSliceBuilder()
            .withNewMetadata()
            .withName(name)
            .addToLabels("kubernetes.io/service-name", "web")
            .endMetadata()
            .withAddressType("IPv4");
    for (String pod : readyPods) {
      builder.addToEndpoints(
          new EndpointBuilder()
              .addToAddresses("10.244.0.1")
              .withNewConditions()
              .withReady(true)
              .endConditions()
              .withNewTargetRef()
              .withKind("Pod")
              .withName(pod)
              .endTargetRef()
              .build());
    }
    return builder.build();
  }
}
