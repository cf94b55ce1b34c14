package dev.rollouttest.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouttest.kube.KubectlRolloutStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The public status carries kubectl's answer as the rule in {@code kube} gives it. */
class RolloutStatusTest {

  @Test
  void carries_the_answer_of_kubectls_rule() {
    Deployment web =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("web")
            .withGeneration(2L)
            .addToAnnotations("deployment.kubernetes.io/revision", "2")
            .endMetadata()
            .withNewSpec()
            .withReplicas(3)
            .endSpec()
            .withNewStatus()
            .withObservedGeneration(2L)
            .withReplicas(3)
            .withUpdatedReplicas(3)
            .withAvailableReplicas(2)
            .endStatus()
            .build();

    assertThat(RolloutStatus.of(web))
        .isEqualTo(
            new RolloutStatus(
                false,
                false,
                "Waiting for deployment \"web\" rollout to finish: 2 of 3 updated replicas are"
                    + " available..."));
    KubectlRolloutStatus pinned = KubectlRolloutStatus.of(web, OptionalLong.of(3));
    assertThat(RolloutStatus.of(web, OptionalLong.of(3)))
        .isEqualTo(new RolloutStatus(pinned.done(), pinned.failed(), pinned.message()));
  }
}
