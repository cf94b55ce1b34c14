package dev.rollouttest.cluster.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Makes sure that no component outlives the JVM that started it, even when that JVM is killed with
 * SIGKILL.
 *
 * <p>A small shell process reads the pids of the components from a pipe whose other end only this
 * JVM holds. When the pipe closes, because {@link #close()} ran or because the JVM died in any way,
 * the shell sends SIGTERM to each pid that still runs a binary from the control plane's directory,
 * waits two seconds, and sends SIGKILL to what is left. Checking the command line guards against a
 * pid that the kernel reused for an unrelated process.
 */
final class ProcessWatchdog implements AutoCloseable {

  private static final String SCRIPT =
      """
      bin="$1"; pids=""
      while IFS= read -r line; do pids="$pids $line"; done
      alive() { tr '\\0' ' ' < "/proc/$1/cmdline" 2>/dev/null | grep -qF "$bin/"; }
      for p in $pids; do alive "$p" && kill -TERM "$p" 2>/dev/null; done
      for i in 1 2 3 4 5 6 7 8 9 10; do
        left=""; for p in $pids; do alive "$p" && left="$left $p"; done
        [ -z "$left" ] && exit 0
        sleep 0.2
      done
      for p in $pids; do alive "$p" && kill -KILL "$p" 2>/dev/null; done
      exit 0
      """;

  private final Process shell;
  private final OutputStream pipe;

  ProcessWatchdog(Path binaries) {
    try {
      shell =
          new ProcessBuilder(
                  List.of("sh", "-c", SCRIPT, "rollout-test-watchdog", binaries.toString()))
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the process watchdog (sh)", e);
    }
    pipe = shell.getOutputStream();
  }

  /** Puts a process under watch. */
  synchronized void watch(Process process) {
    try {
      pipe.write((process.pid() + "\n").getBytes(StandardCharsets.US_ASCII));
      pipe.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("The process watchdog is gone", e);
    }
  }

  long pid() {
    return shell.pid();
  }

  /** Closes the pipe: the watchdog stops every watched process that still runs, then exits. */
  @Override
  public synchronized void close() {
    closeAndWait(shell, 5);
  }

  /**
   * Closes the input of a process that acts when its input ends (this watchdog, or the real node's)
   * and waits for it to finish, at most {@code seconds}.
   *
   * @return whether it finished in time
   */
  static boolean closeAndWait(Process watchdog, long seconds) {
    try {
      watchdog.getOutputStream().close();
    } catch (IOException e) {
      // the watchdog is gone already; nothing left to tell it
    }
    try {
      return watchdog.waitFor(seconds, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
