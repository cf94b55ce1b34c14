package dev.rollouttest.cluster;

import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.apiguardian.api.API;

/** Ids of test runs: sortable by start time, unique, and valid as label values and in names. */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class RunId {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MMddHHmmss");
  private static final SecureRandom RANDOM = new SecureRandom();

  private RunId() {}

  /** A new id such as {@code 1125191403-k3x9}. */
  public static String next() {
    String suffix = Integer.toString(RANDOM.nextInt(36 * 36 * 36 * 36), 36);
    return LocalDateTime.now().format(TIME) + "-" + "0".repeat(4 - suffix.length()) + suffix;
  }
}
