package dev.rollouttest.probe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * What an {@link HttpProbe} saw.
 *
 * @param target what was probed
 * @param requests requests that got an answer or an error
 * @param statusClasses answers per status class, in order, e.g. {@code 2xx=118, 5xx=3}
 * @param errors requests without an answer, per kind: {@code connection refused}, {@code timeout}…
 * @param p50 median latency of the answered requests
 * @param p99 99th percentile latency
 * @param max slowest answer
 * @param longestGap the longest time without a successful request (an answer below 500), counting
 *     from the start and to the end of the probing
 * @param failures the first failed requests (up to 10): when, and what
 * @param failuresTolerated from the probe's tolerance
 * @param gapTolerated from the probe's tolerance; {@code null}: any gap
 * @param series the same over time: a {@link Bucket} per second (per {@link HttpProbe#every
 *     interval} when that is longer) from the start of the counted requests to the end, in order,
 *     timed on the clock of the recording the probe ran alongside (see {@link
 *     HttpProbing#timedFrom}), else from the probing's own start; empty when it was not recorded
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ProbeResult(
    String target,
    long requests,
    Map<String, Long> statusClasses,
    Map<String, Long> errors,
    Duration p50,
    Duration p99,
    Duration max,
    Duration longestGap,
    List<String> failures,
    long failuresTolerated,
    @Nullable Duration gapTolerated,
    List<Bucket> series) {

  /** Copies the maps (sorted by key), the failures and the series, so the result cannot change. */
  public ProbeResult {
    statusClasses = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(statusClasses));
    errors = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(errors));
    failures = List.copyOf(failures);
    series = List.copyOf(series);
  }

  /** A result without its series over time. */
  public ProbeResult(
      String target,
      long requests,
      Map<String, Long> statusClasses,
      Map<String, Long> errors,
      Duration p50,
      Duration p99,
      Duration max,
      Duration longestGap,
      List<String> failures,
      long failuresTolerated,
      @Nullable Duration gapTolerated) {
    this(
        target,
        requests,
        statusClasses,
        errors,
        p50,
        p99,
        max,
        longestGap,
        failures,
        failuresTolerated,
        gapTolerated,
        List.of());
  }

  /**
   * The requests sent during one bucket of time: how many, how many answered, how many failed and
   * how (a 5xx answer by its status, or no answer by its kind), and the median and the slowest
   * answer. Per bucket the median and the maximum rather than high percentiles: at the default rate
   * of 10 requests a second, a second's p95 or p99 is its slowest request anyway; the whole run's
   * p99 is the result's.
   *
   * @param from when the bucket begins, on the result's clock
   * @param to when it ends: a second later, or earlier (the end of the probing) for the last
   * @param requests requests sent in it that got an answer or an error
   * @param answered those that got an answer, whatever its status
   * @param failed those that failed: a 5xx answer, or none
   * @param failures the failed ones per kind, e.g. {@code 503 (5xx)=2, connection refused=3}; empty
   *     when none failed
   * @param p50 the median latency of the answered ones, zero when none answered
   * @param max the slowest answer, zero when none answered
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public record Bucket(
      Duration from,
      Duration to,
      int requests,
      int answered,
      int failed,
      Map<String, Integer> failures,
      Duration p50,
      Duration max) {

    /** Copies the failures, sorted by kind, so the bucket cannot change. */
    public Bucket {
      failures =
          failures.isEmpty()
              ? Map.of()
              : java.util.Collections.unmodifiableSortedMap(new TreeMap<>(failures));
    }

    /** Requests per second over the bucket. */
    public double requestsPerSecond() {
      return perSecond(requests);
    }

    /** Failed requests per second over the bucket. */
    public double failuresPerSecond() {
      return perSecond(failed);
    }

    private double perSecond(int n) {
      long nanos = to.minus(from).toNanos();
      return nanos <= 0 ? 0 : n * 1e9 / nanos;
    }
  }

  static ProbeResult of(HttpProbe probe, List<HttpProbing.Sample> samples, long endNanos) {
    return of(probe, samples, 0, endNanos, 0);
  }

  /**
   * The result of the samples sent from {@code fromNanos} (since the probing began) on; its series
   * timed {@code offsetNanos} later (the probing's start on the clock it is timed on).
   */
  static ProbeResult of(
      HttpProbe probe,
      List<HttpProbing.Sample> samples,
      long fromNanos,
      long endNanos,
      long offsetNanos) {
    Map<String, Long> classes = new TreeMap<>();
    Map<String, Long> errors = new TreeMap<>();
    List<Long> latencies = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    List<HttpProbing.Sample> ordered = new ArrayList<>(samples);
    ordered.sort(Comparator.comparingLong(HttpProbing.Sample::sentNanos));
    long lastSuccess = fromNanos;
    long longestGap = 0;
    for (HttpProbing.Sample s : ordered) {
      if (s.error() == null) {
        classes.merge(s.status() / 100 + "xx", 1L, Long::sum);
        latencies.add(s.latencyNanos());
      } else {
        errors.merge(s.error(), 1L, Long::sum);
      }
      if (s.success()) {
        longestGap = Math.max(longestGap, s.sentNanos() - lastSuccess);
        lastSuccess = s.sentNanos();
      } else if (failures.size() < 10) {
        failures.add(
            String.format(
                java.util.Locale.ROOT, "%.3fs %s", s.sentNanos() / 1e9, HttpProbing.describe(s)));
      }
    }
    longestGap = Math.max(longestGap, endNanos - lastSuccess);
    latencies.sort(null);
    return new ProbeResult(
        probe.target(),
        ordered.size(),
        classes,
        errors,
        percentile(latencies, 50),
        percentile(latencies, 99),
        percentile(latencies, 100),
        Duration.ofNanos(longestGap),
        failures,
        probe.failuresTolerated(),
        probe.gapTolerated(),
        ProbeBuckets.of(ordered, fromNanos, endNanos, offsetNanos, probe.interval()));
  }

  private static Duration percentile(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return Duration.ZERO;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return Duration.ofNanos(sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))));
  }

  /** Requests that failed: a 5xx answer, or none. */
  public long failed() {
    return statusClasses.getOrDefault("5xx", 0L)
        + errors.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Why the result is beyond the probe's tolerance, or empty. */
  public Optional<String> beyondTolerance() {
    List<String> why = new ArrayList<>();
    if (requests == 0) {
      why.add("no request got an answer or an error");
    }
    if (failed() > failuresTolerated) {
      why.add(failed() + " failed request(s), " + failuresTolerated + " tolerated");
    }
    if (gapTolerated != null && longestGap.compareTo(gapTolerated) > 0) {
      why.add(
          String.format(
              java.util.Locale.ROOT,
              "%.3fs without a success, %.3fs tolerated",
              longestGap.toNanos() / 1e9,
              gapTolerated.toNanos() / 1e9));
    }
    return why.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", why));
  }

  /**
   * {@code Service web:80/: 120 requests, 2xx=120, latency p50 3.1 ms p99 12.0 ms max 15.2 ms,
   * longest gap 0.104s}.
   */
  public String summary() {
    StringBuilder b = new StringBuilder();
    b.append(target).append(": ").append(requests).append(" requests");
    statusClasses.forEach((k, v) -> b.append(", ").append(k).append('=').append(v));
    errors.forEach((k, v) -> b.append(", ").append(k).append('=').append(v));
    b.append(
        String.format(
            java.util.Locale.ROOT,
            ", latency p50 %.1f ms p99 %.1f ms max %.1f ms, longest gap between successes %.3fs",
            p50.toNanos() / 1e6,
            p99.toNanos() / 1e6,
            max.toNanos() / 1e6,
            longestGap.toNanos() / 1e9));
    if (!failures.isEmpty()) {
      b.append("; first failures: ").append(failures);
    }
    return b.toString();
  }
}
