package dev.rollouttest.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollouttest.junit.InvalidManifestException;
import dev.rollouttest.manifest.ManifestDocument;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestFilesTest {

  @Test
  void splits_documents_skipping_empty_ones_and_counting_from_one() {
    List<ManifestDocument> docs =
        ManifestFiles.parse(
            "app.yaml",
            """
            ---
            # leading comment
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: a}
            ---
            ---   # empty document
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            """);

    assertThat(docs).extracting(ManifestDocument::index).containsExactly(1, 2);
    assertThat(docs.get(0).object()).isInstanceOf(ConfigMap.class);
    assertThat(docs.get(1).object()).isInstanceOf(Deployment.class);
    assertThat(docs.get(1).describe()).isEqualTo("app.yaml document #2 (Deployment/web)");
  }

  @Test
  void a_document_without_kind_or_name_is_named() {
    assertThatThrownBy(
            () -> ManifestFiles.parse("x.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n"))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessage("x.yaml document #1 (ConfigMap, from line 1) has no metadata.name.");
    assertThatThrownBy(() -> ManifestFiles.parse("x.yaml", "foo: bar\n"))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageStartingWith("x.yaml document #1 (from line 1)");
  }

  @Test
  void namespace_names_are_valid_readable_and_unique() {
    String name = NamespaceNames.forTest("WebRolloutTest", "rollsOut_toV2_" + "x".repeat(80));

    assertThat(name)
        .hasSizeLessThanOrEqualTo(63)
        .matches("[a-z][a-z0-9-]*[a-z0-9]")
        .startsWith("webrollouttest-rollsout-tov2-x");
    assertThat(NamespaceNames.forTest("A", "b")).isNotEqualTo(NamespaceNames.forTest("A", "b"));
    assertThat(NamespaceNames.forTest("9Lives", null)).startsWith("t-9lives-");
    assertThat(NamespaceNames.labelValue("_Weird Test$Name_")).isEqualTo("Weird-Test-Name");
  }

  @Test
  void a_manifest_that_is_not_utf_8_is_refused_naming_line_and_byte(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
    byte[] latin1 =
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf\u00e9\n"
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    java.nio.file.Path file = dir.resolve("latin1.yaml");
    java.nio.file.Files.write(file, latin1);

    assertThatThrownBy(() -> ManifestFiles.load(ManifestFilesTest.class, "file:" + file))
        .isInstanceOf(dev.rollouttest.junit.InvalidManifestException.class)
        .hasMessage(
            "Manifest file:"
                + file
                + " is not UTF-8: byte 0xE9 at offset 52 (line 4, column 12) is not valid UTF-8;"
                + " save the file as UTF-8");
    // the same file through the command line's reader
    assertThatThrownBy(() -> dev.rollouttest.manifest.internal.ManifestParser.read(file))
        .isInstanceOf(dev.rollouttest.manifest.ManifestException.class)
        .hasMessageContaining("is not UTF-8: byte 0xE9 at offset 52 (line 4, column 12)");
  }

  @Test
  void two_documents_for_the_same_object_are_refused() {
    String text =
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: '1'}\n"
            + "---\n"
            + "apiVersion: v1\nkind: Service\nmetadata: {name: settings}\nspec: {ports: [{port: 80}]}\n"
            + "---\n"
            + "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: '2'}\n";

    assertThatThrownBy(() -> ManifestFiles.parse("app.yaml", text))
        .isInstanceOf(dev.rollouttest.junit.InvalidManifestException.class)
        .hasMessage(
            "app.yaml document #3 (ConfigMap/settings) (from line 11) is the same object as"
                + " document #1 (from line 1): applied in order, the second would silently replace"
                + " the first. Keep one.");
  }
}
