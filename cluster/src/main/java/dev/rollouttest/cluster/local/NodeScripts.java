package dev.rollouttest.cluster.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shell scripts that make and remove a real node ({@code node/node-up.sh}, {@code
 * node/holder.sh} and {@code node/node-down.sh} beside this class): copied into the node's
 * directory, so that a later run can remove a node whose JVM died, with the scripts of the version
 * that made it.
 */
final class NodeScripts {

  private static final Logger LOG = LoggerFactory.getLogger(NodeScripts.class);
  private static final String RESOURCES = "/dev/rollouttest/cluster/local/node/";
  private static final List<String> NAMES = List.of("node-up.sh", "holder.sh", "node-down.sh");

  private NodeScripts() {}

  /** Copies the scripts into {@code <directory>/scripts}. */
  static void install(Path directory) throws IOException {
    Path scripts = Files.createDirectories(directory.resolve("scripts"));
    for (String script : NAMES) {
      try (InputStream in = NodeScripts.class.getResourceAsStream(RESOURCES + script)) {
        if (in == null) {
          throw new IllegalStateException("rollout-test jar lacks " + RESOURCES + script);
        }
        Files.copy(in, scripts.resolve(script), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  /**
   * Runs node-up.sh, which makes the node and starts its daemons, with {@code NODE_DIR} and the
   * given environment.
   *
   * @throws IllegalStateException with the script's output when it fails
   */
  static void up(Path directory, Map<String, String> environment) {
    ProcessBuilder up =
        new ProcessBuilder("bash", directory.resolve("scripts/node-up.sh").toString())
            .redirectErrorStream(true);
    up.environment().put("NODE_DIR", directory.toString());
    up.environment().putAll(environment);
    Commands.Result result = Commands.run(up, 60);
    if (result.exit() != 0) {
      throw new IllegalStateException(
          "The real node did not start: "
              + result.output().strip()
              + "\nIts log: "
              + directory.resolve("logs/node-up.log"));
    }
  }

  /**
   * Starts the process that runs node-down.sh when its input closes: when {@link #stopWatchdog}
   * closes it, or when this JVM ends, however it ends, since only this JVM holds the pipe. From
   * then on the node is removed whatever happens to the JVM. It runs in a session of its own, so
   * that Ctrl-C in a terminal, which signals the JVM's whole process group, does not kill it before
   * it could act.
   */
  static Process startWatchdog(Path directory) throws IOException {
    return new ProcessBuilder(
            ProcessWatchdog.inNewSession(
                List.of(
                    "bash",
                    "-c",
                    "cat > /dev/null; exec bash \"$0\" \"$1\"",
                    downScript(directory).toString(),
                    directory.toString())))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(directory.resolve("logs/node-down.err").toFile())
        .start();
  }

  /** Has the watchdog remove the node now, and waits for node-down.sh to finish. */
  static void stopWatchdog(Process watchdog) {
    if (!ProcessWatchdog.closeAndWait(watchdog, 120) && !Thread.currentThread().isInterrupted()) {
      LOG.warn("node-down.sh is still running after 120 s; leaving it to finish");
    }
  }

  /** Whether the node in this directory has its node-down.sh (a node that got that far). */
  static boolean canRemove(Path directory) {
    return Files.exists(downScript(directory));
  }

  /** Removes the node of a run that did not (see node-down.sh). */
  static void remove(Path directory) {
    Commands.run(List.of("bash", downScript(directory).toString(), directory.toString()), 120);
  }

  private static Path downScript(Path directory) {
    return directory.resolve("scripts/node-down.sh");
  }
}
