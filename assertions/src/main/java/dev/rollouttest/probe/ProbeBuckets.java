package dev.rollouttest.probe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cuts a probing's samples into {@link ProbeResult.Bucket}s of a second (of the probe's interval,
 * when that is longer, so that every bucket holds a request while the probe runs), counted from the
 * first counted request's time: a long run costs a few numbers a second, not a sample per request.
 * A last bucket shorter than half a width joins the one before, so that no rate is taken over a
 * sliver of time.
 */
final class ProbeBuckets {

  private static final long SECOND = 1_000_000_000L;

  private ProbeBuckets() {}

  /**
   * @param ordered the samples in the order they were sent, none before {@code fromNanos}
   * @param fromNanos when counting began, since the probing's start
   * @param endNanos when the probing ended, since its start
   * @param offsetNanos the probing's start on the clock the buckets are timed on
   * @param interval the time between two requests
   */
  static List<ProbeResult.Bucket> of(
      List<HttpProbing.Sample> ordered,
      long fromNanos,
      long endNanos,
      long offsetNanos,
      Duration interval) {
    if (endNanos <= fromNanos) {
      return List.of();
    }
    long width = Math.max(SECOND, interval.toNanos());
    int count = (int) Math.max(1, (endNanos - fromNanos) / width);
    long rest = endNanos - fromNanos - count * width;
    if (rest * 2 >= width) {
      count++;
    }
    List<ProbeResult.Bucket> buckets = new ArrayList<>(count);
    List<Long> latencies = new ArrayList<>();
    Map<String, Integer> failures = new TreeMap<>();
    int next = 0;
    for (int k = 0; k < count; k++) {
      long from = fromNanos + k * width;
      long to = k == count - 1 ? endNanos : from + width;
      int requests = 0;
      int failed = 0;
      latencies.clear();
      failures.clear();
      for (;
          next < ordered.size() && (k == count - 1 || ordered.get(next).sentNanos() < to);
          next++) {
        HttpProbing.Sample s = ordered.get(next);
        requests++;
        if (s.error() == null) {
          latencies.add(s.latencyNanos());
        }
        if (!s.success()) {
          failed++;
          failures.merge(HttpProbing.describe(s), 1, Integer::sum);
        }
      }
      latencies.sort(null);
      buckets.add(
          new ProbeResult.Bucket(
              Duration.ofNanos(offsetNanos + from),
              Duration.ofNanos(offsetNanos + to),
              requests,
              latencies.size(),
              failed,
              failures,
              latencies.isEmpty()
                  ? Duration.ZERO
                  : Duration.ofNanos(latencies.get((latencies.size() - 1) / 2)),
              latencies.isEmpty()
                  ? Duration.ZERO
                  : Duration.ofNanos(latencies.get(latencies.size() - 1))));
    }
    return buckets;
  }
}
