package dev.rollouttest.manifest;

import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;

/**
 * Applies manifest documents into a namespace: server-side apply, in order, with the field manager
 * {@code rollout-test}. A document pinned to another namespace, a kind the API server does not
 * serve, or a document it refuses stops the apply with a {@link ManifestException} that names the
 * file, the document and the reason.
 */
public final class ManifestApplier {

  private ManifestApplier() {}

  /** Applies {@code documents} into {@code namespace}, in order. */
  public static void apply(
      KubernetesClient client, String namespace, List<ManifestDocument> documents) {
    for (ManifestDocument document : documents) {
      HasMetadata object = document.object();
      String pinned = object.getMetadata().getNamespace();
      if (pinned != null && !pinned.equals(namespace)) {
        throw new ManifestException(
            document.describe()
                + " is pinned to namespace '"
                + pinned
                + "', but tests apply manifests into their own namespace ('"
                + namespace
                + "'). Remove metadata.namespace from the manifest.");
      }
      if (object instanceof GenericKubernetesResource) {
        requireServed(client, document);
      }
      try {
        client
            .resource(object)
            .inNamespace(namespace)
            .fieldManager("rollout-test")
            .forceConflicts()
            .serverSideApply();
      } catch (KubernetesClientException e) {
        throw new ManifestException(document.describe() + " was refused: " + reason(e), e);
      }
    }
  }

  /**
   * A kind fabric8 has no model for must at least be served by the API server (a CRD, typically).
   */
  private static void requireServed(KubernetesClient client, ManifestDocument document) {
    HasMetadata object = document.object();
    APIResourceList served;
    try {
      served = client.getApiResources(object.getApiVersion());
    } catch (KubernetesClientException e) {
      served = null;
    }
    boolean known =
        served != null
            && served.getResources().stream().anyMatch(r -> object.getKind().equals(r.getKind()));
    if (!known) {
      throw new ManifestException(
          document.describe()
              + " was refused: the API server serves no kind "
              + object.getKind()
              + " in "
              + object.getApiVersion()
              + (served == null ? " (it does not know that group/version at all)" : "")
              + ". Is its CustomResourceDefinition installed? Apply the CRD in an earlier @Manifest.");
    }
  }

  /** The API server's own words where it gave them. */
  public static String reason(KubernetesClientException e) {
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      return e.getStatus().getMessage()
          + " (HTTP "
          + e.getCode()
          + (e.getStatus().getReason() == null ? "" : " " + e.getStatus().getReason())
          + ")";
    }
    return e.getMessage();
  }
}
