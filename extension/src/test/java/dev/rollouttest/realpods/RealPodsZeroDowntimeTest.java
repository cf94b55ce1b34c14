package dev.rollouttest.realpods;

import static dev.rollouttest.assertions.RolloutAssertions.assertThat;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rollouttest.junit.Manifest;
import dev.rollouttest.junit.Pods;
import dev.rollouttest.junit.RolloutTest;
import dev.rollouttest.probe.HttpProbe;
import dev.rollouttest.probe.ProbeResult;
import dev.rollouttest.rollout.DeploymentRollout;
import dev.rollouttest.rollout.Rollouts;
import org.junit.jupiter.api.Test;

/**
 * The zero-downtime check on real pods (pods = real): a rolling update of 3 replicas probed through
 * the Service's ClusterIP, a new connection every 25 ms, as an in-cluster client would. Without a
 * preStop delay the old pods exit while kube-proxy still routes to them, and the check fails naming
 * the refused requests; with the delay and a readiness probe no request fails. Skipped with the
 * reason where real pods cannot run (not root, not Linux).
 *
 * <p>Left to itself, the race between endpoint removal and SIGTERM is a coin toss per pod on one
 * node (kubelet and kube-proxy both react within about a second), and a rollout now and then loses
 * no request at all. The failing case therefore loses the race by construction ({@code
 * no-prestop-routed-after-exit.yaml}: the Service keeps terminating pods' endpoints until the pod
 * objects are deleted, and a second container holds each old pod for its 3 s grace period after the
 * application has exited), so every old pod refuses new connections while still routed, on an idle
 * or a loaded machine. See docs/real-pods.md.
 */
@RolloutTest(pods = Pods.REAL)
class RealPodsZeroDowntimeTest {

  static final String V2 = "localhost/rollout-test/testapp:v2";

  static HttpProbe probe() {
    return HttpProbe.clusterIp("web", 80).every(ofMillis(25)).requestTimeout(ofSeconds(1));
  }

  @Test
  @Manifest("no-prestop-routed-after-exit.yaml")
  void without_a_pre_stop_delay_the_termination_race_drops_requests(Rollouts rollouts) {
    DeploymentRollout web = rollouts.deployment("web");

    AssertionError failure =
        catchThrowableOfType(
            AssertionError.class,
            () ->
                assertThat(web.updateImage("app", V2))
                    .probing(probe())
                    .completesWithin(ofSeconds(120)));

    org.assertj.core.api.Assertions.assertThat(failure)
        .as(
            "the zero-downtime check must fail on a rollout whose old pods are routed after exiting")
        .isNotNull();
    System.out.println("without preStop: " + failure.getMessage());
    org.assertj.core.api.Assertions.assertThat(failure)
        .hasMessageContaining("to serve every probe within its tolerance")
        .hasMessageContaining("ClusterIP of Service web:80/")
        .hasMessageMatching("(?s).*connection refused=\\d+.*")
        .hasMessageContaining("the race between endpoint removal and SIGTERM");
  }

  @Test
  @Manifest("pre-stop.yaml")
  void with_a_pre_stop_delay_and_a_readiness_probe_no_request_fails(Rollouts rollouts) {
    DeploymentRollout web = rollouts.deployment("web");

    var rollout =
        assertThat(web.updateImage("app", V2))
            .probing(probe())
            .completesWithin(ofSeconds(120))
            .endsAtRevision(2);

    ProbeResult result = rollout.probeResults().get(0);
    System.out.println("with preStop: " + result.summary());
    org.assertj.core.api.Assertions.assertThat(result.failed()).as(result.summary()).isZero();
    // the probing covered the whole rollout, old pods' shutdown included (5 s preStop each)
    org.assertj.core.api.Assertions.assertThat(result.requests()).isGreaterThan(200);
    org.assertj.core.api.Assertions.assertThat(result.statusClasses()).containsOnlyKeys("2xx");
  }
}
