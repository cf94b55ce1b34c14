package dev.rollouttest.junit.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * One document of a manifest file, parsed. {@code index} counts from 1, as people count documents.
 */
record ManifestDocument(String source, int index, HasMetadata object) {

  /** {@code web.yaml document #2 (Deployment/web)}. */
  String describe() {
    String name = object.getMetadata() == null ? null : object.getMetadata().getName();
    return source + " document #" + index + " (" + object.getKind() + "/" + name + ")";
  }
}
