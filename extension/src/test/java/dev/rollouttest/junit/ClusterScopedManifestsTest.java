package dev.rollouttest.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouttest.cluster.KubernetesCluster;
import dev.rollouttest.cluster.local.LocalCluster;
import dev.rollouttest.manifest.ClusterScopedObjects;
import dev.rollouttest.testing.LocalClusterExtension;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Events;

/**
 * Cluster-scoped documents in {@code @Manifest}s, through the JUnit engine on the shared local
 * cluster (reached through the {@code kubeconfig} backend, as {@link RolloutTestExtensionTest}
 * does): refused by default before anything is applied; allowed by kind and name in the
 * configuration, labelled with the run and the namespace and deleted with the namespace, or kept
 * with it; allowed by the annotation only, refused by the {@code kubeconfig} backend's guard.
 */
@ExtendWith(LocalClusterExtension.class)
class ClusterScopedManifestsTest {

  private static final String CLUSTER_ROLE = "scoped-web-reader";
  private static final Map<String, String> ALLOWED =
      Map.of("rollouttest.clusterScoped.allow", "ClusterRole/" + CLUSTER_ROLE);

  /** What the test cases saw, by key. */
  static final Map<String, String> SEEN = new ConcurrentHashMap<>();

  private final LocalCluster cluster;
  @TempDir Path diagnostics;

  ClusterScopedManifestsTest(LocalCluster cluster) {
    this.cluster = cluster;
  }

  @BeforeEach
  void clear() {
    SEEN.clear();
    assertThat(clusterRole()).as("left by an earlier test").isNull();
  }

  @AfterEach
  void removeWhatWasKept() {
    cluster.client().rbac().clusterRoles().withName(CLUSTER_ROLE).delete();
  }

  private EngineExecutionResults run(Map<String, String> parameters, Class<?> testCase) {
    return EngineRuns.run(cluster, diagnostics, parameters, testCase);
  }

  private ClusterRole clusterRole() {
    return cluster.client().rbac().clusterRoles().withName(CLUSTER_ROLE).get();
  }

  private static String failure(Events tests) {
    return tests.failed().stream()
        .findFirst()
        .orElseThrow()
        .getRequiredPayload(TestExecutionResult.class)
        .getThrowable()
        .orElseThrow()
        .getMessage();
  }

  /** The namespace a failure message names, which ON_SUCCESS kept. */
  private static String namespaceIn(String message) {
    Matcher m = Pattern.compile("namespace '([^']+)'").matcher(message);
    assertThat(m.find()).as(message).isTrue();
    return m.group(1);
  }

  // --- refused by default -------------------------------------------------------------------

  @EngineTestCase
  @RolloutTest
  @Manifest("cluster-role.yaml")
  static class ClusterRoleTestCase {
    @Test
    void runs() {
      SEEN.put("ran", "yes");
    }
  }

  @Test
  void a_cluster_scoped_document_is_refused_and_nothing_of_the_manifest_is_applied() {
    Events tests = run(Map.of(), ClusterRoleTestCase.class).testEvents();

    tests.assertStatistics(s -> s.failed(1));
    assertThat(SEEN).as("the test did not run").isEmpty();
    String message = failure(tests);
    String namespace = namespaceIn(message);
    assertThat(message)
        .isEqualTo(
            "cluster-role.yaml document #2 (ClusterRole/scoped-web-reader), from line 18, is"
                + " cluster-scoped: it would outlive the namespace '"
                + namespace
                + "' and affect every later test on the cluster, so it is refused, and none of the"
                + " 2 documents was applied. To apply it, allow it by kind and name,"
                + " ClusterRole/scoped-web-reader, in @RolloutTest(allowClusterScoped = ...) or the"
                + " configuration key rollouttest.clusterScoped.allow; it is then labelled with the"
                + " run id and deleted with the namespace.");
    assertThat(clusterRole()).isNull();
    assertThat(cluster.client().apps().deployments().inNamespace(namespace).list().getItems())
        .as("the Deployment before the ClusterRole in the same manifest")
        .isEmpty();
    cluster.client().namespaces().withName(namespace).delete();
  }

  // --- allowed in the configuration ---------------------------------------------------------

