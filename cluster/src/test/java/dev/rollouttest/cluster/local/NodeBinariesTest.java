package dev.rollouttest.cluster.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The build files that travel in the jar are exactly those the node build fingerprints. */
class NodeBinariesTest {

  @Test
  void the_jar_carries_every_file_the_node_build_uses() throws IOException {
    Path controlplane = Path.of("..", "controlplane");
    try (Stream<Path> files = Files.walk(controlplane.resolve("node"))) {
      assertThat(
              files
                  .filter(Files::isRegularFile)
                  .map(p -> controlplane.relativize(p).toString())
                  .filter(p -> !p.endsWith("README.md") && !p.endsWith("_test.go")))
          .containsExactlyInAnyOrderElementsOf(
              NodeBinaries.BUILD_FILES.stream().filter(f -> f.startsWith("node/")).toList());
    }
    for (String file : NodeBinaries.BUILD_FILES) {
      assertThat(
              NodeBinaries.class.getResource("/dev/rollouttest/cluster/local/controlplane/" + file))
          .as("%s in the jar", file)
          .isNotNull();
    }
  }
}
