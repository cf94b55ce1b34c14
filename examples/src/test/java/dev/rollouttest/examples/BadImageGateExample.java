package dev.rollouttest.examples;

import static dev.rollouttest.assertions.RolloutAssertions.assertThat;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rollouttest.cluster.KubernetesCluster;
import dev.rollouttest.junit.Manifest;
import dev.rollouttest.junit.RolloutTest;
import dev.rollouttest.rollout.DeploymentRollout;
import dev.rollouttest.rollout.Rollouts;
import org.junit.jupiter.api.Test;

/**
 * A release with an image that cannot be pulled must fail the gate fast, not after the timeout, and
 * be undone; its failure names the page that draws the rollout. On the local backend the annotation
 * rollout-test.dev/simulate=never-ready plays the missing image; on K3s the image really does not
 * exist.
 */
@RolloutTest
@Manifest("web.yaml")
class BadImageGateExample {

  @Test
  void a_bad_image_fails_the_gate_and_is_undone(Rollouts rollouts, KubernetesCluster cluster) {
    DeploymentRollout web = rollouts.deployment("web");
    var bad =
        web.patchTemplate(
                t -> {
                  t.getMetadata().getAnnotations().put("rollout-test.dev/simulate", "never-ready");
                  t.getSpec().getContainers().get(0).setImage("nginx:no-such-tag-rollout-test");
                })
            .because("bad release");

    long started = System.nanoTime();
    AssertionError gate =
        catchThrowableOfType(
            AssertionError.class, () -> assertThat(bad).completesWithin(ofSeconds(300)));
    double failedAfter = (System.nanoTime() - started) / 1e9;
    assertThat(gate)
        .hasMessageContaining("ImagePullBackOff")
        .hasMessageContaining("Failing pods of the new revision")
        // the failure names the page that draws the rollout
        .hasMessageContaining("See the rollout: file:");
    java.nio.file.Path page =
        java.nio.file.Path.of(
            java.net.URI.create(
                gate.getMessage().replaceFirst("(?s).*See the rollout: (file:\\S+).*", "$1")));
    assertThat(page).content().contains("<td id=\"assertion\" class=\"verdict-bad\">failed</td>");
    assertThat(web.get()).hasImage("web", "nginx:no-such-tag-rollout-test");

    assertThat(web.undo())
        .completesWithin(ofSeconds(120))
        .endsAtRevision(3)
        .deployment()
        .hasImage("web", "nginx:1.26");

    Examples.report(
        "bad-image-gate",
        cluster,
        "the bad image failed the gate after %.1f s of a 300 s budget; undo restored nginx:1.26 as"
            + " revision 3; the failed rollout's page: %s",
        failedAfter,
        page.toUri());
  }
}
