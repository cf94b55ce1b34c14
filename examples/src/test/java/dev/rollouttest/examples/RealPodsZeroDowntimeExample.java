package dev.rollouttest.examples;

import static dev.rollouttest.assertions.RolloutAssertions.assertThat;
import static dev.rollouttest.invariant.Invariant.minAvailable;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rollouttest.cluster.KubernetesCluster;
import dev.rollouttest.junit.Manifest;
import dev.rollouttest.junit.Pods;
import dev.rollouttest.junit.RolloutTest;
import dev.rollouttest.probe.HttpProbe;
import dev.rollouttest.probe.ProbeResult;
import dev.rollouttest.rollout.Rollouts;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * Zero downtime, checked with real traffic on real pods ({@code pods = Pods.REAL}: the local
 * backend runs a kubelet node; K3s runs real pods anyway). The bundled test application ({@code
 * localhost/rollout-test/testapp}) is upgraded from v1 to v2 while a probe opens a new connection
 * to the Service's ClusterIP every 25 ms, through kube-proxy, as a client in the cluster would.
 *
 * <p>Without a preStop delay, each old pod exits on SIGTERM while kube-proxy still sends it new
 * connections: the assertion fails and says how many requests were refused or never answered. With
 * a 5 s preStop delay and a readiness probe, no request fails.
 *
 * <p>On a single node, kubelet and kube-proxy both react to a pod's deletion within about a second,
 * so whether kube-proxy drops the endpoint before or after the process exits is a coin toss per
 * pod. The manifest without preStop ({@code no-prestop-routed-after-exit.yaml}) settles it the way
 * a lagging kube-proxy would: its Service keeps terminating pods' endpoints ({@code
 * publishNotReadyAddresses}) and a second container holds each old pod for its 3 s grace period, so
 * every old pod is routed for at least 3 s after its process has exited.
 */
@RolloutTest(pods = Pods.REAL)
class RealPodsZeroDowntimeExample {

  static final String V2 = "localhost/rollout-test/testapp:v2";

  static HttpProbe throughTheService() {
    return HttpProbe.clusterIp("web", 80).every(ofMillis(25)).requestTimeout(ofSeconds(1));
  }

  @Test
  @Manifest("realpods/no-prestop-routed-after-exit.yaml")
  void without_pre_stop_the_check_catches_dropped_requests(
      Rollouts rollouts, KubernetesCluster cluster) {
    AssertionError caught =
        catchThrowableOfType(
            AssertionError.class,
            () ->
                assertThat(rollouts.deployment("web").updateImage("app", V2))
                    .holdsAtEveryMoment(minAvailable(3))
                    .probing(throughTheService())
                    .completesWithin(ofSeconds(120)));

    Assertions.assertThat(caught)
        .as("the zero-downtime check must fail on a rollout that drops requests")
        .isNotNull()
        .hasMessageContaining("to serve every probe within its tolerance");
    String summary =
        caught
            .getMessage()
            .lines()
            .filter(l -> l.contains("ClusterIP of Service"))
            .findFirst()
            .orElseThrow()
            .strip();
    Examples.report(
        "real-pods-without-prestop",
        cluster,
        "the zero-downtime check failed as it must: %s",
        summary.substring(0, summary.indexOf(", latency")));
  }

  @Test
  @Manifest("realpods/pre-stop.yaml")
  void with_pre_stop_and_readiness_no_request_fails(Rollouts rollouts, KubernetesCluster cluster) {
    var rollout =
        assertThat(rollouts.deployment("web").updateImage("app", V2))
            .holdsAtEveryMoment(minAvailable(3))
            .probing(throughTheService())
            .completesWithin(ofSeconds(120))
            .endsAtRevision(2);

    ProbeResult http = rollout.probeResults().get(0);
    Examples.report(
        "real-pods-zero-downtime",
        cluster,
        "v1 -> v2 in %s with 3 pods available throughout; %d requests through the ClusterIP, %d failed,"
            + " longest gap between successes %d ms",
        rollout.outcome().elapsed(),
        http.requests(),
        http.failed(),
        http.longestGap().toMillis());
  }
}
