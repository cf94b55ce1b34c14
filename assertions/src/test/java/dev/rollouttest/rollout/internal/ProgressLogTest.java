package dev.rollouttest.rollout.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * When a wait prints its progress lines, on a made-up clock: quiet under the interval, one line per
 * interval after, one at the verdict only when it printed before, nothing after the verdict, and
 * nothing at all when off.
 */
class ProgressLogTest {

  private static final long BEGAN = 1_000_000_000_000L;
  private static final Function<Duration, String> LINE = elapsed -> elapsed.toMillis() + " ms";
  private static final Function<Duration, String> VERDICT =
      elapsed -> "verdict at " + elapsed.toMillis() + " ms";

  private final List<String> lines = new ArrayList<>();

  private static long at(long millis) {
    return BEGAN + Duration.ofMillis(millis).toNanos();
  }

  private ProgressLog every(Duration interval) {
    return new ProgressLog(Optional.of(interval), BEGAN, lines::add);
  }

  @Test
  void quiet_under_the_interval_then_one_line_per_interval_and_none_after_the_verdict() {
    ProgressLog progress = every(Duration.ofSeconds(5));

    for (long ms : new long[] {0, 500, 1_000, 4_999}) {
      progress.poll(at(ms), LINE);
    }
    assertThat(lines).as("under the interval").isEmpty();

    progress.poll(at(5_000), LINE);
    progress.poll(at(5_500), LINE);
    progress.poll(at(9_999), LINE);
    progress.poll(at(10_200), LINE);
    assertThat(lines).containsExactly("5000 ms", "10200 ms");

    // a wait busy for three intervals prints one line, and keeps the rhythm
    progress.poll(at(27_000), LINE);
    progress.poll(at(29_999), LINE);
    progress.poll(at(30_000), LINE);
    assertThat(lines).containsExactly("5000 ms", "10200 ms", "27000 ms", "30000 ms");

    progress.end(at(31_000), VERDICT);
    progress.poll(at(35_000), LINE);
    progress.poll(at(60_000), LINE);
    progress.end(at(61_000), VERDICT);
    assertThat(lines)
        .containsExactly("5000 ms", "10200 ms", "27000 ms", "30000 ms", "verdict at 31000 ms");
    assertThat(progress.nanosUntilDue(at(61_000))).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void a_rollout_quicker_than_the_interval_prints_nothing_not_even_its_verdict() {
    ProgressLog progress = every(Duration.ofSeconds(5));

    progress.poll(at(100), LINE);
    progress.poll(at(4_900), LINE);
    progress.end(at(4_950), VERDICT);

    assertThat(lines).isEmpty();
  }

  @Test
  void off_prints_nothing_and_never_wakes_the_wait() {
    ProgressLog progress = new ProgressLog(Optional.empty(), BEGAN, lines::add);

    for (long ms = 0; ms <= 600_000; ms += 1_000) {
      progress.poll(at(ms), LINE);
    }
    assertThat(progress.nanosUntilDue(at(0))).isEqualTo(Long.MAX_VALUE);
    progress.end(at(600_000), VERDICT);

    assertThat(lines).isEmpty();
  }

  @Test
  void the_wait_wakes_when_the_next_line_is_due() {
    ProgressLog progress = every(Duration.ofSeconds(5));

    assertThat(progress.nanosUntilDue(at(0))).isEqualTo(Duration.ofSeconds(5).toNanos());
    assertThat(progress.nanosUntilDue(at(3_000))).isEqualTo(Duration.ofSeconds(2).toNanos());
    assertThat(progress.nanosUntilDue(at(6_000))).as("overdue").isZero();
    progress.poll(at(6_000), LINE);
    assertThat(progress.nanosUntilDue(at(6_000))).isEqualTo(Duration.ofSeconds(4).toNanos());
  }

  @Test
  void the_configured_interval_is_the_one_the_wait_uses() {
    try {
      ProgressSetting.set(Optional.empty());
      ProgressLog off = ProgressLog.configured(BEGAN);
      assertThat(off.nanosUntilDue(at(0))).isEqualTo(Long.MAX_VALUE);

      ProgressSetting.set(Optional.of(Duration.ofSeconds(10)));
      ProgressLog every10 = ProgressLog.configured(BEGAN);
      assertThat(every10.nanosUntilDue(at(0))).isEqualTo(Duration.ofSeconds(10).toNanos());
    } finally {
      ProgressSetting.set(Optional.of(ProgressSetting.DEFAULT_INTERVAL));
    }
  }
}
