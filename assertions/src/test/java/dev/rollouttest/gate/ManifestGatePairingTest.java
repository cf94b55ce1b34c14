package dev.rollouttest.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollouttest.manifest.ManifestException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@link ManifestGate#perFile} pairs the files of next with those of current. */
class ManifestGatePairingTest {

  @Test
  void pairs_by_relative_path_and_checks_the_first_rollout_of_a_file_current_lacks(
      @TempDir Path dir) throws Exception {
    Path current = Files.createDirectories(dir.resolve("current/apps"));
    Path next = Files.createDirectories(dir.resolve("next/apps"));
    Files.writeString(current.resolve("web.yaml"), "kind: ConfigMap\n");
    Files.writeString(next.resolve("web.yaml"), "kind: ConfigMap\n");
    Files.writeString(next.resolve("new.yml"), "kind: ConfigMap\n");
    Files.writeString(next.resolve("README.md"), "not a manifest\n");

    var gates = ManifestGate.perFile(dir.resolve("current"), dir.resolve("next"));

    assertThat(gates)
        .extracting(ManifestGate::name)
        .containsExactly("apps/new.yml", "apps/web.yaml");
    assertThat(gates.get(0).current()).isEmpty();
    assertThat(gates.get(1).current()).hasValue(current.resolve("web.yaml"));
    assertThat(gates.get(1).next()).isEqualTo(next.resolve("web.yaml"));
  }

  @Test
  void a_current_file_is_paired_with_every_file_of_next(@TempDir Path dir) throws Exception {
    Path current = Files.writeString(dir.resolve("today.yaml"), "kind: ConfigMap\n");
    Path next = Files.createDirectories(dir.resolve("next"));
    Files.writeString(next.resolve("a.yaml"), "kind: ConfigMap\n");
    Files.writeString(next.resolve("b.yaml"), "kind: ConfigMap\n");

    assertThat(ManifestGate.perFile(current, next))
        .extracting(ManifestGate::current)
        .containsExactly(Optional.of(current), Optional.of(current));
  }

  @Test
  void missing_or_empty_paths_are_named(@TempDir Path dir) throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));

    assertThatThrownBy(() -> ManifestGate.perFile(dir.resolve("nope"), empty))
        .isInstanceOf(ManifestException.class)
        .hasMessageStartingWith(dir.resolve("nope") + " does not exist (resolved against ");
    assertThatThrownBy(() -> ManifestGate.perFile(empty, empty))
        .isInstanceOf(ManifestException.class)
        .hasMessage(empty + " holds no .yaml or .yml file");
    assertThatThrownBy(() -> ManifestGate.upgrade(empty, empty).timeout(java.time.Duration.ZERO))
        .hasMessage("timeout must be positive, but was PT0S");
  }
}
