package dev.rollouttest.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's headless Chromium, for tests and benchmarks that load a report page as a browser does:
 * {@code --dump-dom} for the DOM after parsing and layout, {@code --screenshot} for a picture.
 * Installs the {@code chromium} package with apt-get when it is missing and this process may.
 */
public final class Chromium {

  private static final String BINARY = "chromium";

  private Chromium() {}

  /**
   * Empty when Chromium can run; else why not (for a JUnit assumption). Installs it with {@code
   * apt-get install -y chromium} first when it is missing and the user is root.
   */
  public static Optional<String> unavailable() {
    if (runs()) {
      return Optional.empty();
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      return Optional.of("chromium is not installed, and only root may apt-get install it");
    }
    try {
      Process apt =
          new ProcessBuilder("apt-get", "install", "-y", "--no-install-recommends", BINARY)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!apt.waitFor(10, TimeUnit.MINUTES) || apt.exitValue() != 0) {
        apt.destroyForcibly();
        return Optional.of("chromium is not installed, and apt-get install chromium failed");
      }
    } catch (IOException e) {
      return Optional.of("chromium is not installed, and apt-get could not run: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted while installing chromium");
    }
    return runs() ? Optional.empty() : Optional.of("chromium does not run after apt-get install");
  }

  private static boolean runs() {
    try {
      Process p =
          new ProcessBuilder(BINARY, "--version")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The DOM of the page once Chromium has loaded it, serialized. */
  public static String dumpDom(Path page) throws IOException, InterruptedException {
    return run(page, List.of("--dump-dom"));
  }

  /** Saves a screenshot of the page as PNG, in a window of the given size. */
  public static void screenshot(Path page, Path png, int width, int height)
      throws IOException, InterruptedException {
    Files.createDirectories(png.toAbsolutePath().getParent());
    run(
        page,
        List.of(
            "--screenshot=" + png.toAbsolutePath(),
            "--window-size=" + width + "," + height,
            "--hide-scrollbars"));
  }

  private static String run(Path page, List<String> options)
      throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("rollout-report-chromium");
    List<String> command = new ArrayList<>();
    command.add(BINARY);
    command.add("--headless");
    command.add("--no-sandbox");
    command.add("--disable-gpu");
    command.add("--user-data-dir=" + profile);
    command.addAll(options);
    command.add(page.toAbsolutePath().toUri().toString());
    Path out = Files.createTempFile("rollout-report-chromium", ".out");
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IOException("chromium did not finish within 2 minutes: " + command);
      }
      if (p.exitValue() != 0) {
        throw new IOException("chromium exited with " + p.exitValue() + ": " + command);
      }
      return Files.readString(out, StandardCharsets.UTF_8);
    } finally {
      Files.deleteIfExists(out);
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }
}
