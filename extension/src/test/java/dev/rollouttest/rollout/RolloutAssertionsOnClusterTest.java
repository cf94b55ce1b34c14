package dev.rollouttest.rollout;

import static dev.rollouttest.assertions.RolloutAssertions.assertThat;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

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
    var change =
        web.patchTemplate(
            t -> {
              t.getMetadata().getAnnotations().put("rollout-test.dev/simulate", "never-ready");
              t.getSpec().getContainers().get(0).setImage("nginx:does-not-exist");
            });

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
}
