package dev.rollouttest.benchmark;

import dev.rollouttest.cluster.ClusterSettings;
import dev.rollouttest.cluster.ConfigurationSource;
import dev.rollouttest.cluster.local.LocalCluster;
import dev.rollouttest.verdict.VerdictTiming;

/**
 * Prints, per rollout shape, how much earlier (negative) or later than the built {@code kubectl
 * rollout status} our verdict came, over several runs (min / median / max), and whether the two
 * verdicts agreed every time. Not a test: it asserts nothing. Run it with {@code
 * benchmarks/verdicts.sh [runs]}.
 */
public final class VerdictTimingBenchmark {

  public static void main(String[] args) throws Exception {
    int runs = args.length == 0 ? 3 : Integer.parseInt(args[0]);
    ClusterSettings settings =
        ClusterSettings.from(ConfigurationSource.systemPropertiesAndEnvironment());
    try (LocalCluster cluster = LocalCluster.start(settings)) {
      VerdictTiming.print(cluster, runs, System.out);
    }
  }
}
