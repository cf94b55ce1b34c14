package dev.rollouttest.cluster.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A JVM that gets SIGTERM, Ctrl-C (SIGINT to its whole process group) or SIGKILL while it starts a
 * local cluster leaves nothing of the run behind within seconds: no component, no watchdog, no
 * listener on the run's ports, neither etcd's data nor the secrets.
 */
class SignalDuringStartTest {

  private static final List<String> COMPONENTS =
      List.of("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kwok");
  private static final Pattern PORT = Pattern.compile("(?:127\\.0\\.0\\.1:|--secure-port=)(\\d+)");

  @ParameterizedTest
  @EnumSource(ChildJvm.Ending.class)
  void nothing_of_the_run_outlives_the_jvm(ChildJvm.Ending ending, @TempDir Path work)
      throws Exception {
    Path runs = work.resolve("runs");
    Path output = work.resolve("child.log");
    try (ChildJvm child =
        ChildJvm.start(
            LocalClusterProcessMain.class, output, Map.of(), List.of(), runs.toString())) {
      // mid-start: every component runs, and kube-apiserver serves (so it handles signals: it
      // shuts down gracefully, slowly, rather than dying), but the cluster is not ready yet
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> componentsOf(runs).size() == COMPONENTS.size() && apiServerListens(runs));
      List<ProcessHandle> run = new ArrayList<>(child.descendants());
      Set<Integer> ports = ports(run);
      assertThat(ports).as("the ports of %s", run).hasSize(7);

      child.end(ending);
      assertThat(child.awaitExit(Duration.ofSeconds(30))).isEqualTo(ending.exitCode);
      Instant exited = Instant.now();

      assertThat(Files.readString(output)).as("the child's output").doesNotContain("READY");
      await()
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(50))
          .untilAsserted(
              () -> {
                assertThat(run).as("the processes the JVM started").noneMatch(ChildJvm::running);
                assertThat(componentsOf(runs)).as("components of the run").isEmpty();
                assertThat(Listeners.all())
                    .as("listeners on the run's ports %s", ports)
                    .filteredOn(l -> ports.contains(l.port()))
                    .filteredOn(l -> startedBefore(l.pid(), exited))
                    .isEmpty();
              });
      Path directory = onlyRun(runs);
      assertThat(directory.resolve("etcd")).doesNotExist();
      for (String secret : RunDirectory.SECRETS) {
        assertThat(directory.resolve(secret)).as(secret).doesNotExist();
      }
      assertThat(directory.resolve("logs/kube-apiserver.log")).exists();
    }
  }

  /** The live components whose command line names a run directory under {@code runs}. */
  private static List<ProcessHandle> componentsOf(Path runs) {
    try (var processes = ProcessHandle.allProcesses()) {
      return processes
          .filter(ChildJvm::running)
          .filter(
              p -> {
                String command = p.info().commandLine().orElse("");
                return command.contains(runs.toString())
                    && COMPONENTS.stream().anyMatch(c -> command.contains("/" + c + " "));
              })
          .toList();
    }
  }

  private static boolean apiServerListens(Path runs) throws IOException {
    List<Long> apiServer =
        componentsOf(runs).stream()
            .filter(p -> p.info().commandLine().orElse("").contains("/kube-apiserver "))
            .map(ProcessHandle::pid)
            .toList();
    return !Listeners.of(apiServer).isEmpty();
  }

  private static Set<Integer> ports(List<ProcessHandle> processes) {
    Set<Integer> ports = new HashSet<>();
    for (ProcessHandle p : processes) {
      Matcher m = PORT.matcher(p.info().commandLine().orElse(""));
      while (m.find()) {
        ports.add(Integer.valueOf(m.group(1)));
      }
    }
    return ports;
  }

  /**
   * Whether a process already ran when the JVM exited: a listener of a later process took a port
   * that the run had freed, and is no concern of this test.
   */
  private static boolean startedBefore(long pid, Instant instant) {
    return ProcessHandle.of(pid)
        .flatMap(p -> p.info().startInstant())
        .map(started -> started.isBefore(instant))
        .orElse(false);
  }

  private static Path onlyRun(Path runs) throws IOException {
    try (var directories = Files.list(runs)) {
      List<Path> all = directories.toList();
      assertThat(all).hasSize(1);
      return all.get(0);
    }
  }
}
