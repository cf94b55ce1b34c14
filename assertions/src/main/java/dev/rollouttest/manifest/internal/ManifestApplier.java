package dev.rollouttest.manifest.internal;

import dev.rollouttest.manifest.ManifestDocument;
import dev.rollouttest.manifest.ManifestException;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Applies manifest documents into a namespace: server-side apply, in order, with the field manager
 * {@code rollout-test}, all or nothing: the API server checks every document first (a server-side
 * dry run), and nothing is applied when it refuses one. A document pinned to another namespace, a
 * kind the API server does not serve, or a document it refuses stops the apply with a {@link
 * ManifestException} that names the file, the document and the reason. A field that another field
 * manager owns with another value (a {@code kubectl scale}, an edit by a controller or a person) is
 * a conflict: it is reported with the manager's name and the field, not silently taken over, unless
 * conflicts are forced.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class ManifestApplier {

  private ManifestApplier() {}

  /** Applies {@code documents} into {@code namespace}, in order; conflicts are errors. */
  public static void apply(
      KubernetesClient client, String namespace, List<ManifestDocument> documents) {
    apply(client, namespace, documents, false);
  }

  /**
   * Applies {@code documents} into {@code namespace}, in order.
   *
   * @param forceConflicts take over fields that other field managers own, as {@code kubectl apply
   *     --server-side --force-conflicts} does
   */
  public static void apply(
      KubernetesClient client,
      String namespace,
      List<ManifestDocument> documents,
      boolean forceConflicts) {
    // all or nothing: the API server checks every document (a dry run) before any is applied
    for (ManifestDocument document : documents) {
      check(client, namespace, document, forceConflicts, documents);
    }
    for (ManifestDocument document : documents) {
      try {
        var resource =
            client.resource(document.object()).inNamespace(namespace).fieldManager("rollout-test");
        (forceConflicts ? resource.forceConflicts() : resource).serverSideApply();
      } catch (KubernetesClientException e) {
        throw refused(document, e, forceConflicts, "");
      }
    }
  }

  private static void check(
      KubernetesClient client,
      String namespace,
      ManifestDocument document,
      boolean forceConflicts,
      List<ManifestDocument> documents) {
    {
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
        var resource =
            client.resource(object).inNamespace(namespace).dryRun().fieldManager("rollout-test");
        (forceConflicts ? resource.forceConflicts() : resource).serverSideApply();
      } catch (KubernetesClientException e) {
        throw refused(
            document,
            e,
            forceConflicts,
            documents.size() == 1
                ? ""
                : " Nothing of the "
                    + documents.size()
                    + " documents was applied: the API server checks each (a dry run) before any"
                    + " is.");
      }
    }
  }

  private static ManifestException refused(
      ManifestDocument document, KubernetesClientException e, boolean forceConflicts, String note) {
    if (e.getCode() == 409 && !forceConflicts) {
      return new ManifestException(
          document.describe()
              + " conflicts with another field manager: "
              + reason(e)
              + ". Server-side apply does not take over a field that another manager set to"
              + " another value. Leave the field out of the manifest, or force the apply"
              + " (ManifestGate.forcingConflicts(), ManifestApplier.apply(..., true))."
              + note,
          e);
    }
    return new ManifestException(
        document.describe() + " was refused: " + reason(e) + "." + note, e);
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
    return java.util.Objects.requireNonNullElse(e.getMessage(), e.toString());
  }
}
