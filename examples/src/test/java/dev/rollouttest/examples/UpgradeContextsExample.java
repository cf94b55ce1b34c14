package dev.rollouttest.examples;

import static dev.rollouttest.assertions.RolloutAssertions.assertThat;
import static dev.rollouttest.invariant.Invariant.maxSurgeRespected;
import static dev.rollouttest.invariant.Invariant.minAvailable;
import static dev.rollouttest.invariant.Invariant.minReadyEndpoints;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouttest.cluster.KubernetesCluster;
import dev.rollouttest.junit.Manifest;
import dev.rollouttest.junit.RolloutTest;
import dev.rollouttest.junit.TestNamespace;
import dev.rollouttest.model.Moment;
import dev.rollouttest.rollout.DeploymentRollout;
import dev.rollouttest.rollout.Rollouts;
import io.fabric8.kubernetes.api.model.LifecycleBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * One upgrade of web.yaml's Deployment (nginx:1.26 to 1.27), tested in two situations, each a
 * {@code @Nested} class that sets its situation up before each test: with a preStop hook on the
 * pods, the upgrade keeps 3 pods available and 3 ready endpoints at every moment and keeps the
 * hook; paused, the staged upgrade waits until the Deployment is resumed.
 *
 * <p>The nested classes inherit {@code @RolloutTest} and {@code @Manifest("web.yaml")} from this
 * class: each test gets a namespace of its own with web.yaml rolled out, on the run's one cluster,
 * and this class's {@code @TestNamespace} field names it.
 */
@RolloutTest
@Manifest("web.yaml")
class UpgradeContextsExample {

  /** The namespace of the test that runs, a nested one included. */
  @TestNamespace String namespace;

  /** The upgrade both situations are about. */
  static DeploymentRollout.TemplateChange upgrade(DeploymentRollout web) {
    return web.updateImage("web", "nginx:1.27").because("upgrade to 1.27");
  }

  @Nested
  class WithAPreStopHook {

    @BeforeEach
    void add_a_preStop_hook(Rollouts rollouts) {
      var hook = new LifecycleBuilder().withNewPreStop().withNewSleep(5L).endPreStop().build();
      assertThat(
              rollouts
                  .deployment("web")
                  .patchTemplate(t -> t.getSpec().getContainers().get(0).setLifecycle(hook))
                  .because("drain for 5 s before stopping"))
          .completesWithin(ofSeconds(120))
          .endsAtRevision(2);
    }

    @Test
    void the_upgrade_keeps_every_pod_available_and_the_hook(
        Rollouts rollouts, KubernetesCluster cluster) {
      DeploymentRollout web = rollouts.deployment("web");

      var rollout =
          assertThat(upgrade(web))
              .holdsAtEveryMoment(minAvailable(3), maxSurgeRespected(), minReadyEndpoints("web", 3))
              .watchingServices("web")
              .completesWithin(ofSeconds(120))
              .endsAtRevision(3);
      rollout.deployment().isComplete().hasImage("web", "nginx:1.27");
      var container = web.get().getSpec().getTemplate().getSpec().getContainers().get(0);
      assertThat(container.getLifecycle().getPreStop().getSleep().getSeconds()).isEqualTo(5L);

      var timeline = rollout.timeline();
      Examples.report(
          "upgrade-with-a-prestop-hook",
          cluster,
          "in %s, nginx:1.27 rolled out over the preStop revision as revision 3 in %s, keeping the hook; over %d"
              + " recorded moments at least %d pods were available",
          namespace,
          rollout.outcome().elapsed(),
          timeline.moments().size(),
          timeline.moments().stream().mapToInt(Moment::available).min().orElse(0));
    }
  }

  @Nested
  class Paused {

    @BeforeEach
    void pause(Rollouts rollouts) {
      assertThat(rollouts.deployment("web").pause().apply().deployment()).isPaused();
    }

    @Test
    void the_upgrade_waits_for_resume(Rollouts rollouts, KubernetesCluster cluster) {
      DeploymentRollout web = rollouts.deployment("web");

      upgrade(web).apply();
      assertThat(web.history()).hasRevisions(1);

      assertThat(web.resume())
          .completesWithin(ofSeconds(120))
          .endsAtRevision(2)
          .deployment()
          .isNotPaused()
          .hasImage("web", "nginx:1.27");
      assertThat(web.history()).hasRevisions(1, 2).revision(2).hasChangeCause("upgrade to 1.27");

      Examples.report(
          "upgrade-while-paused",
          cluster,
          "in %s, the staged upgrade stayed at revision 1 while paused and rolled out as revision 2"
              + " after resume",
          namespace);
    }
  }
}
