package dev.rollouttest.cluster.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.rollouttest.cluster.ClusterSettings;
import dev.rollouttest.cluster.ConfigurationSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A component that dies during start-up is named, with its log, and nothing is left running. */
class StartupFailureTest {

  @Test
  void a_component_that_exits_is_named_with_its_log_and_the_rest_is_stopped(@TempDir Path dir)
      throws IOException {
    Path real = ControlPlaneBinaries.cacheDirectory();
    Path bin = Files.createDirectories(dir.resolve("bin"));
    for (String name : ControlPlaneBinaries.NAMES) {
      Files.createSymbolicLink(bin.resolve(name), real.resolve(name));
    }
    Files.delete(bin.resolve("kube-apiserver"));
    Files.writeString(
        bin.resolve("kube-apiserver"),
        "#!/bin/sh\necho 'E1125 simulated: unable to load server certificate'\nexit 3\n",
        java.nio.charset.StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(
        bin.resolve("kube-apiserver"), PosixFilePermissions.fromString("rwxr-xr-x"));
    ClusterSettings settings =
        ClusterSettings.from(
            ConfigurationSource.of(
                Map.of(
                    ClusterSettings.LOCAL_BINARIES, bin.toString(),
                    ClusterSettings.LOCAL_WORK_DIRECTORY, dir.resolve("work").toString())));

    assertThatIllegalStateException()
        .isThrownBy(() -> LocalCluster.start(settings))
        .withMessageStartingWith(
            "The local cluster did not start: kube-apiserver exited with code 3 while waiting for")
        .withMessageContaining("Component logs (kept in " + dir.resolve("work"))
        .withMessageContaining("kube-apiserver: " + dir.resolve("work"))
        .withMessageContaining("kube-apiserver.log")
        .withMessageContaining("Last lines of kube-apiserver's log:")
        .withMessageContaining("E1125 simulated: unable to load server certificate");

    try (var processes = ProcessHandle.allProcesses()) {
      assertThat(
              processes
                  .filter(p -> p.info().commandLine().orElse("").contains(bin.toString()))
                  .filter(ProcessHandle::isAlive)
                  .map(p -> p.pid() + " " + p.info().commandLine().orElse("")))
          .as("components left running")
          .isEmpty();
    }
  }
}
