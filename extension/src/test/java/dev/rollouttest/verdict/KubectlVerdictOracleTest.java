package dev.rollouttest.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouttest.cluster.local.LocalCluster;
import dev.rollouttest.testing.LocalClusterExtension;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * kubectl is the oracle of "complete": on each rollout shape, our verdict and the built {@code
 * kubectl rollout status}'s, started at the same instant, must agree (complete, failed, timed out).
 * How much earlier or later ours came is printed here and measured over several runs by {@code
 * benchmarks/verdicts.sh}.
 */
@ExtendWith(LocalClusterExtension.class)
class KubectlVerdictOracleTest {

  private final LocalCluster cluster;

  KubectlVerdictOracleTest(LocalCluster cluster) {
    this.cluster = cluster;
  }

  static List<VerdictRace.Case> cases() {
    return VerdictRace.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void same_verdict_as_kubectl_rollout_status(VerdictRace.Case race) throws Exception {
    VerdictRace.Result result = VerdictRace.run(cluster, race);
    System.out.println("VERDICT " + result);

    assertThat(result.ours()).as(result.toString()).isEqualTo(result.kubectl());
  }
}
