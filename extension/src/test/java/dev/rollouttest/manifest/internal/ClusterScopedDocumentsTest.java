package dev.rollouttest.manifest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollouttest.cluster.KubernetesCluster;
import dev.rollouttest.cluster.local.LocalCluster;
import dev.rollouttest.manifest.ClusterScopedObjects;
import dev.rollouttest.manifest.ManifestDocument;
import dev.rollouttest.manifest.ManifestException;
import dev.rollouttest.testing.LocalClusterExtension;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The applier and cluster-scoped documents, on the local cluster: which are cluster-scoped comes
 * from the API server's discovery (a CRD's own scope too); they are refused unless allowed by kind
 * and name, before anything is applied; allowed ones are labelled, recorded and deleted, and an
 * object this run did not create is neither taken over nor deleted.
 */
@ExtendWith(LocalClusterExtension.class)
class ClusterScopedDocumentsTest {

  private static final String ROLE = "applier-test-reader";
  private static final String DEPLOYMENT_AND_ROLE =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: web, image: nginx:1.26}]}
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata: {name: applier-test-reader}
      rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]
      """;

  private final LocalCluster cluster;
  private String namespace;
  private KubernetesClient client;

  ClusterScopedDocumentsTest(LocalCluster cluster) {
    this.cluster = cluster;
  }

  @BeforeEach
  void namespace() {
    namespace = "cluster-scoped-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    cluster.createNamespace(namespace, Map.of());
    client = cluster.client().adapt(NamespacedKubernetesClient.class).inNamespace(namespace);
  }

  @AfterEach
  void clean() {
    cluster.client().rbac().clusterRoles().withName(ROLE).delete();
    cluster.deleteNamespace(namespace);
  }

  private ClusterScopedObjects allowing(String... kindNames) {
    return ClusterScopedObjects.allowing(List.of(kindNames), cluster.runId(), namespace)
        .describingOptIn("the test's allow-list");
  }

  private ClusterRole role() {
    return cluster.client().rbac().clusterRoles().withName(ROLE).get();
  }

  @Test
  void a_cluster_scoped_document_is_refused_before_anything_is_applied() {
    List<ManifestDocument> documents = ManifestParser.parse("app.yaml", DEPLOYMENT_AND_ROLE);

    assertThatThrownBy(() -> ManifestApplier.apply(client, namespace, documents))
        .isInstanceOf(ManifestException.class)
        .hasMessage(
            "app.yaml document #2 (ClusterRole/applier-test-reader), from line 10, is"
                + " cluster-scoped: it would outlive the namespace '"
                + namespace
                + "' and affect every later test on the cluster, so it is refused, and none of the"
                + " 2 documents was applied. To apply it, allow it by kind and name,"
                + " ClusterRole/applier-test-reader, in ClusterScopedObjects.allowing(...); it is"
                + " then labelled with the run id and deleted with the namespace.");
    assertThat(client.apps().deployments().withName("web").get())
        .as("the Deployment before it")
        .isNull();
    assertThat(role()).isNull();
  }

  @Test
  void an_allowed_one_is_applied_with_the_run_and_the_namespace_and_deleted_on_request() {
    ClusterScopedObjects clusterScoped = allowing("ClusterRole/" + ROLE);

    ManifestApplier.apply(
        client,
        namespace,
        ManifestParser.parse("app.yaml", DEPLOYMENT_AND_ROLE),
        false,
        clusterScoped);

    assertThat(role().getMetadata().getLabels())
        .isEqualTo(
            Map.of(
                KubernetesCluster.RUN_ID_LABEL,
                cluster.runId(),
                ClusterScopedObjects.NAMESPACE_LABEL,
                namespace));
    assertThat(client.apps().deployments().withName("web").get()).isNotNull();
    assertThat(clusterScoped.applied()).containsExactly("ClusterRole/" + ROLE);

    clusterScoped.deleteApplied(client);

    assertThat(role()).isNull();
    assertThat(clusterScoped.applied()).isEmpty();
  }

  @Test
  void an_existing_object_this_run_did_not_create_is_neither_taken_over_nor_deleted() {
    cluster
        .client()
        .rbac()
        .clusterRoles()
        .resource(new ClusterRoleBuilder().withNewMetadata().withName(ROLE).endMetadata().build())
        .create();
    List<ManifestDocument> documents = ManifestParser.parse("app.yaml", DEPLOYMENT_AND_ROLE);

    assertThatThrownBy(
            () ->
                ManifestApplier.apply(
                    client, namespace, documents, false, allowing("ClusterRole/" + ROLE)))
        .isInstanceOf(ManifestException.class)
        .hasMessage(
            "app.yaml document #2 (ClusterRole/applier-test-reader), from line 10, is allowed, but"
                + " ClusterRole/applier-test-reader exists already and was not created by this test"
                + " run (its rollout-test.dev/run-id label is absent): rollout-test changes and"
                + " deletes only the cluster-scoped objects its run created. Delete it from the"
                + " cluster, or rename it in the manifest.");
    assertThat(role().getRules()).as("untouched").isNullOrEmpty();
    assertThat(client.apps().deployments().withName("web").get()).isNull();

    ClusterScopedObjects applied = allowing("ClusterRole/" + ROLE);
    cluster.client().rbac().clusterRoles().withName(ROLE).delete();
    ManifestApplier.apply(client, namespace, documents, false, applied);
    cluster
        .client()
        .rbac()
        .clusterRoles()
        .withName(ROLE)
        .edit(
            r -> {
              r.getMetadata().getLabels().put(KubernetesCluster.RUN_ID_LABEL, "another-run");
              return r;
            });

    assertThatThrownBy(() -> applied.deleteApplied(client))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "Refusing to delete ClusterRole/applier-test-reader (its rollout-test.dev/run-id label"
                + " is 'another-run'): not labelled with this test run (run "
                + cluster.runId()
                + "), so it was not created by it.");
    assertThat(role()).isNotNull();
  }

  @Test
  void a_crd_and_a_namespace_are_cluster_scoped_too() {
    String extraNamespace = namespace + "-extra";
    List<ManifestDocument> documents =
        ManifestParser.parse(
            "crd.yaml",
            """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.scoped.example.com}
            spec:
              group: scoped.example.com
              scope: Cluster
              names: {plural: widgets, singular: widget, kind: Widget}
              versions:
              - name: v1
                served: true
                storage: true
                schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: %s}
            """
                .formatted(extraNamespace));

    assertThatThrownBy(() -> ManifestApplier.apply(client, namespace, documents))
        .isInstanceOf(ManifestException.class)
        .hasMessageStartingWith(
            "crd.yaml document #1 (CustomResourceDefinition/widgets.scoped.example.com), from line"
                + " 1, is cluster-scoped: ");
    assertThatThrownBy(
            () ->
                ManifestApplier.apply(
                    client,
                    namespace,
                    documents,
                    false,
                    allowing("CustomResourceDefinition/widgets.scoped.example.com")))
        .hasMessageStartingWith(
            "crd.yaml document #2 (Namespace/"
                + extraNamespace
                + "), from line 14, is cluster-scoped: ");

    ClusterScopedObjects clusterScoped =
        allowing(
            "CustomResourceDefinition/widgets.scoped.example.com", "Namespace/" + extraNamespace);
    ManifestApplier.apply(client, namespace, documents, false, clusterScoped);
    assertThat(
            cluster.client().namespaces().withName(extraNamespace).get().getMetadata().getLabels())
        .containsEntry(KubernetesCluster.RUN_ID_LABEL, cluster.runId())
        .containsEntry(ClusterScopedObjects.NAMESPACE_LABEL, namespace);
    clusterScoped.deleteApplied(client);

    assertThat(
            cluster
                .client()
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("widgets.scoped.example.com")
                .get())
        .satisfiesAnyOf(
            d -> assertThat(d).isNull(),
            d -> assertThat(d.getMetadata().getDeletionTimestamp()).isNotNull());
    assertThat(cluster.client().namespaces().withName(extraNamespace).get())
        .satisfiesAnyOf(
            n -> assertThat(n).isNull(),
            n -> assertThat(n.getMetadata().getDeletionTimestamp()).isNotNull());
  }
}
