package dev.rollouttest.cluster.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test JVM that is killed with SIGKILL mid-test leaves no component running: the watchdog stops
 * them. Also shows that the number of simulated nodes is configurable.
 */
class NoProcessOutlivesTheJvmTest {

  @Test
  void components_stop_when_the_jvm_that_started_them_is_sigkilled(@TempDir Path work)
      throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LocalClusterProcessMain.class.getName(),
                work.toString())
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      String ready =
          CompletableFuture.supplyAsync(
                  () ->
                      out.lines()
                          .filter(l -> l.startsWith("READY "))
                          .findFirst()
                          .orElse("child exited"))
              .get(180, TimeUnit.SECONDS);
      assertThat(ready).startsWith("READY nodes=2 pids=");
      List<Long> pids =
          Arrays.stream(ready.substring(ready.indexOf("pids=") + 5).split(","))
              .map(Long::valueOf)
              .toList();
      assertThat(pids).hasSize(5).allSatisfy(pid -> assertThat(ProcessHandle.of(pid)).isPresent());

      child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs in the child
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).isEqualTo(137);

      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () ->
                  assertThat(pids)
                      .allSatisfy(
                          pid ->
                              assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
                                  .isEmpty()));
    } finally {
      child.destroyForcibly();
    }
  }
}
