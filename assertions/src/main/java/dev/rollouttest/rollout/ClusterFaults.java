package dev.rollouttest.rollout;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Faults of a cluster that no watch event shows: a backend that supervises its own processes (the
 * local backend) registers a check under its API server's URL, and every wait for a verdict asks
 * it, so that a dead kube-apiserver, etcd, controller manager or node ends the wait at once with
 * the component's name instead of running into the timeout and blaming the rollout.
 */
public final class ClusterFaults {

  private static final Map<String, Supplier<Optional<String>>> CHECKS = new ConcurrentHashMap<>();

  private ClusterFaults() {}

  /**
   * Registers the fault check of the cluster served at {@code masterUrl}; it answers what is broken
   * (naming the component and where its log is), or empty.
   */
  public static void register(String masterUrl, Supplier<Optional<String>> check) {
    CHECKS.put(normalize(masterUrl), check);
  }

  /** Removes the check, when the cluster stops. */
  public static void unregister(String masterUrl) {
    CHECKS.remove(normalize(masterUrl));
  }

  /** The fault of the client's cluster, if its backend knows one. */
  public static Optional<String> of(KubernetesClient client) {
    Supplier<Optional<String>> check =
        CHECKS.get(normalize(client.getConfiguration().getMasterUrl()));
    return check == null ? Optional.empty() : check.get();
  }

  private static String normalize(String url) {
    return url == null ? "" : url.replaceAll("/+$", "");
  }

  /** A verdict that cannot be given because the cluster itself failed. */
  public static final class ClusterFaultException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public ClusterFaultException(String message) {
      super(message);
    }
  }
}
