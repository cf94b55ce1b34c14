package dev.rollouttest.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Debian's headless Chromium, for tests and benchmarks that load a report page as a browser does:
 * {@code --dump-dom} for the DOM once the page has loaded, {@code --screenshot} for a picture, and
 * a page's console message for a page that measures something with script. Each run starts a
 * browser of its own with a temporary profile, deleted afterwards. Installs the {@code chromium}
 * package with apt-get when it is missing and this process may.
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

  /**
   * Loads a page that measures something with script and logs the result, in a window of the given
   * size, and returns the text of its first console message that starts with {@code prefix}. The
   * page may read the files beside it ({@code --allow-file-access-from-files}); it should end the
   * browser with {@code window.close()} once it has logged, else the browser is stopped then.
   */
  public static String consoleMessage(Path page, String prefix, int width, int height)
      throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("rollout-report-chromium");
    List<String> command =
        command(
            profile,
            page,
            List.of(
                "--allow-file-access-from-files",
                "--window-size=" + width + "," + height,
                "--enable-logging=stderr",
                "--v=0"));
    Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      // the log line: [pid:tid:time:INFO:CONSOLE:26] "<message>", source: file:///... (26)
      CompletableFuture<Optional<String>> message =
          CompletableFuture.supplyAsync(
              () -> {
                try (BufferedReader log =
                    new BufferedReader(
                        new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                  for (String line = log.readLine(); line != null; line = log.readLine()) {
                    int from = line.indexOf("INFO:CONSOLE");
                    int text = line.indexOf("] \"" + prefix, Math.max(from, 0));
                    int to = line.lastIndexOf("\", source: ");
                    if (from >= 0 && text > from && to > text) {
                      return Optional.of(line.substring(text + 3, to));
                    }
                  }
                  return Optional.empty();
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              },
              task -> {
                Thread reader = new Thread(task, "chromium-console");
                reader.setDaemon(true);
                reader.start();
              });
      Optional<String> found;
      try {
        found = message.get(2, TimeUnit.MINUTES);
      } catch (ExecutionException | TimeoutException e) {
        throw new IOException("no console message " + prefix + " within 2 minutes: " + command, e);
      }
      if (found.isEmpty()) {
        throw new IOException(
            "chromium ended without a console message " + prefix + ": " + command);
      }
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        throw new IOException("the page did not close the browser: " + command);
      }
      return found.get();
    } finally {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
      deleteProfile(profile);
    }
  }

  private static List<String> command(Path profile, Path page, List<String> options) {
    List<String> command = new ArrayList<>();
    command.add(BINARY);
    command.add("--headless");
    command.add("--no-sandbox");
    command.add("--disable-gpu");
    command.add("--user-data-dir=" + profile);
    command.addAll(options);
    command.add(page.toAbsolutePath().toUri().toString());
    return command;
  }

  private static void deleteProfile(Path profile) throws IOException {
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  private static String run(Path page, List<String> options)
      throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("rollout-report-chromium");
    List<String> command = command(profile, page, options);
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
      deleteProfile(profile);
    }
  }
}
