package dev.rollouttest.cluster;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every backend shares once it is up: the connection, and namespaces owned by the run. A
 * backend implements {@link #stopBackend()} and nothing else.
 *
 * <p>Closing first looks at the namespaces whose deletion the run requested, and logs one WARN line
 * for each that a finalizer (or an API the namespace controller cannot read) keeps from going away
 * ({@link #stuckNamespaces}): on an existing cluster, such a namespace would otherwise stay {@code
 * Terminating} forever, silently.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public abstract class AbstractKubernetesCluster implements KubernetesCluster {

  /**
   * How long {@link #close()} of a cluster that outlives the run waits at most for the namespace
   * controller to look at the namespaces deleted just before: it waits 5 s after a deletion before
   * its first pass.
   */
  static final Duration CLOSE_PATIENCE = Duration.ofSeconds(7);

  private static final Logger LOG = LoggerFactory.getLogger(AbstractKubernetesCluster.class);

  private final String backend;
  private final String runId;
  private final String kubeconfig;
  private final Path kubeconfigFile;
  private final KubernetesClient client;
  private final String kubernetesVersion;
  private final boolean realPods;
  private final NamespaceDeletions deletions;

  protected AbstractKubernetesCluster(
      String backend,
      String runId,
      String kubeconfig,
      Path kubeconfigFile,
      KubernetesClient client,
      boolean realPods) {
    this.backend = backend;
    this.runId = runId;
    this.kubeconfig = kubeconfig;
    this.kubeconfigFile = kubeconfigFile;
    this.client = client;
    this.realPods = realPods;
    this.kubernetesVersion = client.getKubernetesVersion().getGitVersion();
    this.deletions = new NamespaceDeletions(client, runId);
  }

  @Override
  public String backend() {
    return backend;
  }

  @Override
  public String kubernetesVersion() {
    return kubernetesVersion;
  }

  @Override
  public boolean realPods() {
    return realPods;
  }

  @Override
  public String kubeconfig() {
    return kubeconfig;
  }

  @Override
  public Path kubeconfigFile() {
    return kubeconfigFile;
  }

  @Override
  public KubernetesClient client() {
    return client;
  }

  @Override
  public String runId() {
    return runId;
  }

  @Override
  public void createNamespace(
      String name, Map<String, String> labels, Map<String, String> annotations) {
    Map<String, String> all = new HashMap<>(labels);
    all.put(RUN_ID_LABEL, runId);
    Namespace namespace =
        new NamespaceBuilder()
            .withNewMetadata()
            .withName(name)
            .withLabels(all)
            .withAnnotations(annotations)
            .endMetadata()
            .build();
    try {
      client.namespaces().resource(namespace).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        throw new IllegalStateException(
            "Namespace '" + name + "' already exists on " + describe(), e);
      }
      throw e;
    }
    client
        .serviceAccounts()
        .inNamespace(name)
        .withName("default")
        .waitUntilCondition(Objects::nonNull, 60, TimeUnit.SECONDS);
  }

  @Override
  public void deleteNamespace(String name) {
    Namespace namespace = client.namespaces().withName(name).get();
    if (namespace == null) {
      return;
    }
    String owner =
        namespace.getMetadata().getLabels() == null
            ? null
            : namespace.getMetadata().getLabels().get(RUN_ID_LABEL);
    if (!runId.equals(owner)) {
      throw new IllegalStateException(
          "Refusing to delete namespace '"
              + name
              + "' on "
              + describe()
              + ": it was not created by this test run (run "
              + runId
              + "; its "
              + RUN_ID_LABEL
              + " label is "
              + (owner == null ? "absent" : "'" + owner + "'")
              + ").");
    }
    client.namespaces().withName(name).delete();
    deletions.requested(name);
  }

  @Override
  public List<String> stuckNamespaces(Duration patience) {
    return deletions.stuck(patience);
  }

  /**
   * Warns about namespaces that do not finish deleting, then closes the client and stops the
   * backend.
   */
  @Override
  public final void close() {
    try {
      warnAboutStuckNamespaces();
    } finally {
      try {
        client.close();
      } finally {
        stopBackend();
      }
    }
  }

  /**
   * How long {@link #close()} waits at most for the namespace controller to judge the namespaces
   * deleted just before. Only a cluster that outlives the run keeps a stuck namespace, so only the
   * {@code kubeconfig} backend waits ({@link #CLOSE_PATIENCE}); a cluster that the run stops right
   * after judges at once what the controller has already looked at (one list call).
   */
  protected Duration closePatience() {
    return "kubeconfig".equals(backend) ? CLOSE_PATIENCE : Duration.ZERO;
  }

  /**
   * One WARN line per namespace of this run that a finalizer keeps Terminating; bounded to 2 s more
   * than {@link #closePatience()} even when the API server does not answer, and skipped on a
   * cluster whose own components are broken.
   */
  private void warnAboutStuckNamespaces() {
    if (fault().isPresent()) {
      return;
    }
    Duration patience = closePatience();
    CompletableFuture<List<String>> stuck =
        CompletableFuture.supplyAsync(() -> deletions.stuck(patience));
    try {
      stuck
          .get(patience.toMillis() + 2_000, TimeUnit.MILLISECONDS)
          .forEach(
              line ->
                  LOG.warn(
                      "{} on {}: it stays so until what blocks it is removed", line, describe()));
    } catch (TimeoutException | ExecutionException e) {
      stuck.cancel(true);
      LOG.debug("Could not check the deleted namespaces of run {} on {}", runId, describe(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops what the backend started. Called once, after the client is closed. */
  protected abstract void stopBackend();

  /** One line naming the backend and where it is, for messages. */
  protected String describe() {
    return backend + " cluster " + client.getMasterUrl();
  }

  @Override
  public String toString() {
    return backend
        + " cluster "
        + kubernetesVersion
        + " at "
        + client.getMasterUrl()
        + " (run "
        + runId
        + ")";
  }
}
