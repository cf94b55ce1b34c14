package dev.rollouttest.examples;

import static dev.rollouttest.assertions.RolloutAssertions.assertThat;
import static dev.rollouttest.invariant.Invariant.maxSurgeRespected;
import static dev.rollouttest.invariant.Invariant.minAvailableAsConfigured;
import static dev.rollouttest.invariant.Invariant.onlyOldAndNewRevisions;
import static java.time.Duration.ofSeconds;

import dev.rollouttest.cluster.KubernetesCluster;
import dev.rollouttest.junit.Manifest;
import dev.rollouttest.junit.RolloutTest;
import dev.rollouttest.rollout.DeploymentRollout;
import dev.rollouttest.rollout.Rollouts;
import org.junit.jupiter.api.Test;

/**
 * Scaling from 3 to 6 replicas while an upgrade is still rolling: the controller scales old and new
 * ReplicaSets proportionally, and the rollout still ends with all 6 replicas updated and available.
 * Pods of the new revision take 3 s to become Ready on the local backend
 * (rollout-test.dev/ready-delay), so the scale lands mid-rollout.
 */
@RolloutTest
@Manifest("web.yaml")
class ScaleMidRolloutExample {

  @Test
  void scale_while_rolling(Rollouts rollouts, KubernetesCluster cluster) {
    DeploymentRollout web = rollouts.deployment("web");
    web.patchTemplate(
            t -> {
              t.getMetadata().getAnnotations().put("rollout-test.dev/ready-delay", "3s");
              t.getSpec().getContainers().get(0).setImage("nginx:1.27");
            })
        .apply();
    boolean midRollout = !web.status().done();

    var end =
        assertThat(web.scale(6))
            .holdsAtEveryMoment(
                minAvailableAsConfigured(), maxSurgeRespected(), onlyOldAndNewRevisions())
            .completesWithin(ofSeconds(120))
            .endsAtRevision(2)
            .scaledInProportion()
            .deployment()
            .isComplete()
            .hasImage("web", "nginx:1.27");

    Examples.report(
        "scale-mid-rollout",
        cluster,
        "scaled 3 -> 6 %s the upgrade, spread over the ReplicaSets in proportion as the controller spreads it, keeping the availability floor, the surge bound and two revisions at every moment; it ended with %d/6 updated and available at revision 2",
        midRollout ? "in the middle of" : "after",
        web.get().getStatus().getAvailableReplicas());
  }
}
