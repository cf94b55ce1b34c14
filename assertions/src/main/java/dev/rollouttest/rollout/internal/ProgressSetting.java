package dev.rollouttest.rollout.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * How often a wait for a rollout's verdict logs a progress line: every {@link #DEFAULT_INTERVAL} by
 * default, at another interval, or never ({@code off}). See {@link RolloutRecorder#awaitOutcome}.
 *
 * <p>One setting for the JVM, set by whoever reads the configuration: the JUnit extension from the
 * configuration key {@value #KEY} before a test class runs, the command line from {@code
 * --progress}. The assertions know nothing of either, so the setting is handed to them here. It is
 * global, not per thread, because the key is a setting of the run (not of a test class), and a
 * verdict may run on any thread: JUnit's parallel executor, a thread a test starts. The wait reads
 * it when it begins.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class ProgressSetting {

  /** The configuration key: a duration such as {@code 5s} or {@code 10s}, or {@code off}. */
  public static final String KEY = "rollouttest.progress";

  /** How often a progress line is logged unless configured otherwise. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

  /** The accepted forms, for the message that refuses a value. */
  private static final String FORMS = "a duration such as 5s, 10s, 1m or PT2.5S, or off";

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

  // null: off
  private static volatile @Nullable Duration interval = DEFAULT_INTERVAL;

  private ProgressSetting() {}

  /** The interval between two progress lines; empty when they are off. */
  public static Optional<Duration> interval() {
    return Optional.ofNullable(interval);
  }

  /**
   * Sets the interval between two progress lines for every wait that begins from now on.
   *
   * @param every a positive interval, or empty to switch the lines off
   */
  public static void set(Optional<Duration> every) {
    Objects.requireNonNull(every, "every");
    every.ifPresent(
        d -> {
          if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("The progress interval must be positive: " + d);
          }
        });
    interval = every.orElse(null);
  }

  /**
   * Reads a value of {@code key}: a positive duration ({@code 500ms}, {@code 5s}, {@code 1m},
   * {@code 1h}, or ISO-8601 such as {@code PT2.5S}), or {@code off}.
   *
   * @return the interval; empty for {@code off}
   * @throws IllegalArgumentException naming the key, the value and the accepted forms
   */
  public static Optional<Duration> parse(String key, String text) {
    String value = text.strip().toLowerCase(Locale.ROOT);
    if (value.equals("off")) {
      return Optional.empty();
    }
    Duration parsed = null;
    Matcher m = DURATION.matcher(value);
    if (m.matches()) {
      try {
        long n = Long.parseLong(m.group(1));
        parsed =
            switch (m.group(2)) {
              case "ms" -> Duration.ofMillis(n);
              case "s" -> Duration.ofSeconds(n);
              case "m" -> Duration.ofMinutes(n);
              default -> Duration.ofHours(n);
            };
      } catch (NumberFormatException | ArithmeticException e) {
        // reported below
      }
    } else {
      try {
        parsed = Duration.parse(text.strip());
      } catch (java.time.format.DateTimeParseException e) {
        // reported below
      }
    }
    if (parsed == null || parsed.isNegative() || parsed.isZero()) {
      throw new IllegalArgumentException(
          "Invalid configuration '" + key + "=" + text + "': expected " + FORMS + ".");
    }
    return Optional.of(parsed);
  }
}
