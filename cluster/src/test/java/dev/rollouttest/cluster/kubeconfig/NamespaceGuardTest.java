package dev.rollouttest.cluster.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouttest.cluster.KubernetesCluster;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The guard's decisions, request by request, against a fake cluster. */
class NamespaceGuardTest {

  private static final Map<String, Namespace> CLUSTER =
      Map.of(
          "mine", namespace("mine", "run-1"),
          "other-run", namespace("other-run", "run-2"),
          "default",
              new NamespaceBuilder().withNewMetadata().withName("default").endMetadata().build());

  /** What discovery serves, by group/version and plural. */
  private static final Map<String, APIResource> RESOURCES =
      Map.of(
          "rbac.authorization.k8s.io/v1/clusterroles",
              resource("clusterroles", "ClusterRole", false, "create", "delete", "get", "patch"),
          "rbac.authorization.k8s.io/v1/clusterrolebindings",
              resource("clusterrolebindings", "ClusterRoleBinding", false, "create", "delete"),
          "apiextensions.k8s.io/v1/customresourcedefinitions",
              resource(
                  "customresourcedefinitions", "CustomResourceDefinition", false, "create", "get"),
          "apps/v1/deployments", resource("deployments", "Deployment", true, "create", "delete"),
          "authorization.k8s.io/v1/selfsubjectaccessreviews",
              resource("selfsubjectaccessreviews", "SelfSubjectAccessReview", false, "create"));

  /** The labels of the cluster-scoped objects that exist, by plural and name. */
  private static final Map<String, Map<String, String>> OBJECTS =
      Map.of(
          "clusterroles/web-reader", Map.of(KubernetesCluster.RUN_ID_LABEL, "run-1"),
          "clusterroles/someones", Map.of(KubernetesCluster.RUN_ID_LABEL, "run-2"),
          "clusterroles/admin", Map.of());

  private static final ClusterScopedGuard.Server SERVER =
      new ClusterScopedGuard.Server() {
        @Override
        public Optional<APIResource> resource(String groupVersion, String plural) {
          return Optional.ofNullable(RESOURCES.get(groupVersion + "/" + plural));
        }

        @Override
        public Optional<Map<String, String>> labels(
            String groupVersion, APIResource resource, String name) {
          return Optional.ofNullable(OBJECTS.get(resource.getName() + "/" + name));
        }
      };

  private final NamespaceGuard guard =
      new NamespaceGuard(
          "run-1",
          CLUSTER::get,
          new ClusterScopedGuard(
              "run-1",
              List.of(
                  "ClusterRole/web-reader",
                  "ClusterRole/someones",
                  "ClusterRole/admin",
                  "ClusterRole/new-reader"),
              SERVER));

  private static Namespace namespace(String name, String runId) {
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels(KubernetesCluster.RUN_ID_LABEL, runId)
        .endMetadata()
        .build();
  }

  private static APIResource resource(
      String plural, String kind, boolean namespaced, String... verbs) {
    return new APIResourceBuilder()
        .withName(plural)
        .withKind(kind)
        .withNamespaced(namespaced)
        .withVerbs(verbs)
        .build();
  }

  private Optional<String> check(String method, String path) {
    return guard.check(GuardedWrite.of(method, path));
  }

  /** A server-side apply, as fabric8 sends it. */
  private Optional<String> apply(String path, String object) {
    return guard.check(new GuardedWrite("PATCH", path, "application/apply-patch+yaml", object));
  }

  private static String clusterRole(String name, String labels) {
    return "{\"apiVersion\":\"rbac.authorization.k8s.io/v1\",\"kind\":\"ClusterRole\","
        + "\"metadata\":{\"name\":\""
        + name
        + "\",\"labels\":{"
        + labels
        + "}}}";
  }

  private static final String RUN_1 = "\"rollout-test.dev/run-id\":\"run-1\"";

  @Test
  void reads_always_pass() {
    assertThat(check("GET", "/api/v1/namespaces/default/pods")).isEmpty();
    assertThat(check("GET", "/api/v1/namespaces/kube-system")).isEmpty();
    assertThat(check("GET", "/apis/rbac.authorization.k8s.io/v1/clusterroles/admin")).isEmpty();
  }

  @Test
  void writes_into_namespaces_of_this_run_pass() {
    assertThat(check("POST", "/apis/apps/v1/namespaces/mine/deployments")).isEmpty();
    assertThat(check("PATCH", "/apis/apps/v1/namespaces/mine/deployments/web")).isEmpty();
    assertThat(check("DELETE", "/api/v1/namespaces/mine")).isEmpty();
  }

  @Test
  void a_namespace_is_created_only_with_this_runs_label() {
    String labelled =
        "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"new\","
            + "\"labels\":{"
            + RUN_1
            + "}}}";
    assertThat(
            guard.check(
                new GuardedWrite("POST", "/api/v1/namespaces", "application/json", labelled)))
        .isEmpty();
    assertThat(apply("/api/v1/namespaces/new", labelled)).as("a server-side apply").isEmpty();
    assertThat(
            guard.check(
                new GuardedWrite(
                    "POST",
                    "/api/v1/namespaces",
                    "application/json",
                    "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"new\"}}")))
        .contains(
            "Refusing POST /api/v1/namespaces: a namespace this test run creates must carry the label"
                + " rollout-test.dev/run-id=run-1, so that the run can tell it apart and delete it"
                + " (KubernetesCluster.createNamespace adds it).");
    assertThat(apply("/api/v1/namespaces/new", labelled.replace("run-1", "run-2"))).isPresent();
  }

