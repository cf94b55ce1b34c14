package dev.rollouttest.junit.internal;

import java.security.SecureRandom;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Namespace names derived from tests: readable, valid DNS labels, at most 63 characters, unique by
 * a suffix.
 */
final class NamespaceNames {

  static final int MAX = 63;
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private NamespaceNames() {}

  /** {@code WebRolloutTest}, {@code rollsOut_toV2} → {@code webrollouttest-rollsout-tov2-x7k2q}. */
  static String forTest(String className, @Nullable String methodName) {
    String base = sanitize(methodName == null ? className : className + "-" + methodName);
    String suffix = randomSuffix();
    int room = MAX - suffix.length() - 1;
    if (base.length() > room) {
      base = base.substring(0, room).replaceAll("-+$", "");
    }
    return base + "-" + suffix;
  }

  static String sanitize(String text) {
    String s =
        text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    if (s.isEmpty() || !Character.isLetter(s.charAt(0))) {
      s = "t-" + s;
    }
    return s;
  }

  /** A valid label value (at most 63 characters of [A-Za-z0-9._-], alphanumeric at both ends). */
  static String labelValue(String text) {
    String s = text.replaceAll("[^A-Za-z0-9._-]+", "-");
    if (s.length() > MAX) {
      s = s.substring(0, MAX);
    }
    return s.replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
  }

  private static String randomSuffix() {
    StringBuilder b = new StringBuilder(5);
    for (int i = 0; i < 5; i++) {
      b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return b.toString();
  }
}
