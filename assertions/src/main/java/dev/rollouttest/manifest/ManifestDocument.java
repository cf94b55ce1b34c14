package dev.rollouttest.manifest;

import io.fabric8.kubernetes.api.model.HasMetadata;
import org.apiguardian.api.API;

/**
 * One document of a manifest file, parsed.
 *
 * @param source the file's name as the user gave it
 * @param index the document's number in the file, counted from 1 as people count documents
 * @param firstLine the file line the document starts at
 * @param object the Kubernetes object
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ManifestDocument(String source, int index, int firstLine, HasMetadata object) {

  /** {@code web.yaml document #2 (Deployment/web)}. */
  public String describe() {
    String name = object.getMetadata() == null ? null : object.getMetadata().getName();
    return source + " document #" + index + " (" + object.getKind() + "/" + name + ")";
  }
}
