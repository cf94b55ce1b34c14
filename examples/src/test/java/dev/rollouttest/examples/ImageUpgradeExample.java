package dev.rollouttest.examples;

import static dev.rollouttest.assertions.RolloutAssertions.assertThat;
import static java.time.Duration.ofSeconds;

import dev.rollouttest.cluster.KubernetesCluster;
import dev.rollouttest.junit.Manifest;
import dev.rollouttest.junit.RolloutTest;
import dev.rollouttest.rollout.DeploymentRollout;
import dev.rollouttest.rollout.Rollouts;
import org.junit.jupiter.api.Test;

/**
 * Upgrades the image of a web Deployment (web.yaml: 3 replicas behind a Service, maxUnavailable 0)
 * and proves that the rollout completes by kubectl's rule at revision 2, with the change-cause
 * recorded in the same write.
 */
@RolloutTest
@Manifest("web.yaml")
class ImageUpgradeExample {

  @Test
  void upgrade_rolls_out_revision_2(Rollouts rollouts, KubernetesCluster cluster) {
    DeploymentRollout web = rollouts.deployment("web");

    var rollout =
        assertThat(web.updateImage("web", "nginx:1.27").because("CVE-2026-0001 fix"))
            .completesWithin(ofSeconds(120))
            .endsAtRevision(2);
    rollout.deployment().isComplete().hasImage("web", "nginx:1.27");
    assertThat(web.history()).hasRevisions(1, 2).revision(2).hasChangeCause("CVE-2026-0001 fix");

    Examples.report(
        "image-upgrade",
        cluster,
        "web rolled out nginx:1.27 as revision 2 in %s, 3/3 updated and available",
        rollout.outcome().elapsed());
  }
}
