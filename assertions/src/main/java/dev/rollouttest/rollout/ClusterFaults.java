package dev.rollouttest.rollout;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apiguardian.api.API;

/**
 * Faults of a cluster that no watch event shows: whoever starts a cluster whose backend supervises
 * its own processes (the local backend's {@code fault()}) registers that check under the API
 * server's URL, and every wait for a verdict asks it, so that a dead kube-apiserver, etcd,
 * controller manager or node ends the wait at once with the component's name instead of running
 * into the timeout and blaming the rollout. The extension and the command line register the
 * clusters they start; the backends themselves know nothing of rollouts.
 *
 * <pre>{@code
 * try (KubernetesCluster cluster = KubernetesClusters.start(settings);
 *     ClusterFaults.Registration faults =
 *         ClusterFaults.register(cluster.client().getConfiguration().getMasterUrl(), cluster::fault)) {
 *   ...
 * }
 * }</pre>
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class ClusterFaults {

  private static final Map<String, Supplier<Optional<String>>> CHECKS = new ConcurrentHashMap<>();

  private ClusterFaults() {}

  /**
   * Registers the fault check of the cluster served at {@code masterUrl}; it answers what is broken
   * (naming the component and where its log is), or empty. Closing the registration removes it.
   */
  public static Registration register(String masterUrl, Supplier<Optional<String>> check) {
    String key = normalize(masterUrl);
    CHECKS.put(key, check);
    return () -> CHECKS.remove(key, check);
  }

  /** A registered check; {@link #close()} removes it, when the cluster stops. */
  @FunctionalInterface
  @API(status = API.Status.INTERNAL, since = "0.1")
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  /** The fault of the client's cluster, if its backend knows one. */
  public static Optional<String> of(KubernetesClient client) {
    Supplier<Optional<String>> check =
        CHECKS.get(normalize(client.getConfiguration().getMasterUrl()));
    return check == null ? Optional.empty() : check.get();
  }

  /**
   * The cluster's own fault, when its backend knows one (a dead component makes requests fail or
   * time out), as a {@link ClusterFaultException} whose message is {@code what} and the fault, with
   * {@code e} as its cause; else {@code e} itself.
   */
  public static RuntimeException orCause(KubernetesClient client, RuntimeException e, String what) {
    if (e instanceof ClusterFaultException) {
      return e;
    }
    return of(client)
        .<RuntimeException>map(
            f -> {
              var fault = new ClusterFaultException(what + ": " + f);
              fault.initCause(e);
              return fault;
            })
        .orElse(e);
  }

  private static String normalize(String url) {
    return url == null ? "" : url.replaceAll("/+$", "");
  }

  /** A verdict that cannot be given because the cluster itself failed. */
  @API(status = API.Status.INTERNAL, since = "0.1")
  public static final class ClusterFaultException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public ClusterFaultException(String message) {
      super(message);
    }
  }
}
