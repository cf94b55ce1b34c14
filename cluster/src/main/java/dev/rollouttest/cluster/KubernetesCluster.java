package dev.rollouttest.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * A Kubernetes cluster that tests run against, whatever started it: a K3s container, the local
 * control plane with simulated nodes, or an existing cluster named in a kubeconfig.
 *
 * <p>A cluster hands out a kubeconfig and a ready client, and nothing of how it was started: no
 * Testcontainers or process types appear here. {@link #close()} stops what the backend started and
 * never touches what it did not.
 *
 * <h2>Namespaces</h2>
 *
 * Tests work in namespaces that this run creates through {@link #createNamespace}; each is labelled
 * with {@link #RUN_ID_LABEL} so that {@link #deleteNamespace} can refuse to delete any namespace
 * the run did not create.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface KubernetesCluster extends AutoCloseable {

  /** Label put on every namespace this run creates; its value is {@link #runId()}. */
  String RUN_ID_LABEL = "rollout-test.dev/run-id";

  /** The backend's name: {@code k3s}, {@code local} or {@code kubeconfig}. */
  String backend();

  /** The API server's version, as {@code /version} reports it, e.g. {@code v1.36.3}. */
  String kubernetesVersion();

  /**
   * Whether pods run real containers that can serve traffic ({@code true} on K3s and most existing
   * clusters), or are simulated ({@code false} on the local backend, whose pod and Service IPs must
   * never be dialled).
   */
  boolean realPods();

  /**
   * Loads a locally built image into the cluster's nodes, so that pods with {@code imagePullPolicy:
   * Never} or {@code IfNotPresent} run it without a registry.
   *
   * @param archive a docker-archive ({@code docker save -o app.tar app:1}) or an OCI image layout
   *     tar, with the image tagged
   * @return the image references the archive holds
   * @throws IllegalArgumentException when the file is not an image archive, naming it
   * @throws UnsupportedOperationException on a cluster this library did not start
   */
  default java.util.List<String> loadImage(Path archive) {
    throw new UnsupportedOperationException(
        "loadImage: the "
            + backend()
            + " backend cannot put images on a cluster it did not start; push "
            + archive
            + " to a registry the cluster pulls from");
  }

  /**
   * What is broken in the cluster itself, if this backend can tell: a component process that died,
   * named, with its log. Empty when all is well or when the backend cannot know (K3s, an existing
   * cluster).
   */
  default java.util.Optional<String> fault() {
    return java.util.Optional.empty();
  }

  /** The kubeconfig, as YAML, whose current context points at this cluster. */
  String kubeconfig();

  /** A file holding {@link #kubeconfig()}, for tools such as kubectl. */
  Path kubeconfigFile();

  /**
   * A ready client with cluster-wide access. Closed with the cluster; callers must not close it.
   */
  KubernetesClient client();

  /** The id of this test run; namespaces created by it carry it in {@link #RUN_ID_LABEL}. */
  String runId();

  /**
   * Creates a namespace owned by this run, labelled with {@link #RUN_ID_LABEL} and the given
   * labels, and returns once its {@code default} ServiceAccount exists (pods are refused before
   * that).
   *
   * @throws IllegalStateException when the namespace already exists
   */
  default void createNamespace(String name, Map<String, String> labels) {
    createNamespace(name, labels, Map.of());
  }

  /** As {@link #createNamespace(String, Map)}, with annotations too. */
  void createNamespace(String name, Map<String, String> labels, Map<String, String> annotations);

  /**
   * Deletes a namespace this run created.
   *
   * @throws IllegalStateException when the namespace was not created by this run, naming its owner
   */
  void deleteNamespace(String name);

  /**
   * The namespaces whose deletion this run requested ({@link #deleteNamespace}) and that will not
   * finish deleting, one line each naming the namespace, the objects left in it with their
   * finalizers, and the namespace controller's conditions, e.g. {@code namespace t-abc is still
   * Terminating: ConfigMap blocker has finalizer example.com/never (condition
   * NamespaceFinalizersRemaining: Some content in the namespace has finalizers remaining:
   * example.com/never in 1 resource instances)}.
   *
   * <p>The namespace controller's conditions tell: a namespace is reported when its objects or the
   * namespace itself carry finalizers, or the controller could not list or delete its content; one
   * that only waits for its objects to go away (pods in their grace period) is not. The controller
   * looks at a namespace 5 s after its deletion, so this waits at most {@code patience} for each
   * such namespace to be gone or judged, and for a blocked one to clear. {@link #close()} logs each
   * line as a WARN (waiting only on a cluster that outlives the run).
   */
  java.util.List<String> stuckNamespaces(java.time.Duration patience);

  /**
   * Stops what the backend started; a no-op for an existing cluster apart from closing the client.
   */
  @Override
  void close();
}
