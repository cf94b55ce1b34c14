package dev.rollouttest.cluster.kubeconfig;

import dev.rollouttest.cluster.KubernetesCluster;
import io.fabric8.kubernetes.api.model.Namespace;
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

/**
 * Keeps tests on an existing cluster inside the namespaces their run created: every write (POST,
 * PUT, PATCH, DELETE) that targets a namespace, or a resource in one, is refused unless that
 * namespace carries this run's {@link KubernetesCluster#RUN_ID_LABEL}. Deleting the namespace
 * collection is always refused. Reads and cluster-scoped writes pass.
 */
final class NamespaceGuard implements Interceptor {

  private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
  private static final Pattern NAMESPACED =
      Pattern.compile("^/(?:api/v1|apis/[^/]+/[^/]+)/namespaces(?:/([^/]+))?(/.*)?$");

  private final String runId;
  private final Function<String, Namespace> lookup;
  private final Set<String> owned = ConcurrentHashMap.newKeySet();

  /**
   * @param lookup reads a namespace without going through this guard
   */
  NamespaceGuard(String runId, Function<String, Namespace> lookup) {
    this.runId = runId;
    this.lookup = lookup;
  }

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    Optional<String> refusal = check(request.method(), request.uri().getRawPath());
    if (refusal.isPresent()) {
      throw new KubernetesClientException(refusal.get());
    }
  }

  /** Why a request must be refused, or empty when it may go. */
  Optional<String> check(String method, String path) {
    if (!WRITES.contains(method)) {
      return Optional.empty();
    }
    Matcher m = NAMESPACED.matcher(path);
    if (!m.matches()) {
      return Optional.empty();
    }
    String namespace = m.group(1);
    boolean namespaceItself =
        m.group(2) == null || m.group(2).equals("/status") || m.group(2).equals("/finalize");
    if (namespace == null) {
      // The collection: creating a namespace is fine, deleting all of them never is.
      return method.equals("DELETE")
          ? Optional.of(
              "Refusing "
                  + method
                  + " "
                  + path
                  + ": it would delete namespaces this test run did not create.")
          : Optional.empty();
    }
    if (isOwned(namespace)) {
      return Optional.empty();
    }
    return Optional.of(
        "Refusing "
            + method
            + " "
            + path
            + ": namespace '"
            + namespace
            + "' was not created by this test run (run "
            + runId
            + "), so rollout-test will not "
            + (namespaceItself
                ? (method.equals("DELETE") ? "delete" : "change") + " it"
                : "write into it")
            + ". Tests on an existing cluster work only in namespaces created through KubernetesCluster.createNamespace.");
  }

  private boolean isOwned(String namespace) {
    if (owned.contains(namespace)) {
      return true;
    }
    Namespace ns = lookup.apply(namespace);
    boolean mine =
        ns != null
            && ns.getMetadata().getLabels() != null
            && runId.equals(ns.getMetadata().getLabels().get(KubernetesCluster.RUN_ID_LABEL));
    if (mine) {
      owned.add(namespace);
    }
    return mine;
  }
}
