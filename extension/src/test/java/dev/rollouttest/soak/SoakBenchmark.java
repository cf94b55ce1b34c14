package dev.rollouttest.soak;

import dev.rollouttest.cluster.local.LocalCluster;
import dev.rollouttest.testing.LocalClusterExtension;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs N seeded random rollout sequences ({@link SoakSequence}, seeds {@code first} .. first+N−1)
 * on one local cluster and prints one line per step, the report of each failed sequence (its seed
 * and the command that replays it first), and {@code RESULT soak: N sequences, S steps, F false
 * alarms, M misses} (goal: 0 and 0). Not a test: it asserts nothing. Run it with {@code
 * benchmarks/soak.sh [sequences=20] [first seed=1]}.
 */
public final class SoakBenchmark {

  private SoakBenchmark() {}

  public static void main(String[] args) {
    int sequences = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    long first = args.length > 1 ? Long.parseLong(args[1]) : 1;
    int steps = 0;
    int falseAlarms = 0;
    int misses = 0;
    List<Long> failed = new ArrayList<>();
    long started = System.nanoTime();
    try (LocalCluster cluster = LocalCluster.start(LocalClusterExtension.settings())) {
      for (long seed = first; seed < first + sequences; seed++) {
        SoakRunner.Result result = SoakRunner.run(cluster, SoakSequence.of(seed), System.out);
        steps += result.stepsRun();
        falseAlarms += result.falseAlarms().size();
        misses += result.misses().size();
        if (!result.passed()) {
          failed.add(seed);
          System.out.println(result.report());
        }
      }
    }
    System.out.printf(
        "RESULT soak: %d sequences, %d steps, %d false alarms, %d misses (seeds %d..%d, %.0f s%s)%n",
        sequences,
        steps,
        falseAlarms,
        misses,
        first,
        first + sequences - 1,
        (System.nanoTime() - started) / 1e9,
        failed.isEmpty() ? "" : "; failed seeds " + failed);
  }
}
