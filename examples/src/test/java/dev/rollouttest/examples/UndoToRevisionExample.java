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
 * Three releases, each with its change-cause, then an undo to the first release's revision: the
 * reused ReplicaSet takes the next number (4), remembers its old one (1), and the first release's
 * change-cause comes back.
 */
@RolloutTest
@Manifest("web.yaml")
class UndoToRevisionExample {

  @Test
  void undo_to_a_given_revision(Rollouts rollouts, KubernetesCluster cluster) {
    DeploymentRollout web = rollouts.deployment("web");
    web.patchTemplate(t -> {})
        .because("release 1")
        .apply(); // names the running revision, same template
    assertThat(web.updateImage("web", "nginx:1.27").because("release 2"))
        .completesWithin(ofSeconds(120));
    assertThat(web.updateImage("web", "nginx:1.28").because("release 3"))
        .completesWithin(ofSeconds(120));
    assertThat(web.history()).hasRevisions(1, 2, 3);

    assertThat(web.undoTo(1))
        .completesWithin(ofSeconds(120))
        .endsAtRevision(4)
        .deployment()
        .hasImage("web", "nginx:1.26");
    assertThat(web.history())
        .hasRevisions(2, 3, 4)
        .revision(4)
        .hasImage("nginx:1.26")
        .hasChangeCause("release 1");

    Examples.report(
        "undo-to-revision",
        cluster,
        "undo to revision 1 became revision 4 (formerly %s) with change-cause \"release 1\"",
        web.history().revision(4).orElseThrow().earlierNumbers());
  }
}
