package dev.rollouttest.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * kubectl's rollout-status rule, case by case, with kubectl's words ({@code
 * polymorphichelpers/rollout_status.go}, {@code DeploymentStatusViewer.Status}).
 */
class KubectlRolloutStatusTest {

  /** generation, observed, spec replicas, replicas, updated, available, progressing reason. */
  private static Deployment web(
      long generation,
      long observed,
      int spec,
      int replicas,
      int updated,
      int available,
      String progressing) {
    DeploymentBuilder b =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("web")
            .withGeneration(generation)
            .addToAnnotations(Revisions.ANNOTATION, "2")
            .endMetadata()
            .withNewSpec()
            .withReplicas(spec)
            .endSpec()
            .withNewStatus()
            .withObservedGeneration(observed)
            .withReplicas(replicas)
            .withUpdatedReplicas(updated)
            .withAvailableReplicas(available)
            .endStatus();
    if (progressing != null) {
      b.editStatus()
          .addNewCondition()
          .withType("Progressing")
          .withStatus("False")
          .withReason(progressing)
          .endCondition()
          .endStatus();
    }
    return b.build();
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            web(2, 1, 3, 3, 3, 3, null),
            false,
            false,
            "Waiting for deployment spec update to be observed..."),
        Arguments.of(
            web(2, 2, 3, 4, 3, 3, "ProgressDeadlineExceeded"),
            false,
            true,
            "deployment \"web\" exceeded its progress deadline"),
        Arguments.of(
            web(2, 2, 3, 4, 1, 3, null),
            false,
            false,
            "Waiting for deployment \"web\" rollout to finish: 1 out of 3 new replicas have been updated..."),
        Arguments.of(
            web(2, 2, 3, 4, 3, 3, null),
            false,
            false,
            "Waiting for deployment \"web\" rollout to finish: 1 old replicas are pending termination..."),
        Arguments.of(
            web(2, 2, 3, 3, 3, 2, null),
            false,
            false,
            "Waiting for deployment \"web\" rollout to finish: 2 of 3 updated replicas are available..."),
        Arguments.of(
            web(2, 2, 3, 3, 3, 3, null), true, false, "deployment \"web\" successfully rolled out"),
        // the previous rollout's status must not count: generation not yet observed although counts
        // all match
        Arguments.of(
            web(3, 2, 3, 3, 3, 3, null),
            false,
            false,
            "Waiting for deployment spec update to be observed..."),
        Arguments.of(
            web(2, 3, 0, 0, 0, 0, null),
            true,
            false,
            "deployment \"web\" successfully rolled out"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void follows_kubectl(Deployment deployment, boolean done, boolean failed, String message) {
    assertThat(KubectlRolloutStatus.of(deployment))
        .isEqualTo(new KubectlRolloutStatus(done, failed, message));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void a_pinned_revision_that_is_not_running_is_an_error(Deployment deployment) {
    assertThat(KubectlRolloutStatus.of(deployment, OptionalLong.of(3)))
        .isEqualTo(
            new KubectlRolloutStatus(
                false, true, "desired revision (3) is different from the running revision (2)"));
    assertThat(KubectlRolloutStatus.of(deployment, OptionalLong.of(2)))
        .isEqualTo(KubectlRolloutStatus.of(deployment));
  }

  @Test
  void a_deployment_the_controller_has_not_seen_yet_waits_for_its_spec_to_be_observed() {
    Deployment created =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("web")
            .withGeneration(1L)
            .endMetadata()
            .withNewSpec()
            .endSpec()
            .build();

    assertThat(KubectlRolloutStatus.of(created))
        .isEqualTo(
            new KubectlRolloutStatus(
                false, false, "Waiting for deployment spec update to be observed..."));
    assertThat(KubectlRolloutStatus.of(created, OptionalLong.of(1)))
        .as("no revision yet is not the pinned one")
        .isEqualTo(
            new KubectlRolloutStatus(
                false, true, "desired revision (1) is different from the running revision (null)"));
  }
}