  @EngineTestCase
  @RolloutTest
  @Manifest("cluster-role.yaml")
  static class AllowedClusterRoleTestCase {
    @Test
    void sees_it(
        KubernetesClient client, @TestNamespace String namespace, KubernetesCluster cluster) {
      ClusterRole role = client.rbac().clusterRoles().withName(CLUSTER_ROLE).get();
      SEEN.put("namespace", namespace);
      SEEN.put("runId", cluster.runId());
      SEEN.put("labels", String.valueOf(role.getMetadata().getLabels()));
      SEEN.put("web", String.valueOf(client.apps().deployments().withName("web").get() != null));
    }
  }

  @Test
  void an_allowed_cluster_scoped_object_is_labelled_and_deleted_after_the_test() {
    run(ALLOWED, AllowedClusterRoleTestCase.class)
        .testEvents()
        .assertStatistics(s -> s.succeeded(1).failed(0));

    assertThat(SEEN.get("labels"))
        .isEqualTo(
            String.valueOf(
                new java.util.TreeMap<>(
                    Map.of(
                        ClusterScopedObjects.NAMESPACE_LABEL, SEEN.get("namespace"),
                        KubernetesCluster.RUN_ID_LABEL, SEEN.get("runId")))));
    assertThat(SEEN.get("web")).isEqualTo("true");
    assertThat(clusterRole()).as("deleted with the namespace").isNull();
  }

  @EngineTestCase
  @RolloutTest
  @Manifest("cluster-role.yaml")
  static class FailingAllowedClusterRoleTestCase {
    @Test
    void fails(@TestNamespace String namespace) {
      SEEN.put("namespace", namespace);
      throw new AssertionError("failed on purpose");
    }
  }

  @Test
  void an_allowed_cluster_scoped_object_is_kept_with_the_namespace_of_a_failed_test() {
    run(ALLOWED, FailingAllowedClusterRoleTestCase.class)
        .testEvents()
        .assertStatistics(s -> s.failed(1));

    assertThat(clusterRole()).as("kept with the namespace (ON_SUCCESS)").isNotNull();
    assertThat(clusterRole().getMetadata().getLabels())
        .containsEntry(ClusterScopedObjects.NAMESPACE_LABEL, SEEN.get("namespace"));
    cluster.client().namespaces().withName(SEEN.get("namespace")).delete();
  }

  // --- allowed by the annotation only: the kubeconfig backend's guard refuses it -------------

  @EngineTestCase
  @RolloutTest(allowClusterScoped = "ClusterRole/" + CLUSTER_ROLE)
  @Manifest("cluster-role.yaml")
  static class AnnotatedClusterRoleTestCase {
    @Test
    void runs() {
      SEEN.put("ran", "yes");
    }
  }

  @Test
  void on_a_shared_cluster_only_the_configuration_allows_a_cluster_scoped_object() {
    Events tests = run(Map.of(), AnnotatedClusterRoleTestCase.class).testEvents();

    tests.assertStatistics(s -> s.failed(1));
    String message = failure(tests);
    assertThat(message)
        .startsWith("cluster-role.yaml document #2 (ClusterRole/scoped-web-reader) was refused: ")
        .contains(
            "Refusing PATCH /apis/rbac.authorization.k8s.io/v1/clusterroles/scoped-web-reader:"
                + " ClusterRole 'scoped-web-reader' is cluster-scoped: it would outlive this run's"
                + " namespaces and affect everyone on the shared cluster. Allow it by its exact kind"
                + " and name in rollouttest.clusterScoped.allow=ClusterRole/scoped-web-reader")
        .endsWith(
            "Nothing of the 2 documents was applied: the API server checks each (a dry run) before"
                + " any is.");
    assertThat(clusterRole()).isNull();
  }

  // --- namespaced documents only: unaffected ------------------------------------------------

  @EngineTestCase
  @RolloutTest
  @Manifest("web.yaml")
  static class NamespacedOnlyTestCase {
    @Test
    void runs(KubernetesClient client) {
      SEEN.put("web", String.valueOf(client.apps().deployments().withName("web").get() != null));
      SEEN.put("service", String.valueOf(client.services().withName("web").get() != null));
    }
  }

  @Test
  void a_manifest_of_namespaced_documents_only_is_applied_as_before() {
    run(Map.of(), NamespacedOnlyTestCase.class)
        .testEvents()
        .assertStatistics(s -> s.succeeded(1).failed(0));

    assertThat(SEEN).containsEntry("web", "true").containsEntry("service", "true");
  }
}
