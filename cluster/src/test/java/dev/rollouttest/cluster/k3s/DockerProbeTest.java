package dev.rollouttest.cluster.k3s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Asking whether Docker runs, on a machine without it, logs no ERROR (backend = auto does it). */
class DockerProbeTest {

  @Test
  void a_machine_without_docker_is_told_apart_quietly() {
    assumeFalse(
        K3sCluster.anythingPointsAtDocker(), "this machine has a Docker socket or configuration");
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    boolean available;
    try {
      available = K3sCluster.dockerAvailable();
    } finally {
      System.setErr(err);
    }
    assertThat(available).isFalse();
    assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("ERROR");
  }
}
