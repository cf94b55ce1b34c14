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
    @Nullable Duration gapTolerated) {

  /** Copies the maps (sorted by key) and the failures, so the result cannot change. */
  public ProbeResult {
    statusClasses = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(statusClasses));
    errors = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(errors));
    failures = List.copyOf(failures);
  }

  static ProbeResult of(HttpProbe probe, List<HttpProbing.Sample> samples, long endNanos) {
    return of(probe, samples, 0, endNanos);
  }

  /** The result of the samples sent from {@code fromNanos} (since the probing began) on. */
  static ProbeResult of(
      HttpProbe probe, List<HttpProbing.Sample> samples, long fromNanos, long endNanos) {
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
        probe.gapTolerated());
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
