package dev.rollouttest.rollout.internal;

import java.util.Arrays;

/**
 * How long the recorder took per moment evaluated online, from the event's arrival in the handler
 * to its moment recorded and every invariant checked: the figures of {@link RecorderStats}. Not
 * thread-safe: the recorder adds under its lock.
 */
final class EvaluationTimes {

  private long[] all = new long[1024];
  private int count;
  private long[] violating = new long[16];
  private int violatingCount;

  /** Adds one evaluation that took {@code nanos}, and whether it found a violation. */
  void add(long nanos, boolean violated) {
    if (count == all.length) {
      all = Arrays.copyOf(all, all.length * 2);
    }
    all[count++] = nanos;
    if (violated) {
      if (violatingCount == violating.length) {
        violating = Arrays.copyOf(violating, violating.length * 2);
      }
      violating[violatingCount++] = nanos;
    }
  }

  /** The time of each evaluation, in nanoseconds, in order. */
  long[] all() {
    return Arrays.copyOf(all, count);
  }

  /** The time of each evaluation that found a violation, in nanoseconds, in order. */
  long[] violating() {
    return Arrays.copyOf(violating, violatingCount);
  }
}
