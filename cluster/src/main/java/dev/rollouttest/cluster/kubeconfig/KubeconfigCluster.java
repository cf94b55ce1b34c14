package dev.rollouttest.cluster.kubeconfig;

import dev.rollouttest.cluster.AbstractKubernetesCluster;
import dev.rollouttest.cluster.ClusterSettings;
import dev.rollouttest.cluster.RunId;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apiguardian.api.API;

/**
 * The {@code kubeconfig} backend: an existing cluster, chosen by kubeconfig file and context.
 *
 * <p>Safety first, because tests have deleted production pods in other projects: a context must be
 * on the {@link ContextAllowList}, and the client this backend hands out refuses any write into a
 * namespace this run did not create (see {@link NamespaceGuard}), and any cluster-scoped write that
 * the configuration does not allow by kind and name (see {@link ClusterScopedGuard}). Closing the
 * cluster closes the client and leaves the cluster running.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class KubeconfigCluster extends AbstractKubernetesCluster {

  private final KubernetesClient unguarded;

  /**
   * The kubeconfig in {@code yaml}.
   *
   * @throws IllegalArgumentException naming the file when it is not a kubeconfig (a list, a scalar,
   *     another kind of object), where fabric8 would fail with a ClassCastException
   */
  static io.fabric8.kubernetes.api.model.Config parse(Path path, String yaml) {
    io.fabric8.kubernetes.api.model.Config parsed;
    try {
      parsed = KubeConfigUtils.parseConfigFromString(yaml);
    } catch (RuntimeException e) {
      parsed = null;
    }
    if (parsed == null
        || (parsed.getKind() != null && !"Config".equals(parsed.getKind()))
        || (parsed.getClusters() == null && parsed.getContexts() == null)) {
      throw new IllegalArgumentException(
          "Kubeconfig "
              + path
              + " ("
              + ClusterSettings.KUBECONFIG_PATH
              + ") is not a kubeconfig: expected a YAML map with kind: Config, clusters and"
              + " contexts.");
    }
    return parsed;
  }

  private KubeconfigCluster(
      String runId,
      String kubeconfig,
      Path file,
      KubernetesClient client,
      KubernetesClient unguarded,
      boolean realPods) {
    super("kubeconfig", runId, kubeconfig, file, client, realPods);
    this.unguarded = unguarded;
  }

  /**
   * Connects to the context that the settings name (or the file's current context). Closing it
   * closes the client only: the cluster is not this library's to stop.
   *
   * <pre>{@code
   * KubeconfigCluster.connect(ClusterSettings.fromEnvironment().withBackend("kubeconfig"))
   * }</pre>
   *
   * @throws IllegalStateException when the file or context is missing, or the context is not
   *     allowed
   */
  public static KubeconfigCluster connect(ClusterSettings settings) {
    Path path = settings.kubeconfigPath().orElseGet(KubeconfigCluster::defaultPath);
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException(
          "The kubeconfig backend found no kubeconfig at "
              + path
              + (settings.kubeconfigPath().isPresent()
                  ? " (from " + ClusterSettings.KUBECONFIG_PATH + ")"
                  : "")
              + ". Set "
              + ClusterSettings.KUBECONFIG_PATH
              + " to the file of a disposable cluster.");
    }
    String yaml;
    try {
      yaml = Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read kubeconfig " + path, e);
    }
    io.fabric8.kubernetes.api.model.Config parsed = parse(path, yaml);
    List<String> contexts =
        parsed.getContexts() == null
            ? List.of()
            : parsed.getContexts().stream().map(NamedContext::getName).toList();
    String context =
        settings
            .kubeconfigContext()
            .orElseGet(
                () -> {
                  if (parsed.getCurrentContext() == null || parsed.getCurrentContext().isBlank()) {
                    throw new IllegalStateException(
                        "Kubeconfig "
                            + path
                            + " has no current-context; name one of "
                            + contexts
                            + " in "
                            + ClusterSettings.KUBECONFIG_CONTEXT
                            + ".");
                  }
                  return parsed.getCurrentContext();
                });
    if (!contexts.contains(context)) {
      throw new IllegalStateException(
          "Kubeconfig " + path + " has no context '" + context + "'; it has " + contexts + ".");
    }
    new ContextAllowList(settings.allowedContexts()).check(context, path);

    String runId = RunId.next();
    Config config = Config.fromKubeconfig(context, path.toFile());
    KubernetesClient unguarded = new KubernetesClientBuilder().withConfig(config).build();
    NamespaceGuard guard =
        new NamespaceGuard(
            runId,
            name -> unguarded.namespaces().withName(name).get(),
            new ClusterScopedGuard(
                runId, settings.allowedClusterScoped(), ClusterScopedGuard.Server.of(unguarded)));
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(context, path.toFile()))
            .withHttpClientBuilderConsumer(
                b -> b.addOrReplaceInterceptor("rollout-test-namespace-guard", guard))
            .build();
    try {
      boolean simulated =
          !unguarded.nodes().list().getItems().isEmpty()
              && unguarded.nodes().list().getItems().stream()
                  .allMatch(
                      n ->
                          n.getMetadata().getAnnotations() != null
                              && n.getMetadata()
                                  .getAnnotations()
                                  .containsKey("kwok.x-k8s.io/node"));
      org.slf4j.LoggerFactory.getLogger(KubeconfigCluster.class)
          .info(
              "Using kubeconfig context {} of {} (run {}, {} pods)",
              context,
              path,
              runId,
              simulated ? "simulated" : "real");
      return new KubeconfigCluster(runId, yaml, path, client, unguarded, !simulated);
    } catch (RuntimeException e) {
      client.close();
      unguarded.close();
      throw e;
    }
  }

  private static Path defaultPath() {
    String env = System.getenv("KUBECONFIG");
    if (env != null && !env.isBlank()) {
      return Path.of(env.split(File.pathSeparator)[0]);
    }
    return Path.of(System.getProperty("user.home"), ".kube", "config");
  }

  @Override
  protected void stopBackend() {
    unguarded.close();
  }
}
