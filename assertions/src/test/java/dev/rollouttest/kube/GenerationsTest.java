package dev.rollouttest.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.Test;

/** The controller has acted on a spec once observedGeneration reaches its generation. */
class GenerationsTest {

  private static Deployment deployment(Long generation, Long observed) {
    DeploymentBuilder d =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("web")
            .withGeneration(generation)
            .endMetadata();
    if (observed != null) {
      d.withNewStatus().withObservedGeneration(observed).endStatus();
    }
    return d.build();
  }

  @Test
  void a_generation_is_observed_once_observed_generation_reaches_it() {
    assertThat(Generations.observed(deployment(3L, 3L))).isTrue();
    assertThat(Generations.observed(deployment(3L, 4L))).isTrue();
    assertThat(Generations.observed(deployment(4L, 3L), 3)).isTrue();
  }

  @Test
  void a_newer_generation_or_a_missing_status_is_not_observed_yet() {
    assertThat(Generations.observed(deployment(4L, 3L))).isFalse();
    assertThat(Generations.observed(deployment(1L, null))).isFalse();
    assertThat(Generations.observedGeneration(deployment(1L, null))).isZero();
    assertThat(Generations.generation(deployment(null, null))).isZero();
  }
}