  @Test
  void deleting_a_namespace_the_run_did_not_create_is_refused() {
    assertThat(check("DELETE", "/api/v1/namespaces/default"))
        .contains(
            "Refusing DELETE /api/v1/namespaces/default: namespace 'default' was not created by this test run"
                + " (run run-1), so rollout-test will not delete it. Tests on an existing cluster work only in"
                + " namespaces created through KubernetesCluster.createNamespace.");
    assertThat(check("DELETE", "/api/v1/namespaces/other-run")).isPresent();
    assertThat(check("DELETE", "/api/v1/namespaces/unknown")).isPresent();
  }

  @Test
  void changing_or_writing_into_a_foreign_namespace_is_refused() {
    assertThat(check("PATCH", "/api/v1/namespaces/default"))
        .hasValueSatisfying(m -> assertThat(m).contains("will not change it"));
    assertThat(check("PUT", "/api/v1/namespaces/default/finalize"))
        .hasValueSatisfying(m -> assertThat(m).contains("will not change it"));
    assertThat(check("POST", "/api/v1/namespaces/default/configmaps"))
        .hasValueSatisfying(m -> assertThat(m).contains("will not write into it"));
    assertThat(check("DELETE", "/apis/apps/v1/namespaces/other-run/deployments/web")).isPresent();
  }

  @Test
  void deleting_the_namespace_collection_is_always_refused() {
    assertThat(check("DELETE", "/api/v1/namespaces"))
        .contains(
            "Refusing DELETE /api/v1/namespaces: it would delete namespaces this test run did not create.");
  }

  @Test
  void a_cluster_scoped_object_that_is_not_allowed_is_refused_naming_the_setting() {
    assertThat(
            apply(
                "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/everyone-admin",
                "{\"kind\":\"ClusterRoleBinding\",\"metadata\":{\"name\":\"everyone-admin\"}}"))
        .contains(
            "Refusing PATCH /apis/rbac.authorization.k8s.io/v1/clusterrolebindings/everyone-admin:"
                + " ClusterRoleBinding 'everyone-admin' is cluster-scoped: it would outlive this run's"
                + " namespaces and affect everyone on the shared cluster. Allow it by its exact kind and"
                + " name in rollouttest.clusterScoped.allow=ClusterRoleBinding/everyone-admin (a JUnit"
                + " configuration parameter, a system property, or the environment variable"
                + " ROLLOUTTEST_CLUSTERSCOPED_ALLOW); it is then labelled with the run id and deleted"
                + " after the test.");
    assertThat(
            guard.check(
                new GuardedWrite(
                    "POST",
                    "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
                    "application/json",
                    "{\"kind\":\"CustomResourceDefinition\",\"metadata\":{\"name\":\"widgets.example.com\"}}")))
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .contains("CustomResourceDefinition 'widgets.example.com' is cluster-scoped"));
    assertThat(check("DELETE", "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/x"))
        .isPresent();
  }

  @Test
  void an_allowed_cluster_scoped_object_is_created_only_with_this_runs_label() {
    String path = "/apis/rbac.authorization.k8s.io/v1/clusterroles/new-reader";
    assertThat(apply(path, clusterRole("new-reader", RUN_1))).isEmpty();
    assertThat(
            guard.check(
                new GuardedWrite(
                    "POST",
                    "/apis/rbac.authorization.k8s.io/v1/clusterroles",
                    "application/json",
                    clusterRole("new-reader", RUN_1))))
        .as("the name from the body")
        .isEmpty();
    assertThat(apply(path, clusterRole("new-reader", "")))
        .contains(
            "Refusing PATCH "
                + path
                + ": ClusterRole/new-reader is allowed, but must carry the label"
                + " rollout-test.dev/run-id=run-1, so that this run can tell it apart and delete it.");
  }

  @Test
  void an_allowed_object_is_changed_or_deleted_only_when_this_run_created_it() {
    String clusterRoles = "/apis/rbac.authorization.k8s.io/v1/clusterroles/";
    assertThat(check("DELETE", clusterRoles + "web-reader")).isEmpty();
    assertThat(apply(clusterRoles + "web-reader", clusterRole("web-reader", RUN_1))).isEmpty();
    assertThat(check("DELETE", clusterRoles + "someones"))
        .contains(
            "Refusing DELETE "
                + clusterRoles
                + "someones: ClusterRole/someones exists and was not created by this test run (its"
                + " rollout-test.dev/run-id label is 'run-2'), so rollout-test will not delete it.");
    assertThat(apply(clusterRoles + "admin", clusterRole("admin", RUN_1)))
        .hasValueSatisfying(
            m -> assertThat(m).contains("label is absent), so rollout-test will not change it."));
  }

  @Test
  void reviews_pass_as_they_store_nothing() {
    assertThat(
            guard.check(
                new GuardedWrite(
                    "POST",
                    "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
                    "application/json",
                    "{\"kind\":\"SelfSubjectAccessReview\"}")))
        .isEmpty();
  }

  @Test
  void writes_the_api_server_does_not_serve_or_across_namespaces_are_refused() {
    assertThat(check("DELETE", "/apis/example.com/v1/frobnicators/x"))
        .contains(
            "Refusing DELETE /apis/example.com/v1/frobnicators/x: the API server serves no resource"
                + " 'frobnicators' in example.com/v1.");
    assertThat(check("DELETE", "/apis/apps/v1/deployments"))
        .contains(
            "Refusing DELETE /apis/apps/v1/deployments: it would write to deployments in every"
                + " namespace.");
    assertThat(check("POST", "/version"))
        .contains("Refusing POST /version: it is not the path of a Kubernetes resource.");
  }
}
