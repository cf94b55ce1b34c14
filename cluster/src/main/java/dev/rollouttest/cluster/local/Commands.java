package dev.rollouttest.cluster.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs a short command to its end, and finds commands on the PATH. */
final class Commands {

  private Commands() {}

  /** A finished command: its exit code (-1 when it timed out) and its output with its errors. */
  record Result(int exit, String output) {}

  static Result run(List<String> command, int timeoutSeconds) {
    return run(new ProcessBuilder(command).redirectErrorStream(true), timeoutSeconds);
  }

  /**
   * Runs a command with no input and waits for it, at most {@code timeoutSeconds} (then it is
   * killed). Its output goes through a temporary file, so a command that writes much never blocks
   * on a full pipe.
   */
  static Result run(ProcessBuilder builder, int timeoutSeconds) {
    try {
      Path output = Files.createTempFile("rollout-test-node", ".out");
      try {
        Process p = builder.redirectOutput(output.toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          return new Result(
              -1,
              String.join(" ", builder.command())
                  + " did not finish within "
                  + timeoutSeconds
                  + " s");
        }
        return new Result(p.exitValue(), Files.readString(output));
      } finally {
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not run " + builder.command(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running " + builder.command(), e);
    }
  }

  /** An executable of that name in a directory of the PATH. */
  static Optional<Path> findOnPath(String command) {
    return findIn(pathDirectories(), command);
  }

  /**
   * An executable of that name in a directory of the PATH, or else in the system directories (the
   * administration commands {@code ip} and {@code nsenter} are in {@code /usr/sbin}, which a user's
   * PATH may lack).
   */
  static Optional<Path> findCommand(String command) {
    List<String> dirs = new ArrayList<>(pathDirectories());
    dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
    return findIn(dirs, command);
  }

  private static List<String> pathDirectories() {
    String path = System.getenv("PATH");
    return path == null ? List.of() : List.of(path.split(java.io.File.pathSeparator));
  }

  private static Optional<Path> findIn(List<String> dirs, String command) {
    for (String dir : dirs) {
      Path candidate = Path.of(dir, command);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
