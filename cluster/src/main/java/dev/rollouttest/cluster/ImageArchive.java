package dev.rollouttest.cluster;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apiguardian.api.API;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads the image references an image archive names: a docker-archive ({@code docker save}: {@code
 * manifest.json} with {@code RepoTags}) or an OCI image layout tar ({@code index.json} with {@code
 * org.opencontainers.image.ref.name} or {@code io.containerd.image.name} annotations).
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class ImageArchive {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ImageArchive() {}

  /**
   * The references the archive names.
   *
   * @throws IllegalArgumentException naming the file when it is missing, not a tar, or names no
   *     image
   */
  public static List<String> references(Path archive) {
    if (!Files.isRegularFile(archive)) {
      throw new IllegalArgumentException("loadImage: " + archive + " is not a file");
    }
    Set<String> references = new LinkedHashSet<>();
    boolean sawIndex = false;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(archive));
        TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        String name = entry.getName().replaceFirst("^\\./", "");
        if (name.equals("manifest.json")) {
          sawIndex = true;
          for (JsonNode image : JSON.readTree(tar.readAllBytes())) {
            image.path("RepoTags").forEach(t -> references.add(t.asText()));
          }
        } else if (name.equals("index.json")) {
          sawIndex = true;
          for (JsonNode m : JSON.readTree(tar.readAllBytes()).path("manifests")) {
            JsonNode a = m.path("annotations");
            for (String key :
                List.of("io.containerd.image.name", "org.opencontainers.image.ref.name")) {
              if (a.hasNonNull(key)) {
                references.add(a.get(key).asText());
                break;
              }
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "loadImage: "
              + archive
              + " is not an image archive (a tar from docker save or an OCI layout): "
              + e.getMessage(),
          e);
    }
    if (!sawIndex) {
      throw new IllegalArgumentException(
          "loadImage: "
              + archive
              + " has neither manifest.json (docker save) nor index.json (OCI layout); it is not an image archive");
    }
    if (references.isEmpty()) {
      throw new IllegalArgumentException(
          "loadImage: "
              + archive
              + " names no image (no RepoTags, no ref.name annotation); tag the image before saving it,"
              + " or pods cannot refer to it");
    }
    return new ArrayList<>(references);
  }
}
