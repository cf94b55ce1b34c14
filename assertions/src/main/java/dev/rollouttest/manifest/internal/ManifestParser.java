package dev.rollouttest.manifest.internal;

import dev.rollouttest.manifest.ManifestDocument;
import dev.rollouttest.manifest.ManifestException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * Parses multi-document YAML manifests, keeping for each document its number and first line, so
 * that every problem (malformed YAML, no kind, no name) names the file, the document and the line.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class ManifestParser {

  private static final Pattern SEPARATOR = Pattern.compile("^---\\s*(#.*)?$");
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private ManifestParser() {}

  /** Splits a multi-document YAML text and parses each non-empty document. */
  public static List<ManifestDocument> parse(String source, String text) {
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
    refuseDuplicates(documents);
    return documents;
  }

  /**
   * Two documents of one file for the same object (group, kind, namespace, name): applied one after
   * the other, the second would silently replace the first.
   */
  private static void refuseDuplicates(List<ManifestDocument> documents) {
    java.util.Map<String, ManifestDocument> seen = new java.util.HashMap<>();
    for (ManifestDocument d : documents) {
      HasMetadata o = d.object();
      if (o.getMetadata() == null || o.getMetadata().getName() == null) {
        continue;
      }
      String apiVersion = o.getApiVersion() == null ? "" : o.getApiVersion();
      String group =
          apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
      String key =
          group
              + "/"
              + o.getKind()
              + "/"
              + java.util.Objects.toString(o.getMetadata().getNamespace(), "")
              + "/"
              + o.getMetadata().getName();
      ManifestDocument first = seen.putIfAbsent(key, d);
      if (first != null) {
        throw new ManifestException(
            d.describe()
                + " (from line "
                + d.firstLine()
                + ") is the same object as document #"
                + first.index()
                + " (from line "
                + first.firstLine()
                + "): applied in order, the second would silently replace the first. Keep one.");
      }
    }
  }

  private static List<ManifestDocument> parseDocument(
      String source, int index, int firstLine, String yaml) {
    Object parsed;
    try {
      parsed = SERIALIZATION.unmarshal(yaml);
    } catch (RuntimeException e) {
      throw new ManifestException(
          where(source, index, firstLine)
              + ": malformed YAML or not a Kubernetes object: "
              + shiftLines(rootMessage(e), firstLine - 1),
          e);
    }
    if (parsed instanceof KubernetesList list) {
      return list.getItems().stream().map(item -> check(source, index, firstLine, item)).toList();
    }
    if (!(parsed instanceof HasMetadata object)) {
      throw new ManifestException(
          where(source, index, firstLine)
              + " is not a Kubernetes object: it has no kind and metadata.");
    }
    return List.of(check(source, index, firstLine, object));
  }

  private static ManifestDocument check(
      String source, int index, int firstLine, HasMetadata object) {
    if (object.getKind() == null || object.getApiVersion() == null) {
      throw new ManifestException(where(source, index, firstLine) + " lacks apiVersion or kind.");
    }
    if (object.getMetadata() == null || object.getMetadata().getName() == null) {
      throw new ManifestException(
          source
              + " document #"
              + index
              + " ("
              + object.getKind()
              + ", from line "
              + firstLine
              + ") has no metadata.name.");
    }
    return new ManifestDocument(source, index, firstLine, object);
  }

  /** {@code web.yaml document #2 (from line 14)}: where a problem is, for its message. */
  private static String where(String source, int index, int firstLine) {
    return source + " document #" + index + " (from line " + firstLine + ")";
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

  /**
   * Reads files, and the {@code .yaml}/{@code .yml} files of directories (recursively, in name
   * order). Documents are named by the path as given.
   *
   * @throws ManifestException naming the path when it does not exist, or the file and document when
   *     one cannot be parsed
   */
  public static List<ManifestDocument> read(java.nio.file.Path... paths) {
    List<ManifestDocument> documents = new java.util.ArrayList<>();
    for (java.nio.file.Path path : paths) {
      for (java.nio.file.Path file : files(path)) {
        try {
          documents.addAll(
              parse(
                  file.toString(),
                  decode(file.toString(), java.nio.file.Files.readAllBytes(file))));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException("Could not read manifest " + file, e);
        }
      }
    }
    return documents;
  }

  /**
   * The text of a manifest, which must be UTF-8 (as YAML 1.2 and Kubernetes expect): a byte that is
   * not, say a Latin-1 {@code é}, is an error naming the file, the line and the byte offset, never
   * a silently replaced character.
   *
   * @throws ManifestException when the bytes are not UTF-8
   */
  public static String decode(String source, byte[] bytes) {
    java.nio.charset.CharsetDecoder decoder =
        java.nio.charset.StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
            .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
    java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
    java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
    java.nio.charset.CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      int offset = in.position();
      int line = 1;
      int column = 1;
      for (int i = 0; i < offset; i++) {
        if (bytes[i] == '\n') {
          line++;
          column = 1;
        } else {
          column++;
        }
      }
      throw new ManifestException(
          String.format(
              java.util.Locale.ROOT,
              "Manifest %s is not UTF-8: byte 0x%02X at offset %d (line %d, column %d) is not"
                  + " valid UTF-8; save the file as UTF-8",
              source,
              bytes[offset] & 0xFF,
              offset,
              line,
              column));
    }
    decoder.flush(out);
    out.flip();
    return out.toString();
  }

  /** The manifest files a path stands for: itself, or a directory's YAML files in name order. */
  public static List<java.nio.file.Path> files(java.nio.file.Path path) {
    if (java.nio.file.Files.isDirectory(path)) {
      try (java.util.stream.Stream<java.nio.file.Path> walk = java.nio.file.Files.walk(path)) {
        return walk.filter(java.nio.file.Files::isRegularFile)
            .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
            .sorted()
            .toList();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("Could not list manifests in " + path, e);
      }
    }
    if (!java.nio.file.Files.isRegularFile(path)) {
      throw new ManifestException(
          "Manifest "
              + path
              + " does not exist (resolved against "
              + java.nio.file.Path.of("").toAbsolutePath()
              + ").");
    }
    return List.of(path);
  }
}
