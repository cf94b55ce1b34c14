package dev.rollouttest.cluster.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JVM that a test starts to kill: it runs a main class of this module's test classpath as a job
 * in a terminal would run, leading a session and process group of its own, with SIGINT at its
 * default action (GNU env's {@code --default-signal}: even where this JVM's parent ignores it), so
 * that Ctrl-C can be played by sending SIGINT to its whole group.
 */
final class ChildJvm implements AutoCloseable {

  /** How a test ends the child JVM. */
  enum Ending {
    /** SIGTERM to the JVM, as {@code kill} or a CI timeout sends it; the JVM runs its hooks. */
    SIGTERM(143),
    /** SIGINT to the JVM's whole process group, as Ctrl-C in a terminal sends it. */
    SIGINT_TO_THE_GROUP(130),
    /** SIGKILL to the JVM: no hook, no finally block runs. */
    SIGKILL(137);

    final int exitCode;

    Ending(int exitCode) {
      this.exitCode = exitCode;
    }
  }

  private final Process process;

  private ChildJvm(Process process) {
    this.process = process;
  }

  /**
   * Starts {@code main} with {@code args}, its output and errors into {@code output}, with the
   * variables of {@code environment} set and those of {@code unset} removed.
   */
  static ChildJvm start(
      Class<?> main,
      Path output,
      Map<String, String> environment,
      List<String> unset,
      String... args)
      throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "setsid",
                "env",
                "--default-signal=INT",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                main.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().putAll(environment);
    unset.forEach(builder.environment()::remove);
    return new ChildJvm(builder.start());
  }

  long pid() {
    return process.pid();
  }

  /**
   * Whether a process still runs: it is alive (not a later process with its pid) and no zombie (a
   * process that ended and that its parent has not collected yet: init collects the orphans of a
   * dead JVM, on some machines late).
   */
  static boolean running(ProcessHandle process) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
      return process.isAlive()
          && !stat.substring(stat.lastIndexOf(')') + 1).strip().startsWith("Z");
    } catch (IOException e) {
      return false;
    }
  }

  /** Every process the child JVM started that still runs, and their children. */
  List<ProcessHandle> descendants() {
    return process.descendants().toList();
  }

  /** Ends the JVM as {@code ending} says. */
  void end(Ending ending) throws IOException, InterruptedException {
    switch (ending) {
      case SIGTERM -> process.destroy();
      case SIGKILL -> process.destroyForcibly();
      case SIGINT_TO_THE_GROUP -> {
        Process kill =
            new ProcessBuilder("sh", "-c", "kill -s INT -- \"-$0\"", Long.toString(pid()))
                .inheritIO()
                .start();
        if (kill.waitFor() != 0) {
          throw new IllegalStateException("kill -s INT -- -" + pid() + " failed");
        }
      }
    }
  }

  /** Waits for the JVM to exit, at most {@code timeout}; returns its exit code. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("The child JVM still runs " + timeout + " after it was ended");
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
