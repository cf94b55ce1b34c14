package dev.rollouttest.cluster.kubeconfig;

import dev.rollouttest.cluster.KubernetesCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.StandardHttpRequest;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A request as the guards judge it: method, path, and, for a write that sends a whole object, that
 * object's metadata.
 *
 * @param contentType the body's media type, e.g. {@code application/apply-patch+yaml} for a
 *     server-side apply; {@code null} without a body
 * @param body the body, {@code null} without one
 */
record GuardedWrite(
    String method, String path, @Nullable String contentType, @Nullable String body) {

  private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /** The request an interceptor sees. */
  static GuardedWrite of(HttpRequest request) {
    String contentType =
        request instanceof StandardHttpRequest standard
            ? standard.getContentType()
            : request.header("Content-Type");
    return new GuardedWrite(
        request.method(), request.uri().getRawPath(), contentType, request.bodyString());
  }

  /** A request without a body. */
  static GuardedWrite of(String method, String path) {
    return new GuardedWrite(method, path, null, null);
  }

  boolean isWrite() {
    return WRITES.contains(method);
  }

  boolean isDelete() {
    return method.equals("DELETE");
  }

  /**
   * Whether the body is the whole object, which the write creates or replaces: a POST, a PUT, or a
   * server-side apply (a PATCH that creates the object when it does not exist).
   */
  boolean sendsObject() {
    return method.equals("POST")
        || method.equals("PUT")
        || (method.equals("PATCH")
            && contentType != null
            && contentType.toLowerCase(Locale.ROOT).startsWith("application/apply-patch"));
  }

  /** The metadata of the object sent, when {@link #sendsObject()} and the body is one. */
  Optional<ObjectMeta> sentMetadata() {
    if (!sendsObject() || body == null || body.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(
          SERIALIZATION.unmarshal(body, GenericKubernetesResource.class).getMetadata());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Whether the object sent carries {@link KubernetesCluster#RUN_ID_LABEL} with this value. */
  boolean sendsRunId(String runId) {
    return sentMetadata()
        .map(ObjectMeta::getLabels)
        .map(labels -> runId.equals(labels.get(KubernetesCluster.RUN_ID_LABEL)))
        .orElse(false);
  }

  /** {@code PATCH /apis/...}, for messages. */
  @Override
  public String toString() {
    return method + " " + path;
  }
}
