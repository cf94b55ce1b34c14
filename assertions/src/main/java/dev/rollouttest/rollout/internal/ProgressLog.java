package dev.rollouttest.rollout.internal;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When one wait for a verdict prints its progress lines: nothing until the first interval has
 * passed, so a quick rollout stays quiet; then one line per interval (intervals that passed while
 * the wait was busy are not made up for); and, only if it printed any, one line at the verdict, so
 * that the reader sees it end. Nothing after the verdict.
 *
 * <p>Time is whatever the caller passes, in nanoseconds: {@link System#nanoTime()} in the recorder,
 * which calls {@link #poll} each time its wait wakes and waits no longer than {@link
 * #nanosUntilDue}; a made-up clock in tests. Not thread-safe: the recorder calls it under its lock.
 */
final class ProgressLog {

  /** The logger of the progress lines, at INFO. */
  static final Logger LOG = LoggerFactory.getLogger("dev.rollouttest.RolloutProgress");

  private final @Nullable Duration interval;
  private final long began;
  private final Consumer<String> out;
  private long due;
  private boolean printed;
  private boolean ended;

  /**
   * @param interval between two lines; empty: no line at all
   * @param began when the wait began
   * @param out where each line goes
   */
  ProgressLog(Optional<Duration> interval, long began, Consumer<String> out) {
    this.interval = interval.orElse(null);
    this.began = began;
    this.out = out;
    this.due = interval.map(d -> began + d.toNanos()).orElse(Long.MAX_VALUE);
  }

  /** Lines at the interval {@link ProgressSetting} holds now, logged at INFO. */
  static ProgressLog configured(long began) {
    return new ProgressLog(ProgressSetting.interval(), began, LOG::info);
  }

  /** How long from {@code now} until the next line is due; {@link Long#MAX_VALUE} for never. */
  long nanosUntilDue(long now) {
    return interval == null || ended ? Long.MAX_VALUE : Math.max(0, due - now);
  }

  /**
   * Prints a line when one is due at {@code now}.
   *
   * @param line the line, given the time since the wait began
   */
  void poll(long now, Function<Duration, String> line) {
    if (interval == null || ended || now - due < 0) {
      return;
    }
    out.accept(line.apply(Duration.ofNanos(now - began)));
    printed = true;
    long step = interval.toNanos();
    due += ((now - due) / step + 1) * step;
  }

  /**
   * The verdict: prints {@code line} if any progress line was printed before, then stops.
   *
   * @param line the last line, given the time since the wait began
   */
  void end(long now, Function<Duration, String> line) {
    if (printed && !ended) {
      out.accept(line.apply(Duration.ofNanos(now - began)));
    }
    ended = true;
  }
}
