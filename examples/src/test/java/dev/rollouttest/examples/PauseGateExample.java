package dev.rollouttest.examples;

import static dev.rollouttest.assertions.RolloutAssertions.assertThat;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouttest.cluster.KubernetesCluster;
import dev.rollouttest.junit.Manifest;
import dev.rollouttest.junit.RolloutTest;
import dev.rollouttest.rollout.DeploymentRollout;
import dev.rollouttest.rollout.Rollouts;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;

/**
 * A manual gate: pause the Deployment, stage the new image, check that nothing rolled out while
 * paused, then resume and let the rollout complete. Paused, the controller records the change but
 * creates no new ReplicaSet.
 */
@RolloutTest
@Manifest("web.yaml")
class PauseGateExample {

  @Test
  void nothing_rolls_out_until_resumed(
      Rollouts rollouts, KubernetesClient client, KubernetesCluster cluster) {
    DeploymentRollout web = rollouts.deployment("web");

    assertThat(web.pause().apply().deployment()).isPaused();
    web.updateImage("web", "nginx:1.27").because("gated release").apply();

    assertThat(web.history()).hasRevisions(1);
    assertThat(client.pods().withLabel("app", "web").list().getItems())
        .hasSize(3)
        .allSatisfy(
            p -> assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.26"));

    var deployment = web.get();
    assertThat(web.resume())
        .completesWithin(ofSeconds(120))
        .endsAtRevision(2)
        .deployment()
        .isNotPaused()
        .hasImage("web", "nginx:1.27");
    assertThat(web.history()).hasRevisions(1, 2).revision(2).hasChangeCause("gated release");

    Examples.report(
        "pause-gate",
        cluster,
        "0 of 3 pods changed while paused; after resume revision 2 rolled out (generation %d)",
        deployment.getMetadata().getGeneration());
  }
}
