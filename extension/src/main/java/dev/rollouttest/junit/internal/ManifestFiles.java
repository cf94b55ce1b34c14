package dev.rollouttest.junit.internal;

import dev.rollouttest.junit.InvalidManifestException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Finds manifest files and parses them into documents, naming the culprit of every problem. */
final class ManifestFiles {

  private static final Pattern SEPARATOR = Pattern.compile("^---\\s*(#.*)?$");
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private ManifestFiles() {}

  /**
   * Loads every document of one manifest reference (see {@link dev.rollouttest.junit.Manifest} for
   * lookup).
   */
  static List<ManifestDocument> load(Class<?> testClass, String reference) {
    Source source = find(testClass, reference);
    List<ManifestDocument> documents = parse(source.name(), source.text());
    if (documents.isEmpty()) {
      throw new InvalidManifestException(
          "Manifest " + source.name() + " is empty: it holds no Kubernetes object.");
    }
    return documents;
  }

  record Source(String name, String text) {}

  static Source find(Class<?> testClass, String reference) {
    List<String> tried = new ArrayList<>();
    if (!reference.startsWith("file:")) {
      String resource = reference.startsWith("/") ? reference.substring(1) : null;
      if (resource == null) {
        URL beside = testClass.getResource(reference);
        tried.add("classpath:" + testClass.getPackageName().replace('.', '/') + "/" + reference);
        if (beside != null) {
          return read(reference, beside);
        }
        resource = reference;
      }
      URL root = testClass.getClassLoader().getResource(resource);
      tried.add("classpath:" + resource);
      if (root != null) {
        return read(reference, root);
      }
    }
    Path file = Path.of(reference.startsWith("file:") ? reference.substring(5) : reference);
    tried.add("file " + file.toAbsolutePath());
    if (Files.isRegularFile(file)) {
      try {
        return new Source(reference, Files.readString(file, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new InvalidManifestException(
            "Manifest " + reference + " could not be read: " + e.getMessage(), e);
      }
    }
    throw new InvalidManifestException(
        "Manifest "
            + reference
            + " of "
            + testClass.getName()
            + " was not found; looked for "
            + String.join(", ", tried)
            + ".");
  }

  private static Source read(String name, URL url) {
    try (InputStream in = url.openStream()) {
      return new Source(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read manifest " + name + " from " + url, e);
    }
  }

  /** Splits a multi-document YAML text and parses each non-empty document. */
  static List<ManifestDocument> parse(String source, String text) {
    List<ManifestDocument> documents = new ArrayList<>();
    List<String> lines = text.lines().toList();
    StringBuilder chunk = new StringBuilder();
    int index = 0;
    int firstLine = 1;
    for (int i = 0; i <= lines.size(); i++) {
      boolean end = i == lines.size();
      if (end || SEPARATOR.matcher(lines.get(i)).matches()) {
        if (!isBlank(chunk)) {
          index++;
          documents.addAll(parseDocument(source, index, firstLine, chunk.toString()));
        } else if (i > 0 || end) {
          // an empty document between separators, or a file that starts with '---': not counted
        }
        chunk.setLength(0);
        firstLine = i + 2;
      } else {
        chunk.append(lines.get(i)).append('\n');
      }
    }
    return documents;
  }

  private static List<ManifestDocument> parseDocument(
      String source, int index, int firstLine, String yaml) {
    Object parsed;
    try {
      parsed = SERIALIZATION.unmarshal(yaml);
    } catch (RuntimeException e) {
      throw new InvalidManifestException(
          source
              + " document #"
              + index
              + " (from line "
              + firstLine
              + "): malformed YAML or not a Kubernetes object: "
              + shiftLines(rootMessage(e), firstLine - 1),
          e);
    }
    if (parsed instanceof KubernetesList list) {
      return list.getItems().stream().map(item -> check(source, index, firstLine, item)).toList();
    }
    if (!(parsed instanceof HasMetadata object)) {
      throw new InvalidManifestException(
          source
              + " document #"
              + index
              + " (from line "
              + firstLine
              + ") is not a Kubernetes object: it has no kind and metadata.");
    }
    return List.of(check(source, index, firstLine, object));
  }

  private static ManifestDocument check(
      String source, int index, int firstLine, HasMetadata object) {
    if (object.getKind() == null || object.getApiVersion() == null) {
      throw new InvalidManifestException(
          source
              + " document #"
              + index
              + " (from line "
              + firstLine
              + ") lacks apiVersion or kind.");
    }
    if (object.getMetadata() == null || object.getMetadata().getName() == null) {
      throw new InvalidManifestException(
          source
              + " document #"
              + index
              + " ("
              + object.getKind()
              + ", from line "
              + firstLine
              + ") has no metadata.name.");
    }
    return new ManifestDocument(source, index, object);
  }

  private static boolean isBlank(CharSequence chunk) {
    return chunk.toString().lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#"));
  }

  /** Turns the parser's line numbers, counted from the document's start, into the file's. */
  static String shiftLines(String message, int offset) {
    return java.util.regex.Pattern.compile("line (\\d+)")
        .matcher(message)
        .replaceAll(m -> "line " + (Integer.parseInt(m.group(1)) + offset));
  }

  /** The most precise message in the chain: YAML parsers put the line and column in one of them. */
  private static String rootMessage(Throwable e) {
    String best = null;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String m = t.getMessage();
      if (m != null && (best == null || (m.contains("line") && !best.contains("line")))) {
        best = m;
      }
    }
    return best == null ? e.toString() : best.strip().replaceAll("\\s*\\n\\s*", " ");
  }
}
