package dev.rollouttest.manifest.internal;

import dev.rollouttest.manifest.ClusterScopedObjects;
import dev.rollouttest.manifest.ManifestDocument;
import dev.rollouttest.manifest.ManifestException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
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
 *
 * <p>A cluster-scoped document (the API server's discovery says which) would outlive the namespace:
 * it is refused before anything is sent unless {@link ClusterScopedObjects} allows its kind and
 * name, and then applied with the run's labels and recorded there, to be deleted with the
 * namespace.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class ManifestApplier {

  private ManifestApplier() {}

  /**
   * Applies {@code documents} into {@code namespace}, in order; conflicts are errors, and so is
   * every cluster-scoped document.
   */
  public static void apply(
      KubernetesClient client, String namespace, List<ManifestDocument> documents) {
    apply(client, namespace, documents, false);
  }

  /**
   * Applies {@code documents} into {@code namespace}, in order; every cluster-scoped document is
   * refused.
   *
   * @param forceConflicts take over fields that other field managers own, as {@code kubectl apply
   *     --server-side --force-conflicts} does
   */
  public static void apply(
      KubernetesClient client,
      String namespace,
      List<ManifestDocument> documents,
      boolean forceConflicts) {
    apply(client, namespace, documents, forceConflicts, ClusterScopedObjects.refused());
  }

  /**
   * Applies {@code documents} into {@code namespace}, in order.
   *
   * @param forceConflicts take over fields that other field managers own, as {@code kubectl apply
   *     --server-side --force-conflicts} does
   * @param clusterScoped the cluster-scoped objects that may be applied; those applied are recorded
   *     there
   */
  public static void apply(
      KubernetesClient client,
      String namespace,
      List<ManifestDocument> documents,
      boolean forceConflicts,
      ClusterScopedObjects clusterScoped) {
    ServedKinds served = new ServedKinds(client);
    // nothing is written before each document's scope is known and allowed
    List<Admitted> admitted = new ArrayList<>();
    for (ManifestDocument document : documents) {
      admitted.add(admit(client, namespace, document, documents.size(), served, clusterScoped));
    }
    // all or nothing: the API server checks every document (a dry run) before any is applied
    for (Admitted each : admitted) {
      dryRun(client, namespace, each, forceConflicts, documents.size());
    }
    for (Admitted each : admitted) {
      if (each.clusterScoped()) {
        clusterScoped.applying(each.object());
      }
      try {
        var resource =
            client.resource(each.object()).inNamespace(namespace).fieldManager("rollout-test");
        (forceConflicts ? resource.forceConflicts() : resource).serverSideApply();
      } catch (KubernetesClientException e) {
        throw refused(each.document(), e, forceConflicts, "");
      }
    }
  }

  /** A document checked without sending it, and the object to apply for it. */
  private record Admitted(ManifestDocument document, HasMetadata object, boolean clusterScoped) {}

  /**
   * Refuses, before anything is sent, the first cluster-scoped document that {@code clusterScoped}
   * does not allow; for callers that apply several lists in turn (the gate: current, then next). A
   * kind the API server does not serve yet is left to {@link #apply}.
   *
   * @throws ManifestException naming the document, why it is refused and how to allow it
   */
  public static void refuseClusterScoped(
      KubernetesClient client,
      String namespace,
      List<ManifestDocument> documents,
      ClusterScopedObjects clusterScoped) {
    ServedKinds served = new ServedKinds(client);
    for (ManifestDocument document : documents) {
      if (served.scopeOf(document.object()) == ServedKinds.Scope.CLUSTER) {
        ClusterScopedDocuments.requireAllowed(namespace, document, documents.size(), clusterScoped);
      }
    }
  }

  /**
   * A document checked without sending it; the object to apply is the document's own, or for a
   * cluster-scoped document that is allowed, a copy with the run's labels.
   */
  private static Admitted admit(
      KubernetesClient client,
      String namespace,
      ManifestDocument document,
      int documents,
      ServedKinds served,
      ClusterScopedObjects clusterScoped) {
    HasMetadata object = document.object();
    ServedKinds.Scope scope = served.scopeOf(object);
    if (scope == ServedKinds.Scope.CLUSTER) {
      return new Admitted(
          document,
          ClusterScopedDocuments.admit(client, namespace, document, documents, clusterScoped),
          true);
    }
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
    if (object instanceof GenericKubernetesResource && scope != ServedKinds.Scope.NAMESPACED) {
      // a kind fabric8 has no model for must at least be served (a CRD, typically)
      throw new ManifestException(
          document.describe()
              + " was refused: the API server serves no kind "
              + object.getKind()
              + " in "
              + object.getApiVersion()
              + (scope == ServedKinds.Scope.UNKNOWN_GROUP_VERSION
                  ? " (it does not know that group/version at all)"
                  : "")
              + ". Is its CustomResourceDefinition installed? Apply the CRD in an earlier @Manifest.");
    }
    return new Admitted(document, object, false);
  }

  private static void dryRun(
      KubernetesClient client,
      String namespace,
      Admitted admitted,
      boolean forceConflicts,
      int documents) {
    try {
      var resource =
          client
              .resource(admitted.object())
              .inNamespace(namespace)
              .dryRun()
              .fieldManager("rollout-test");
      (forceConflicts ? resource.forceConflicts() : resource).serverSideApply();
    } catch (KubernetesClientException e) {
      throw refused(
          admitted.document(),
          e,
          forceConflicts,
          documents == 1
              ? ""
              : " Nothing of the "
                  + documents
                  + " documents was applied: the API server checks each (a dry run) before any"
                  + " is.");
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
