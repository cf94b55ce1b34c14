package dev.rollouttest.rollout;

import static dev.rollouttest.assertions.RolloutAssertions.assertThat;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.rollouttest.assertions.RolloutSoftAssertions;
import dev.rollouttest.cluster.local.LocalCluster;
import dev.rollouttest.testing.LocalClusterExtension;
import dev.rollouttest.testing.Manifests;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/** The rollout assertions driving real rollouts on the local backend. */
@ExtendWith(LocalClusterExtension.class)
class RolloutAssertionsOnClusterTest {

  private final LocalCluster cluster;
  private String namespace;
  private DeploymentRollout web;

  RolloutAssertionsOnClusterTest(LocalCluster cluster) {
    this.cluster = cluster;
  }

  @BeforeEach
  void deploy(TestInfo test) {
    namespace = "assert-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    cluster.createNamespace(namespace, Map.of());
    KubernetesClient client =
        cluster.client().adapt(NamespacedKubernetesClient.class).inNamespace(namespace);
    var deployment = Manifests.deployment("web", 3, "nginx:1.26", Map.of());
    deployment.getSpec().setProgressDeadlineSeconds(5);
    client.apps().deployments().resource(deployment).create();
    web = DeploymentRollout.of(client, "web");
    client
        .apps()
        .deployments()
        .withName("web")
        .waitUntilCondition(
            d -> RolloutStatus.of(d).done(), 60, java.util.concurrent.TimeUnit.SECONDS);
  }

  @AfterEach
  void clean() {
    cluster.deleteNamespace(namespace);
  }

  @Test
  void an_update_completes_and_the_history_reads_like_kubectl() {
    assertThat(web.updateImage("web", "nginx:1.27").because("CVE fix"))
        .completesWithin(ofSeconds(60))
        .endsAtRevision(2)
        .deployment()
        .isComplete()
        .hasImage("web", "nginx:1.27");

    assertThat(web.history())
        .hasRevisions(1, 2)
        .revision(2)
        .hasImage("nginx:1.27")
        .hasChangeCause("CVE fix");
    assertThat(web.history()).revision(1).hasImage("nginx:1.26").hasNoChangeCause();
  }

