package dev.rollouttest.examples;

import static dev.rollouttest.assertions.RolloutAssertions.assertThat;
import static dev.rollouttest.invariant.Invariant.maxSurgeRespected;
import static dev.rollouttest.invariant.Invariant.minAvailable;
import static dev.rollouttest.invariant.Invariant.minReadyEndpoints;
import static java.time.Duration.ofSeconds;

import dev.rollouttest.cluster.KubernetesCluster;
import dev.rollouttest.junit.Manifest;
import dev.rollouttest.junit.RolloutTest;
import dev.rollouttest.model.Moment;
import dev.rollouttest.probe.HttpProbe;
import dev.rollouttest.rollout.DeploymentRollout;
import dev.rollouttest.rollout.Rollouts;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A zero-downtime upgrade of a web Deployment behind a Service (web.yaml: 3 replicas, maxSurge 1,
 * maxUnavailable 0): at every recorded moment of the rollout 3 pods are available and the Service
 * has ready endpoints, and the rollout completes at revision 2 with its change-cause. That is
 * endpoint continuity, checked on every backend. Where pods are real (K3s), an HTTP probe also
 * sends a request every 50 ms through the Service and no request may fail; on the local backend
 * pods are simulated and nothing may dial them, so the example does not probe there.
 */
@RolloutTest
@Manifest("web.yaml")
class ImageUpgradeExample {

  @Test
  void upgrade_without_downtime(Rollouts rollouts, KubernetesCluster cluster) {
    DeploymentRollout web = rollouts.deployment("web");

    var upgrade =
        assertThat(web.updateImage("web", "nginx:1.27").because("CVE-2026-0001 fix"))
            .holdsAtEveryMoment(minAvailable(3), maxSurgeRespected(), minReadyEndpoints("web", 3))
            .watchingServices("web");
    if (cluster.realPods()) {
      upgrade = upgrade.probing(HttpProbe.service("web", 80).every(Duration.ofMillis(50)));
    }
    var rollout = upgrade.completesWithin(ofSeconds(120)).endsAtRevision(2);
    rollout.deployment().isComplete().hasImage("web", "nginx:1.27");
    assertThat(web.history()).hasRevisions(1, 2).revision(2).hasChangeCause("CVE-2026-0001 fix");

    var timeline = rollout.timeline();
    Examples.report(
        "zero-downtime-upgrade",
        cluster,
        "nginx:1.27 rolled out as revision 2 in %s; over %d recorded moments at least %d pods were available and %d"
            + " endpoints ready%s",
        rollout.outcome().elapsed(),
        timeline.moments().size(),
        timeline.moments().stream().mapToInt(Moment::available).min().orElse(0),
        timeline.moments().stream().mapToInt(s -> s.endpoints().get("web").ready()).min().orElse(0),
        cluster.realPods()
            ? "; HTTP " + rollout.probeResults().get(0).summary()
            : " (no HTTP probe: simulated pods)");
  }
}
