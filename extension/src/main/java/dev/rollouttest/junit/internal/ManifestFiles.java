package dev.rollouttest.junit.internal;

import dev.rollouttest.junit.InvalidManifestException;
import dev.rollouttest.manifest.ManifestDocument;
import dev.rollouttest.manifest.ManifestException;
import dev.rollouttest.manifest.internal.ManifestParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds manifest files and parses them into documents, naming the culprit of every problem. */
final class ManifestFiles {

  private ManifestFiles() {}

  /**
   * Loads every document of one manifest reference (see {@link dev.rollouttest.junit.Manifest} for
   * lookup).
   */
  static List<ManifestDocument> load(Class<?> testClass, String reference) {
    Source source;
    try {
      source = find(testClass, reference);
    } catch (ManifestException e) {
      throw new InvalidManifestException(String.valueOf(e.getMessage()), e);
    }
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
        return new Source(
            reference,
            dev.rollouttest.manifest.internal.ManifestParser.decode(
                reference, Files.readAllBytes(file)));
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
      return new Source(
          name, dev.rollouttest.manifest.internal.ManifestParser.decode(name, in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read manifest " + name + " from " + url, e);
    }
  }

  /** Splits a multi-document YAML text and parses each non-empty document. */
  static List<ManifestDocument> parse(String source, String text) {
    try {
      return ManifestParser.parse(source, text);
    } catch (ManifestException e) {
      throw new InvalidManifestException(String.valueOf(e.getMessage()), e.getCause());
    }
  }
}
