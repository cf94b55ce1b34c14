package dev.rollouttest.cluster.kubeconfig;

import dev.rollouttest.cluster.KubernetesCluster;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Keeps tests on an existing cluster inside the namespaces their run created: every write (POST,
 * PUT, PATCH, DELETE) that targets a namespace, or a resource in one, is refused unless that
 * namespace carries this run's {@link KubernetesCluster#RUN_ID_LABEL}; a namespace may be created
 * only with that label. Deleting the namespace collection is always refused. Writes outside the
 * namespaces (cluster-scoped objects) go to the {@link ClusterScopedGuard}. Reads pass.
 */
final class NamespaceGuard implements Interceptor {

  private static final Pattern NAMESPACED =
      Pattern.compile("^/(?:api/v1|apis/[^/]+/[^/]+)/namespaces(?:/([^/]+))?(/.*)?$");

  private final String runId;
  private final Function<String, @Nullable Namespace> lookup;
  private final ClusterScopedGuard clusterScoped;
  private final Set<String> owned = ConcurrentHashMap.newKeySet();

  /**
   * @param lookup reads a namespace without going through this guard
   * @param clusterScoped judges the writes outside the namespaces
   */
  NamespaceGuard(
      String runId,
      Function<String, @Nullable Namespace> lookup,
      ClusterScopedGuard clusterScoped) {
    this.runId = runId;
    this.lookup = lookup;
    this.clusterScoped = clusterScoped;
  }

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    Optional<String> refusal = check(GuardedWrite.of(request));
    if (refusal.isPresent()) {
      throw new KubernetesClientException(refusal.get());
    }
  }

  /** Why a request must be refused, or empty when it may go. */
  Optional<String> check(GuardedWrite write) {
    if (!write.isWrite()) {
      return Optional.empty();
    }
    Matcher m = NAMESPACED.matcher(write.path());
    if (!m.matches()) {
      return clusterScoped.check(write);
    }
    String namespace = m.group(1);
    boolean namespaceItself =
        m.group(2) == null || m.group(2).equals("/status") || m.group(2).equals("/finalize");
    if (namespace == null) {
      // The collection: deleting all namespaces never passes; creating one, only as this run's.
      if (write.isDelete()) {
        return Optional.of(
            "Refusing " + write + ": it would delete namespaces this test run did not create.");
      }
      return write.sendsRunId(runId) ? Optional.empty() : unlabelled(write);
    }
    if (owned.contains(namespace)) {
      return Optional.empty();
    }
    Namespace existing = lookup.apply(namespace);
    if (existing != null && runId.equals(runIdOf(existing.getMetadata()))) {
      owned.add(namespace);
      return Optional.empty();
    }
    if (existing == null && namespaceItself && m.group(2) == null && write.sendsObject()) {
      // a server-side apply that creates the namespace
      return write.sendsRunId(runId) ? Optional.empty() : unlabelled(write);
    }
    return Optional.of(
        "Refusing "
            + write
            + ": namespace '"
            + namespace
            + "' was not created by this test run (run "
            + runId
            + "), so rollout-test will not "
            + (namespaceItself ? (write.isDelete() ? "delete" : "change") + " it" : "write into it")
            + ". Tests on an existing cluster work only in namespaces created through KubernetesCluster.createNamespace.");
  }

  private Optional<String> unlabelled(GuardedWrite write) {
    return Optional.of(
        "Refusing "
            + write
            + ": a namespace this test run creates must carry the label "
            + KubernetesCluster.RUN_ID_LABEL
            + "="
            + runId
            + ", so that the run can tell it apart and delete it (KubernetesCluster.createNamespace"
            + " adds it).");
  }

  private static @Nullable String runIdOf(@Nullable ObjectMeta metadata) {
    return metadata == null || metadata.getLabels() == null
        ? null
        : metadata.getLabels().get(KubernetesCluster.RUN_ID_LABEL);
  }
}
