package dev.rollouttest.rollout.internal;

import java.time.Duration;
import java.util.Arrays;
import org.apiguardian.api.API;

/**
 * Figures of a recording, for benchmarks.
 *
 * @param moments moments recorded
 * @param elapsed since the recording started
 * @param evaluationNanos per moment evaluated online: nanoseconds from the event's arrival in the
 *     handler to its moment recorded and every invariant checked
 * @param violationNanos the same, for the moments that recorded a violation
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public record RecorderStats(
    int moments, Duration elapsed, long[] evaluationNanos, long[] violationNanos) {

  /** The {@code p}-th percentile (0–100) of {@code nanos}, in milliseconds; 0 when empty. */
  public static double percentileMillis(long[] nanos, double p) {
    if (nanos.length == 0) {
      return 0;
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
  }
}
