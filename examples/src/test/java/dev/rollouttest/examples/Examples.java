package dev.rollouttest.examples;

import dev.rollouttest.cluster.KubernetesCluster;
import java.time.Duration;
import java.util.Arrays;

/**
 * The one line each example prints when it passes: its name, the backend, and the figure it
 * checked.
 */
final class Examples {

  private Examples() {}

  static void report(String example, KubernetesCluster cluster, String figure, Object... args) {
    Object[] printable =
        Arrays.stream(args)
            .map(
                a ->
                    a instanceof Duration d
                        ? String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0)
                        : a)
            .toArray();
    System.out.printf(
        "EXAMPLE %s [%s backend]: PASS - %s%n",
        example, cluster.backend(), String.format(figure, printable));
  }
}
