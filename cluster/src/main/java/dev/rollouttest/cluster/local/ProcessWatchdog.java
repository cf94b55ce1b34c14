package dev.rollouttest.cluster.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Makes sure that no process this JVM started outlives it, however it ends (SIGTERM, Ctrl-C,
 * SIGKILL), and that the files it names are deleted then.
 *
 * <p>A small shell process reads the pids to watch and the paths to delete from a pipe whose other
 * end only this JVM holds. When the pipe closes, because {@link #close()} ran or because the JVM
 * died in any way, the shell sends SIGTERM to each watched process and to the process group it
 * leads, if any (a build started {@link #inNewSession in a session of its own} leads one, so its
 * {@code go} and compiler processes go with it), sends SIGKILL to what is left after one second,
 * then deletes the paths. A pid is signalled only while it runs the process that was watched: the
 * shell compares its start time with the one it read when told the pid, so a pid that the kernel
 * gave to an unrelated process is left alone. Zombies do not count as running.
 *
 * <p>The shell itself runs in a session of its own and ignores the terminal's signals: Ctrl-C in a
 * terminal sends SIGINT to the whole foreground process group, and a watchdog in that group would
 * die with the JVM instead of acting on its death.
 */
final class ProcessWatchdog implements AutoCloseable {

  private static final String SCRIPT =
      """
      trap '' INT QUIT HUP TERM
      watched=""; paths=""
      # the start time of process $1; nothing when it is gone or a zombie
      started() { s=""; { read -r s < "/proc/$1/stat"; } 2>/dev/null; s=${s##*) }
        set -- $s; [ "${1:-Z}" = Z ] || echo "${20}"; }
      # the process groups that have a member other than a zombie, each between spaces
      groups() { for f in /proc/[0-9]*/stat; do s=""; { read -r s < "$f"; } 2>/dev/null
        s=${s##*) }; set -- $s; [ "${1:-Z}" = Z ] || printf ' %s' "$3"; done; echo ' '; }
      while IFS= read -r line; do
        case "$line" in
          "process "*) p=${line#process }; watched="$watched $p:$(started "$p")" ;;
          "path "*) paths="$paths
      ${line#path }" ;;
        esac
      done
      # sends signal $1 (none: only looks) to what still runs of the watched; left names them
      signal() { left=""; live=""
        for w in $watched; do p=${w%%:*}; was=${w#*:}; now=$(started "$p")
          # a running pid counts while it is the watched process; a gone one, by its group's rest
          if [ -n "$now" ]; then [ "$now" = "$was" ] || continue
          else [ -n "$live" ] || live=$(groups); case "$live" in *" $p "*) ;; *) continue ;; esac
          fi
          left="$left $p"
          [ -z "$1" ] || { kill -s "$1" -- "-$p" 2>/dev/null; kill -s "$1" "$p" 2>/dev/null; }
        done; }
      signal TERM
      for i in 1 2 3 4 5; do signal; [ -z "$left" ] && break; sleep 0.2; done
      [ -z "$left" ] || signal KILL
      for i in 1 2 3 4 5; do signal; [ -z "$left" ] && break; sleep 0.2; done
      printf '%s\n' "$paths" | while IFS= read -r d; do [ -z "$d" ] || rm -rf -- "$d"; done
      exit 0
      """;

  /** Holds a process until its pid is under watch: reads one line, then runs the command. */
  private static final List<String> GATE =
      List.of("sh", "-c", "read -r go && exec \"$@\"", "rollout-test-gate");

  private static final Optional<Path> SETSID = Commands.findCommand("setsid");

  private final Process shell;
  private final OutputStream pipe;

  /** Starts the watchdog's shell. */
  ProcessWatchdog() {
    try {
      shell =
          new ProcessBuilder(inNewSession(List.of("sh", "-c", SCRIPT, "rollout-test-watchdog")))
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the process watchdog (sh)", e);
    }
    pipe = shell.getOutputStream();
  }

  /**
   * The command run by {@code setsid}, which makes it the leader of a new session and process group
   * (with the same pid, since a child of the JVM leads no group): the terminal's signals do not
   * reach it, and the watchdog can signal it and every process it starts as one group. Where {@code
   * setsid} is missing, the command as it is.
   */
  static List<String> inNewSession(List<String> command) {
    if (SETSID.isEmpty()) {
      return command;
    }
    List<String> detached = new ArrayList<>();
    detached.add(SETSID.get().toString());
    detached.addAll(command);
    return detached;
  }

  /**
   * Starts {@code builder}'s command under watch, with empty input. It waits at a gate (a shell
   * that reads one line) until the watchdog has its pid, and only then becomes the command, with
   * the same pid: so it never runs unwatched, even when the JVM dies right after starting it.
   */
  Process start(ProcessBuilder builder) throws IOException {
    List<String> command = new ArrayList<>(GATE);
    command.addAll(builder.command());
    Process process = builder.command(command).redirectInput(ProcessBuilder.Redirect.PIPE).start();
    send("process " + process.pid());
    try (OutputStream gate = process.getOutputStream()) {
      gate.write('\n');
    } catch (IOException e) {
      // the gate is gone already: the process's exit value tells why
    }
    return process;
  }

  /**
   * Has a file or directory deleted when the watchdog ends, after the watched processes are gone.
   */
  void deleteAtEnd(Path path) {
    String absolute = path.toAbsolutePath().toString();
    if (absolute.contains("\n")) {
      throw new IllegalArgumentException("A path with a line break cannot be watched: " + path);
    }
    send("path " + absolute);
  }

  private synchronized void send(String line) {
    try {
      pipe.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      pipe.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("The process watchdog is gone", e);
    }
  }

  /**
   * Closes the pipe: the watchdog stops every watched process that still runs, deletes the paths,
   * then exits; waits for that at most 5 s.
   */
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
      return watchdog.waitFor(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
