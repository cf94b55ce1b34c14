package dev.rollouttest.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rollouttest.cluster.local.LocalCluster;
import dev.rollouttest.testing.LocalClusterExtension;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random rollout sequences on the local backend ({@link SoakSequence}): every verdict must
 * be the one a healthy controller earns, with the invariants held at every moment. Runs a few fixed
 * seeds; {@code -Drollouttest.soak.seed=N} runs seed N alone, to replay a failure, whose message
 * starts with its seed and this command. {@code SoakBenchmark} runs many seeds and counts.
 */
@ExtendWith(LocalClusterExtension.class)
class SoakTest {

  /**
   * Seeds whose sequences together take every kind of step; 14 scales down in the middle of a
   * rollout, which once broke {@code minAvailableAsConfigured()} although the controller behaved.
   */
  static final List<Long> SEEDS = List.of(272L, 22L, 14L);

  static final String SEED_PROPERTY = "rollouttest.soak.seed";

  private final LocalCluster cluster;

  SoakTest(LocalCluster cluster) {
    this.cluster = cluster;
  }

  static Stream<Long> seeds() {
    String replay = System.getProperty(SEED_PROPERTY);
    return replay == null ? SEEDS.stream() : Stream.of(Long.parseLong(replay.trim()));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void every_verdict_is_the_one_a_healthy_controller_earns(long seed) {
    SoakRunner.Result result = SoakRunner.run(cluster, SoakSequence.of(seed), System.out);

    if (!result.passed()) {
      fail(result.report());
    }
    assertThat(result.stepsRun()).isEqualTo(result.sequence().steps().size());
  }
}