  @Test
  void an_image_that_cannot_be_pulled_fails_fast_naming_the_pods() {
    long started = System.nanoTime();
    var change = unpullable();

    AssertionError error =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            AssertionError.class, () -> assertThat(change).completesWithin(ofSeconds(60)));

    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertThat(took).as("failed fast, not after the 60 s timeout").isLessThan(ofSeconds(20));
    assertThat(error)
        .hasMessageContaining("(patch of the pod template)")
        .hasMessageContaining("to complete within 1m,")
        .hasMessageContaining("with IMAGE_PULL_FAILURE.")
        .hasMessageContaining("Failing pods of the new revision:")
        .hasMessageContaining(
            ": container web waiting: ImagePullBackOff (Back-off pulling image \"nginx:does-not-exist\"")
        .hasCauseInstanceOf(RuntimeException.class);
    assertThat(error.getCause())
        .hasMessageStartingWith("last observed Deployment " + namespace + "/web (");
  }

  @Test
  void a_stalled_rollout_fails_with_progress_deadline_exceeded() {
    var change =
        web.patchTemplate(
            t -> t.getMetadata().getAnnotations().put("rollout-test.dev/simulate", "never-ready"));

    assertThat(change).failsWith(RolloutFailure.PROGRESS_DEADLINE_EXCEEDED).endsAtRevision(2);
    assertThat(web.get()).hasRevision(2);
  }

  @Test
  void a_completing_rollout_is_not_a_failure() {
    assertThatExceptionOfType(AssertionError.class)
        .isThrownBy(
            () ->
                assertThat(web.updateImage("nginx:1.27"))
                    .failsWith(RolloutFailure.CRASHING_PODS, ofSeconds(30)))
        .withMessageContaining("to fail with CRASHING_PODS,")
        .withMessageContaining("but it completed after");
  }

  @Test
  void with_fail_fast_never_an_unpullable_image_waits_for_the_progress_deadline_as_kubectl_does() {
    long started = System.nanoTime();
    var change = unpullable();

    AssertionError error =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            AssertionError.class,
            () -> assertThat(change).withFailFast(FailFast.never()).completesWithin(ofSeconds(60)));

    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as("not before the 5 s progress deadline")
        .isGreaterThanOrEqualTo(ofSeconds(5));
    assertThat(error)
        .hasMessageContaining("with PROGRESS_DEADLINE_EXCEEDED.")
        .hasMessageContaining(
            "Rule that fired:\n  the Deployment's Progressing condition has reason"
                + " ProgressDeadlineExceeded, which is kubectl rollout status's own failure")
        .hasMessageContaining("exceeded its progress deadline");
  }

  @Test
  void a_crash_looping_new_revision_fails_fast_naming_the_rule_and_the_restarts() {
    var change =
        web.patchTemplate(
            t -> t.getMetadata().getAnnotations().put("rollout-test.dev/simulate", "crash-loop"));

    AssertionError error =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            AssertionError.class, () -> assertThat(change).completesWithin(ofSeconds(60)));

    assertThat(error)
        .hasMessageContaining("with CRASHING_PODS.")
        .hasMessageContaining(
            "fail-fast rule CRASHING_PODS: a container of the new revision is in CrashLoopBackOff"
                + " after at least 3 restarts (policy FailFast[IMAGE_PULL_FAILURE, CRASHING_PODS after 3"
                + " restarts]; withFailFast(FailFast.never()) waits as kubectl rollout status does)")
        .hasMessageMatching(
            "(?s).*\n  web-[a-z0-9]+-[a-z0-9]+: container web waiting: CrashLoopBackOff \\(.*\\), 3 restarts.*");
  }

  @Test
  void a_crash_loop_below_the_policys_restarts_does_not_fail_fast() {
    var change =
        web.patchTemplate(
            t -> t.getMetadata().getAnnotations().put("rollout-test.dev/simulate", "crash-loop"));

    // the simulated crash loop shows 3 restarts: below 5 the policy waits for kubectl's verdict
    AssertionError error =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            AssertionError.class,
            () ->
                assertThat(change)
                    .withFailFast(FailFast.onUnrecoverable().crashLoopRestarts(5))
                    .completesWithin(ofSeconds(60)));

    assertThat(error)
        .hasMessageContaining("with PROGRESS_DEADLINE_EXCEEDED.")
        .hasMessageNotContaining("fail-fast rule CRASHING_PODS");
  }

  @Test
  void soft_assertions_collect_a_failed_verdict_and_go_on() {
    RolloutSoftAssertions softly = new RolloutSoftAssertions();
    var bad = unpullable();

    softly.assertThat(bad).completesWithin(ofSeconds(60)).endsAtRevision(7);
    softly.assertThat(web.undo()).completesWithin(ofSeconds(60)).endsAtRevision(3);

    assertThat(softly.assertionErrorsCollected())
        .hasSize(2)
        .satisfiesExactly(
            first -> assertThat(first).hasMessageContaining("with IMAGE_PULL_FAILURE."),
            second -> assertThat(second).hasMessageContaining("revision 7"));
    assertThatExceptionOfType(AssertionError.class).isThrownBy(softly::assertAll);
    assertThat(web.get()).hasRevision(3);
  }

  @Test
  void a_timeout_is_an_assertion_error_whose_cause_is_the_last_observed_state() {
    web.pause().apply();

    AssertionError error =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            AssertionError.class,
            () -> assertThat(web.updateImage("web", "nginx:1.27")).completesWithin(ofSeconds(2)));

    assertThat(error)
        .hasMessageContaining("to complete within 2s,")
        .hasMessageContaining("but it had not completed after 2")
        .hasMessageContaining(
            "kubectl rollout status:\n  Waiting for deployment \"web\" rollout to finish: 0 out of 3"
                + " new replicas have been updated...");
    assertThat(error.getCause())
        .hasMessageStartingWith("last observed Deployment " + namespace + "/web (")
        .hasMessageEndingWith("0 out of 3 new replicas have been updated...");
    assertThat(dev.rollouttest.model.TimelineAttachment.find(error))
        .get()
        .satisfies(
            t ->
                assertThat(t.moments().get(t.moments().size() - 1).event())
                    .isEqualTo("verdict: timed out"));
  }

  /** A change to an image that cannot be pulled (simulated on the local backend). */
  private DeploymentRollout.TemplateChange unpullable() {
    return web.patchTemplate(
        t -> {
          t.getMetadata().getAnnotations().put("rollout-test.dev/simulate", "never-ready");
          t.getSpec().getContainers().get(0).setImage("nginx:does-not-exist");
        });
  }
}
