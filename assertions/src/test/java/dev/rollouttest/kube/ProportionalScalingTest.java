package dev.rollouttest.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The controller's proportional scaling ({@code sync.go scale}, {@code GetProportion}), on the
 * example of the Kubernetes documentation and worked cases of its rules.
 */
class ProportionalScalingTest {

  @Test
  void the_documentation_example_10_to_15_during_a_rollout() {
    // docs ("Proportional scaling"): 10 replicas, maxSurge 3, maxUnavailable 2; a stuck rollout
    // has 8 old and 5 new; scaled to 15 (max 18, was 13): the old ReplicaSet gets 11, the new 7
    assertThat(ProportionalScaling.sizes(Map.of(1L, 8, 2L, 5), 13, 15, 18))
        .containsExactlyInAnyOrderEntriesOf(Map.of(1L, 11, 2L, 7));
  }

  @Test
  void scaling_3_to_6_with_25_percent() {
    // max was 3 + 1, is 6 + 2
    assertThat(ProportionalScaling.sizes(Map.of(1L, 3, 2L, 1), 4, 6, 8))
        .containsExactlyInAnyOrderEntriesOf(Map.of(1L, 6, 2L, 2));
  }

  @Test
  void ties_go_to_the_newer_when_scaling_up_and_the_leftover_to_the_older_when_scaling_down() {
    assertThat(ProportionalScaling.sizes(Map.of(1L, 2, 2L, 2), 4, 5, 7))
        .containsExactlyInAnyOrderEntriesOf(Map.of(1L, 3, 2L, 4));
    assertThat(ProportionalScaling.sizes(Map.of(1L, 2, 2L, 2), 4, 2, 3))
        .containsExactlyInAnyOrderEntriesOf(Map.of(1L, 1, 2L, 2));
  }

  @Test
  void scaling_to_zero_empties_every_replica_set() {
    assertThat(ProportionalScaling.sizes(Map.of(1L, 3, 2L, 2), 5, 0, 0))
        .containsExactlyInAnyOrderEntriesOf(Map.of(1L, 0, 2L, 0));
  }
}
