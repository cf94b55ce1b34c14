package dev.rollouttest.cluster.kubeconfig;

import dev.rollouttest.cluster.ClusterSettings;
import dev.rollouttest.cluster.ConfigurationSource;
import dev.rollouttest.cluster.KubernetesCluster;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Keeps tests on a shared cluster from leaving cluster-scoped objects behind (a ClusterRole, a
 * ClusterRoleBinding to {@code cluster-admin}, a webhook configuration, a CRD): every write to a
 * resource outside the namespaces is refused unless its kind and name are on the allow-list of
 * {@value ClusterSettings#CLUSTER_SCOPED_ALLOW}. An allowed object must carry this run's {@link
 * KubernetesCluster#RUN_ID_LABEL} when it is created or replaced, and an existing one may be
 * changed or deleted only when it carries it, so that only what this run created is touched.
 * Whether a resource is cluster-scoped, and its kind, come from the API server's discovery; a
 * resource that may only be created (a review, such as {@code SelfSubjectAccessReview}) stores
 * nothing and passes.
 */
final class ClusterScopedGuard {

  /** {@code /api/v1/<plural>[/<name>[/<subresource>]]} or the same under {@code /apis/<g>/<v>}. */
  private static final Pattern RESOURCE =
      Pattern.compile("^/(?:api/(v1)|apis/([^/]+/[^/]+))/([^/]+)(?:/([^/]+))?(?:/([^/]+))?$");

  /** What the guard asks the API server, not through the guard. */
  interface Server {

    /** The resource served under {@code plural} in {@code groupVersion}, if there is one. */
    Optional<APIResource> resource(String groupVersion, String plural);

    /** The labels of an object of a cluster-scoped resource, empty when it does not exist. */
    Optional<Map<String, String>> labels(String groupVersion, APIResource resource, String name);

    /** The API server behind {@code client}, its discovery cached per group/version. */
    static Server of(KubernetesClient client) {
      Map<String, APIResourceList> discovered = new ConcurrentHashMap<>();
      return new Server() {
        @Override
        public Optional<APIResource> resource(String groupVersion, String plural) {
          Optional<APIResource> cached = find(discovered.get(groupVersion), plural);
          if (cached.isPresent()) {
            return cached;
          }
          // not cached, or a resource added since (a CRD): ask again
          APIResourceList list;
          try {
            list = client.getApiResources(groupVersion);
          } catch (KubernetesClientException e) {
            list = null;
          }
          if (list != null) {
            discovered.put(groupVersion, list);
          }
          return find(list, plural);
        }

        @Override
        public Optional<Map<String, String>> labels(
            String groupVersion, APIResource resource, String name) {
          GenericKubernetesResource object =
              client
                  .genericKubernetesResources(
                      ResourceDefinitionContext.fromApiResource(groupVersion, resource))
                  .withName(name)
                  .get();
          return Optional.ofNullable(object)
              .map(o -> Objects.requireNonNullElse(o.getMetadata().getLabels(), Map.of()));
        }
      };
    }

    private static Optional<APIResource> find(@Nullable APIResourceList list, String plural) {
      return list == null
          ? Optional.empty()
          : list.getResources().stream().filter(r -> plural.equals(r.getName())).findFirst();
    }
  }

  private final String runId;
  private final Set<String> allowed;
  private final Server server;

  /**
   * @param allowed the exact {@code Kind/name} pairs that may be written
   */
  ClusterScopedGuard(String runId, List<String> allowed, Server server) {
    this.runId = runId;
    this.allowed = Set.copyOf(allowed);
    this.server = server;
  }

  /** Why a write to a path outside the namespaces must be refused, or empty when it may go. */
  Optional<String> check(GuardedWrite write) {
    Matcher m = RESOURCE.matcher(write.path());
    if (!m.matches()) {
      return refuse(write, "it is not the path of a Kubernetes resource.");
    }
    String groupVersion = m.group(1) != null ? m.group(1) : m.group(2);
    String plural = m.group(3);
    @Nullable String name = m.group(4);
    Optional<APIResource> served = server.resource(groupVersion, plural);
    if (served.isEmpty()) {
      return refuse(
          write, "the API server serves no resource '" + plural + "' in " + groupVersion + ".");
    }
    APIResource resource = served.get();
    if (Boolean.TRUE.equals(resource.getNamespaced())) {
      return refuse(write, "it would write to " + plural + " in every namespace.");
    }
    if (List.of("create").equals(resource.getVerbs())) {
      return Optional.empty(); // a review: answered, never stored
    }
    @Nullable String objectName =
        name != null ? name : write.sentMetadata().map(ObjectMeta::getName).orElse(null);
    String kindName = resource.getKind() + "/" + objectName;
    if (objectName == null || !allowed.contains(kindName)) {
      return refuse(
          write,
          resource.getKind()
              + (objectName == null ? " without a name" : " '" + objectName + "'")
              + " is cluster-scoped: it would outlive this run's namespaces and affect everyone"
              + " on the shared cluster. Allow it by its exact kind and name in "
              + ClusterSettings.CLUSTER_SCOPED_ALLOW
              + (objectName == null ? "" : "=" + kindName)
              + " (a JUnit configuration parameter, a system property, or the environment variable "
              + ConfigurationSource.environmentVariable(ClusterSettings.CLUSTER_SCOPED_ALLOW)
              + "); it is then labelled with the run id and deleted after the test.");
    }
    if (write.sendsObject() && m.group(5) == null && !write.sendsRunId(runId)) {
      return refuse(
          write,
          kindName
              + " is allowed, but must carry the label "
              + KubernetesCluster.RUN_ID_LABEL
              + "="
              + runId
              + ", so that this run can tell it apart and delete it.");
    }
    if (name != null) {
      Optional<Map<String, String>> existing = server.labels(groupVersion, resource, name);
      if (existing.isPresent()
          && !runId.equals(existing.get().get(KubernetesCluster.RUN_ID_LABEL))) {
        return refuse(
            write,
            kindName
                + " exists and was not created by this test run (its "
                + KubernetesCluster.RUN_ID_LABEL
                + " label is "
                + Optional.ofNullable(existing.get().get(KubernetesCluster.RUN_ID_LABEL))
                    .map(v -> "'" + v + "'")
                    .orElse("absent")
                + "), so rollout-test will not "
                + (write.isDelete() ? "delete" : "change")
                + " it.");
      }
    }
    return Optional.empty();
  }

  private static Optional<String> refuse(GuardedWrite write, String why) {
    return Optional.of("Refusing " + write + ": " + why);
  }
}
