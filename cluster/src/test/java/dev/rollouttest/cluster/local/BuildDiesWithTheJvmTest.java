package dev.rollouttest.cluster.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A JVM that gets SIGTERM, Ctrl-C (SIGINT to its process group) or SIGKILL while it builds the
 * binaries leaves no build process and no temporary directory behind: the build runs in a process
 * group of its own, which the watchdog stops as a whole, and Go's work directories are in the
 * build's temporary directory, which the watchdog deletes. A stand-in script plays the build (see
 * {@link BuildProcessMain}), so no Go build runs.
 */
class BuildDiesWithTheJvmTest {

  @ParameterizedTest
  @EnumSource(ChildJvm.Ending.class)
  void no_build_process_and_no_temporary_directory_outlive_the_jvm(
      ChildJvm.Ending ending, @TempDir Path work) throws Exception {
    Path tmp = Files.createDirectory(work.resolve("tmp"));
    Path report = work.resolve("build.report");
    try (ChildJvm child =
        ChildJvm.start(
            BuildProcessMain.class,
            work.resolve("child.log"),
            Map.of("TMPDIR", tmp.toString(), "FAKE_BUILD_REPORT", report.toString()),
            List.of("GOTMPDIR", "ROLLOUT_TEST_CACHE_DIR"),
            work.resolve("cache").toString())) {
      await()
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> Files.exists(report));
      // the script's pid, its child's, its directory and its Go work directory (in $GOTMPDIR)
      String[] build = Files.readString(report).strip().split(" ");
      List<ProcessHandle> processes =
          Stream.of(build[0], build[1])
              .map(pid -> ProcessHandle.of(Long.parseLong(pid)).orElseThrow())
              .toList();
      Path directory = Path.of(build[2]);
      assertThat(directory).startsWith(tmp);
      assertThat(Path.of(build[3])).isDirectory();
      assertThat(processes).allMatch(ChildJvm::running);

      child.end(ending);
      assertThat(child.awaitExit(Duration.ofSeconds(30))).isEqualTo(ending.exitCode);

      await()
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(50))
          .untilAsserted(
              () -> {
                assertThat(processes).as("the build's processes").noneMatch(ChildJvm::running);
                try (var left = Files.list(tmp)) {
                  assertThat(left).as("what the build left in TMPDIR").isEmpty();
                }
              });
    }
  }
}
