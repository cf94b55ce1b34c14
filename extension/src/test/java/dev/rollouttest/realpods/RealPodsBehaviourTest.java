package dev.rollouttest.realpods;

import static dev.rollouttest.assertions.RolloutAssertions.assertThat;
import static dev.rollouttest.invariant.Invariant.minAvailable;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rollouttest.junit.Manifest;
import dev.rollouttest.junit.Pods;
import dev.rollouttest.junit.RolloutTest;
import dev.rollouttest.rollout.DeploymentRollout;
import dev.rollouttest.rollout.FailFast;
import dev.rollouttest.rollout.Rollouts;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * What only real pods show (pods = real): readiness probes that really gate availability, {@code
 * minReadySeconds} that really delays it, a crash-looping container failing the rollout fast with
 * its own exit reason, and a container that ignores SIGTERM holding a Recreate rollout for its
 * grace period. Each has its healthy counterpart of the same shape.
 */
@RolloutTest(pods = Pods.REAL)
class RealPodsBehaviourTest {

  static void setEnv(
      io.fabric8.kubernetes.api.model.PodTemplateSpec template, String name, String value) {
    var container = template.getSpec().getContainers().get(0);
    container.getEnv().removeIf(e -> e.getName().equals(name));
    container.getEnv().add(new EnvVar(name, value, null));
  }

  @Test
  @Manifest("two-replicas.yaml")
  void a_readiness_probe_that_fails_for_3_s_holds_each_new_pod_back_for_3_s(
      Rollouts rollouts, KubernetesClient client) {
    DeploymentRollout app = rollouts.deployment("app");

    var rollout =
        assertThat(app.patchTemplate(t -> setEnv(t, "READY_DELAY", "3s")))
            .holdsAtEveryMoment(minAvailable(2))
            .completesWithin(ofSeconds(60))
            .endsAtRevision(2);

    // maxSurge 1, maxUnavailable 0: one new pod at a time, each Ready 3 s after it started
    Assertions.assertThat(rollout.outcome().elapsed()).isGreaterThanOrEqualTo(ofSeconds(6));
    // both times are whole seconds: 3 s of real delay is at least 2 s apart on the record
    Assertions.assertThat(startedToReady(client))
        .hasSize(2)
        .allSatisfy(
            (pod, delay) ->
                Assertions.assertThat(delay).as(pod).isBetween(ofSeconds(2), ofSeconds(6)));
  }

  /** For each pod of the new revision: from its container's start to its Ready condition. */
  private static java.util.Map<String, Duration> startedToReady(KubernetesClient client) {
    java.util.Map<String, Duration> delays = new java.util.TreeMap<>();
    for (Pod pod : client.pods().withLabel("app", "app").list().getItems()) {
      if (pod.getMetadata().getDeletionTimestamp() != null) {
        continue; // an old pod, still shutting down
      }
      Instant started =
          Instant.parse(
              pod.getStatus().getContainerStatuses().get(0).getState().getRunning().getStartedAt());
      Instant ready =
          Instant.parse(
              pod.getStatus().getConditions().stream()
                  .filter(c -> c.getType().equals("Ready"))
                  .findFirst()
                  .orElseThrow()
                  .getLastTransitionTime());
      delays.put(
          pod.getMetadata().getName() + ": started " + started + ", Ready " + ready,
          Duration.between(started, ready));
    }
    return delays;
  }

  @Test
  @Manifest("two-replicas.yaml")
  void without_a_readiness_delay_the_same_rollout_is_quick(
      Rollouts rollouts, KubernetesClient client) {
    assertThat(rollouts.deployment("app").updateImage("app", RealPodsZeroDowntimeTest.V2))
        .holdsAtEveryMoment(minAvailable(2))
        .completesWithin(ofSeconds(60))
        .endsAtRevision(2);

    // each new pod is Ready at its first readiness probe, not 3 s later; per pod rather than the
    // whole rollout's time, which a loaded machine stretched past a fixed bound
    Assertions.assertThat(startedToReady(client))
        .hasSize(2)
        .allSatisfy(
            (pod, delay) -> Assertions.assertThat(delay).as(pod).isLessThanOrEqualTo(ofSeconds(2)));
  }

  @Test
  @Manifest("min-ready-seconds.yaml")
  void min_ready_seconds_delays_availability_for_real(Rollouts rollouts) {
    var rollout =
        assertThat(rollouts.deployment("app").updateImage("app", RealPodsZeroDowntimeTest.V2))
            .holdsAtEveryMoment(minAvailable(2))
            .completesWithin(ofSeconds(60))
            .endsAtRevision(2);

    // two new pods one after the other, each available 5 s after its Ready condition's
    // lastTransitionTime; that time is truncated to whole seconds, so more than 4 s after it was
    // Ready in real time (the controller's rule, podutil.IsPodAvailable)
    Assertions.assertThat(rollout.outcome().elapsed()).isGreaterThan(ofSeconds(8));
  }

  @Test
  @Manifest("two-replicas.yaml")
  void a_crash_looping_new_revision_fails_fast_with_the_containers_exit(Rollouts rollouts) {
    DeploymentRollout app = rollouts.deployment("app");

    AssertionError failure =
        catchThrowableOfType(
            AssertionError.class,
            () ->
                assertThat(app.patchTemplate(t -> setEnv(t, "EXIT_AFTER", "0s")))
                    .withFailFast(FailFast.onUnrecoverable().crashLoopRestarts(1))
                    .completesWithin(ofSeconds(90)));

    System.out.println("crash loop: " + failure.getMessage());
    Assertions.assertThat(failure)
        .hasMessageContaining("CrashLoopBackOff")
        .hasMessageContaining("exit code 1");
  }

  @Test
  @Manifest("recreate-ignoring-sigterm.yaml")
  void a_container_ignoring_sigterm_holds_a_recreate_rollout_for_its_grace_period(
      Rollouts rollouts) {
    var rollout =
        assertThat(rollouts.deployment("app").updateImage("app", RealPodsZeroDowntimeTest.V2))
            .completesWithin(ofSeconds(60));

    Assertions.assertThat(rollout.outcome().elapsed()).isGreaterThanOrEqualTo(ofSeconds(4));
  }

  @Test
  @Manifest("recreate.yaml")
  void a_container_that_exits_on_sigterm_lets_the_same_rollout_go_on_at_once(Rollouts rollouts) {
    // with a 120 s grace period, a container that did not exit on SIGTERM would hold the Recreate
    // rollout for 120 s: completing within 60 s shows that it went on without waiting, with a
    // margin no machine load closes (a bound of 4 s after a 4 s grace period failed under load)
    assertThat(rollouts.deployment("app").updateImage("app", RealPodsZeroDowntimeTest.V2))
        .completesWithin(ofSeconds(60));
  }
}
