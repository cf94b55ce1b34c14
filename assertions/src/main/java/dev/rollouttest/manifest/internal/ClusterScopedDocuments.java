package dev.rollouttest.manifest.internal;

import dev.rollouttest.manifest.ClusterScopedObjects;
import dev.rollouttest.manifest.ManifestDocument;
import dev.rollouttest.manifest.ManifestException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The applier's rules for a cluster-scoped document: refused unless {@link ClusterScopedObjects}
 * allows its kind and name; when allowed, refused too if an object of that kind and name exists
 * that this run did not create; else applied as a copy with the run's labels.
 */
final class ClusterScopedDocuments {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private ClusterScopedDocuments() {}

  /**
   * The object to apply for a cluster-scoped document: a copy with {@link
   * ClusterScopedObjects#labels()}.
   *
   * @param documents how many documents the apply holds, for the message
   * @throws ManifestException when the document is not allowed, or names an object that exists and
   *     was not created by this run
   */
  static HasMetadata admit(
      KubernetesClient client,
      String namespace,
      ManifestDocument document,
      int documents,
      ClusterScopedObjects clusterScoped) {
    requireAllowed(namespace, document, documents, clusterScoped);
    HasMetadata existing = client.resource(document.object()).get();
    String owner =
        existing == null || existing.getMetadata().getLabels() == null
            ? null
            : existing.getMetadata().getLabels().get(ClusterScopedObjects.RUN_ID_LABEL);
    if (existing != null && !clusterScoped.runId().equals(owner)) {
      throw new ManifestException(
          where(document)
              + " is allowed, but "
              + kindName(document)
              + " exists already and was not created by this test run (its "
              + ClusterScopedObjects.RUN_ID_LABEL
              + " label is "
              + (owner == null ? "absent" : "'" + owner + "'")
              + "): rollout-test changes and deletes only the cluster-scoped objects its run"
              + " created. Delete it from the cluster, or rename it in the manifest.");
    }
    HasMetadata labelled = SERIALIZATION.clone(document.object());
    Map<String, String> labels =
        new HashMap<>(Objects.requireNonNullElse(labelled.getMetadata().getLabels(), Map.of()));
    labels.putAll(clusterScoped.labels());
    labelled.getMetadata().setLabels(labels);
    return labelled;
  }

  /**
   * Refuses a cluster-scoped document that {@code clusterScoped} does not allow.
   *
   * @throws ManifestException naming file, document, line, kind and name, why, and how to allow it
   */
  static void requireAllowed(
      String namespace,
      ManifestDocument document,
      int documents,
      ClusterScopedObjects clusterScoped) {
    HasMetadata object = document.object();
    if (clusterScoped.allows(object.getKind(), object.getMetadata().getName())) {
      return;
    }
    throw new ManifestException(
        where(document)
            + " is cluster-scoped: it would outlive the namespace '"
            + namespace
            + "' and affect every later test on the cluster, so it is refused"
            + (documents == 1 ? "" : ", and none of the " + documents + " documents was applied")
            + ". To apply it, allow it by kind and name, "
            + kindName(document)
            + ", in "
            + clusterScoped.howToAllow()
            + "; it is then labelled with the run id and deleted with the namespace.");
  }

  /** {@code rbac.yaml document #1 (ClusterRole/web-reader), from line 1,}. */
  private static String where(ManifestDocument document) {
    return document.describe() + ", from line " + document.firstLine() + ",";
  }

  private static String kindName(ManifestDocument document) {
    return document.object().getKind() + "/" + document.object().getMetadata().getName();
  }
}
