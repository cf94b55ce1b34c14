package dev.rollouttest.cluster.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One running control plane process, with its log file. */
final class Component {

  private final String name;
  private final Process process;
  private final Path log;
  private final Path binary;
  private final List<String> args;

  private Component(String name, Process process, Path log, Path binary, List<String> args) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.binary = binary;
    this.args = List.copyOf(args);
  }

  /**
   * Starts a binary with its output appended to {@code logs/<name>.log}, under the watchdog's
   * watch.
   */
  static Component start(
      String name, Path binary, List<String> args, Path logs, ProcessWatchdog watchdog) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(args);
    Path log = logs.resolve(name + ".log");
    try {
      Files.writeString(
          log,
          "# " + String.join(" ", command) + "\n",
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      Process process =
          watchdog.start(
              new ProcessBuilder(command)
                  .redirectErrorStream(true)
                  .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())));
      return new Component(name, process, log, binary, args);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start " + name + " (" + binary + ")", e);
    }
  }

  /** The same binary with the same arguments, started again; its log goes on in the same file. */
  Component relaunch(ProcessWatchdog watchdog) {
    return start(name, binary, args, java.util.Objects.requireNonNull(log.getParent()), watchdog);
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** When the process has exited: "exited with code N"; else empty. */
  String exitDescription() {
    if (process.isAlive()) {
      return "";
    }
    int code = process.exitValue();
    // a process killed by a signal has the exit value 128 + the signal's number
    return "exited with code "
        + code
        + (code == 137
            ? " (SIGKILL)"
            : code == 143 ? " (SIGTERM)" : code == 134 ? " (SIGABRT)" : "");
  }

  /** The last lines of the log, for failure messages. */
  String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  /** SIGTERM, then SIGKILL after the grace period. */
  void stop(long graceMillis) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ", log " + log + ")";
  }
}
