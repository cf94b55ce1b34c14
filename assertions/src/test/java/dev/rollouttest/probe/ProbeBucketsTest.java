package dev.rollouttest.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A probing's samples cut into buckets of a second, on the clock of the recording. */
class ProbeBucketsTest {

  private static final long MS = 1_000_000L;

  /**
   * A request every 100 ms for 3.4 s, each answered 200 in 5 ms but one in 40 ms at 0.5 s; at 1.2
   * and 1.3 s a 503, at 1.4 s connection refused.
   */
  private static List<HttpProbing.Sample> samples() {
    List<HttpProbing.Sample> samples = new ArrayList<>();
    for (long t = 0; t < 3400; t += 100) {
      if (t == 1200 || t == 1300) {
        samples.add(new HttpProbing.Sample(t * MS, 5 * MS, 503, null));
      } else if (t == 1400) {
        samples.add(new HttpProbing.Sample(t * MS, 1 * MS, 0, "connection refused"));
      } else {
        samples.add(new HttpProbing.Sample(t * MS, (t == 500 ? 40 : 5) * MS, 200, null));
      }
    }
    return samples;
  }

  @Test
  void a_bucket_a_second_with_requests_failures_by_kind_and_latency_on_the_recording_clock() {
    List<ProbeResult.Bucket> buckets =
        ProbeBuckets.of(samples(), 0, 3400 * MS, 2000 * MS, Duration.ofMillis(100));

    // 3.4 s: the last 0.4 s joins the third bucket; timed 2 s later, the probing's start
    assertThat(buckets).hasSize(3);
    ProbeResult.Bucket first = buckets.get(0);
    assertThat(first.from()).isEqualTo(Duration.ofSeconds(2));
    assertThat(first.to()).isEqualTo(Duration.ofSeconds(3));
    assertThat(first.requests()).isEqualTo(10);
    assertThat(first.answered()).isEqualTo(10);
    assertThat(first.failed()).isZero();
    assertThat(first.failures()).isEmpty();
    assertThat(first.p50()).isEqualTo(Duration.ofMillis(5));
    assertThat(first.max()).isEqualTo(Duration.ofMillis(40));
    assertThat(first.requestsPerSecond()).isEqualTo(10.0);

    ProbeResult.Bucket burst = buckets.get(1);
    assertThat(burst.from()).isEqualTo(Duration.ofSeconds(3));
    assertThat(burst.requests()).isEqualTo(10);
    assertThat(burst.answered()).isEqualTo(9);
    assertThat(burst.failed()).isEqualTo(3);
    assertThat(burst.failures())
        .containsExactly(Map.entry("503 (5xx)", 2), Map.entry("connection refused", 1));
    assertThat(burst.failuresPerSecond()).isEqualTo(3.0);

    ProbeResult.Bucket last = buckets.get(2);
    assertThat(last.from()).isEqualTo(Duration.ofSeconds(4));
    assertThat(last.to()).isEqualTo(Duration.ofMillis(5400));
    assertThat(last.requests()).isEqualTo(14);
    assertThat(last.requestsPerSecond()).isCloseTo(10.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void a_last_half_second_or_more_is_a_bucket_of_its_own() {
    List<ProbeResult.Bucket> buckets =
        ProbeBuckets.of(samples(), 0, 2600 * MS, 0, Duration.ofMillis(100));

    assertThat(buckets)
        .extracting(ProbeResult.Bucket::to)
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofMillis(2600));
  }

  @Test
  void counting_from_a_baseline_a_short_run_a_slow_rate_and_no_requests() {
    List<HttpProbing.Sample> after = samples().subList(10, 34);
    assertThat(ProbeBuckets.of(after, 1000 * MS, 3400 * MS, 0, Duration.ofMillis(100)))
        .extracting(ProbeResult.Bucket::from)
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));

    assertThat(ProbeBuckets.of(samples().subList(0, 3), 0, 300 * MS, 0, Duration.ofMillis(100)))
        .singleElement()
        .satisfies(
            b ->
                assertThat(b.requestsPerSecond())
                    .isCloseTo(10.0, org.assertj.core.data.Offset.offset(1e-9)));

    assertThat(ProbeBuckets.of(samples(), 0, 3400 * MS, 0, Duration.ofSeconds(2)))
        .extracting(ProbeResult.Bucket::to)
        .containsExactly(Duration.ofSeconds(2), Duration.ofMillis(3400));

    assertThat(ProbeBuckets.of(List.of(), 0, 1400 * MS, 0, Duration.ofMillis(100)))
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.requests()).isZero();
              assertThat(b.answered()).isZero();
              assertThat(b.p50()).isZero();
              assertThat(b.requestsPerSecond()).isZero();
            });
    assertThat(ProbeBuckets.of(List.of(), 500 * MS, 500 * MS, 0, Duration.ofMillis(100))).isEmpty();
  }
}
