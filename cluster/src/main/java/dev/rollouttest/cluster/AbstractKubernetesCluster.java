package dev.rollouttest.cluster;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apiguardian.api.API;

/**
 * What every backend shares once it is up: the connection, and namespaces owned by the run. A
 * backend implements {@link #stopBackend()} and nothing else.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public abstract class AbstractKubernetesCluster implements KubernetesCluster {

  private final String backend;
  private final String runId;
  private final String kubeconfig;
  private final Path kubeconfigFile;
  private final KubernetesClient client;
  private final String kubernetesVersion;
  private final boolean realPods;

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
  }

  @Override
  public final void close() {
    try {
      client.close();
    } finally {
      stopBackend();
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
