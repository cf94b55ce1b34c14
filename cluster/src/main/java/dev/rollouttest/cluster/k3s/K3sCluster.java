package dev.rollouttest.cluster.k3s;

import dev.rollouttest.cluster.AbstractKubernetesCluster;
import dev.rollouttest.cluster.ClusterSettings;
import dev.rollouttest.cluster.RunId;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The {@code k3s} backend: Testcontainers' {@link K3sContainer} with traefik and metrics-server
 * disabled, ready once a node is Ready, CoreDNS is available and the {@code default} ServiceAccount
 * exists (stronger than K3s's log line).
 *
 * <p>Needs a Docker engine that allows privileged containers. Pods are real containers.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class K3sCluster extends AbstractKubernetesCluster {

  /** The kubeconfig context this backend writes. */
  public static final String CONTEXT = "rollout-test-k3s";

  private static final Logger LOG = LoggerFactory.getLogger(K3sCluster.class);

  private final K3sContainer container;

  private K3sCluster(
      String runId, String kubeconfig, Path file, KubernetesClient client, K3sContainer container) {
    super("k3s", runId, kubeconfig, file, client, true);
    this.container = container;
  }

  static boolean anythingPointsAtDocker() {
    String home = System.getProperty("user.home");
    String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
    java.util.List<Path> sockets =
        new java.util.ArrayList<>(
            java.util.List.of(
                Path.of("/var/run/docker.sock"),
                Path.of("/run/docker.sock"),
                Path.of(home, ".docker", "run", "docker.sock"),
                Path.of(home, ".docker", "desktop", "docker.sock"),
                Path.of(home, ".colima", "default", "docker.sock"),
                Path.of(home, ".rd", "docker.sock"),
                Path.of("/run/podman/podman.sock"),
                Path.of(home, ".docker", "config.json")));
    if (runtimeDir != null) {
      sockets.add(Path.of(runtimeDir, "docker.sock"));
      sockets.add(Path.of(runtimeDir, "podman", "podman.sock"));
    }
    return System.getenv("DOCKER_HOST") != null
        || System.getenv("TESTCONTAINERS_HOST_OVERRIDE") != null
        || java.nio.file.Files.exists(Path.of(home, ".testcontainers.properties"))
        || sockets.stream().anyMatch(java.nio.file.Files::exists);
  }

  /** Copies the archive into the K3s container and imports it with K3s's own ctr. */
  @Override
  public java.util.List<String> loadImage(Path archive) {
    java.util.List<String> references = dev.rollouttest.cluster.ImageArchive.references(archive);
    String inside = "/tmp/rollout-test-image-" + System.nanoTime() + ".tar";
    container.copyFileToContainer(
        org.testcontainers.utility.MountableFile.forHostPath(archive), inside);
    try {
      var result = container.execInContainer("ctr", "-n", "k8s.io", "images", "import", inside);
      container.execInContainer("rm", "-f", inside);
      if (result.getExitCode() != 0) {
        throw new IllegalArgumentException(
            "K3s's containerd could not import " + archive + ": " + result.getStderr().strip());
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("Could not import " + archive + " into K3s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while importing " + archive, e);
    }
    LOG.info("Loaded {} into K3s: {}", archive, references);
    return references;
  }

  /**
   * Whether a Docker engine answers, as Testcontainers sees it. When nothing points at one (no
   * {@code DOCKER_HOST}, no {@code docker.host} in {@code ~/.testcontainers.properties}, no Docker
   * or Podman socket, no Docker context), the answer is no without asking Testcontainers, whose
   * discovery logs an ERROR for a machine that simply has no Docker.
   */
  public static boolean dockerAvailable() {
    if (!anythingPointsAtDocker()) {
      LOG.debug("No Docker engine configured or socket present; not asking Testcontainers");
      return false;
    }
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /**
   * Starts a K3s container (Docker needed, privileged containers allowed) and returns once its node
   * is Ready, CoreDNS is available and the {@code default} ServiceAccount exists; close it to
   * remove the container.
   *
   * <pre>{@code
   * try (K3sCluster cluster = K3sCluster.start(ClusterSettings.fromEnvironment())) {
   *   cluster.loadImage("shop/web:dev");
   * }
   * }</pre>
   *
   * @throws IllegalStateException when the container does not start or its node is not ready within
   *     {@link ClusterSettings#startTimeout()}
   */
  @SuppressWarnings("resource") // closed by close()
  public static K3sCluster start(ClusterSettings settings) {
    long started = System.nanoTime();
    K3sContainer container =
        new K3sContainer(
            DockerImageName.parse(settings.k3sImage()).asCompatibleSubstituteFor("rancher/k3s"));
    container.withCommand(
        "server",
        "--disable=traefik",
        "--disable=metrics-server",
        "--tls-san=" + container.getHost());
    KubernetesClient client = null;
    try {
      container.start();
      String kubeconfig = renameContext(container.getKubeConfigYaml(), CONTEXT);
      Path file = Files.createTempFile("rollout-test-k3s-", ".kubeconfig");
      file.toFile().deleteOnExit();
      Files.writeString(file, kubeconfig);
      client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();
      long timeout = settings.startTimeout().toMillis();
      KubernetesClient c = client;
      c.nodes()
          .informOnCondition(nodes -> nodes.stream().anyMatch(K3sCluster::isReady))
          .get(timeout, TimeUnit.MILLISECONDS);
      c.apps()
          .deployments()
          .inNamespace("kube-system")
          .withName("coredns")
          .waitUntilCondition(K3sCluster::isAvailable, timeout, TimeUnit.MILLISECONDS);
      c.serviceAccounts()
          .inNamespace("default")
          .withName("default")
          .waitUntilCondition(Objects::nonNull, timeout, TimeUnit.MILLISECONDS);
      LOG.info(
          "K3s {} ready in {} ms",
          settings.k3sImage(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      return new K3sCluster(RunId.next(), kubeconfig, file, client, container);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      container.stop();
      throw new IllegalStateException("Interrupted while starting K3s", e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      if (client != null) {
        client.close();
      }
      container.stop();
      throw new IllegalStateException(
          "K3s started but no node became Ready within " + settings.startTimeout(), e);
    } catch (IOException | RuntimeException e) {
      if (client != null) {
        client.close();
      }
      container.stop();
      if (e instanceof IOException io) {
        throw new UncheckedIOException(io);
      }
      throw (RuntimeException) e;
    }
  }

  /**
   * Copies an image from the local Docker engine into the cluster's containerd, so that pods can
   * use an image that was built locally and never pushed (with {@code imagePullPolicy:
   * IfNotPresent} or {@code Never}).
   *
   * @throws IllegalStateException when the import fails, with ctr's output
   */
  public void loadImage(String image) {
    Path tar = null;
    try (InputStream in = DockerClientFactory.instance().client().saveImageCmd(image).exec()) {
      tar = Files.createTempFile("rollout-test-image-", ".tar");
      Files.copy(in, tar, StandardCopyOption.REPLACE_EXISTING);
      String target = "/tmp/rollout-test-image.tar";
      container.copyFileToContainer(MountableFile.forHostPath(tar), target);
      ExecResult result =
          container.execInContainer("ctr", "-n", "k8s.io", "images", "import", target);
      container.execInContainer("rm", "-f", target);
      if (result.getExitCode() != 0) {
        throw new IllegalStateException(
            "Could not load image '"
                + image
                + "' into K3s: ctr exited with "
                + result.getExitCode()
                + ": "
                + result.getStderr());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not load image '" + image + "' into K3s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while loading image '" + image + "'", e);
    } finally {
      if (tar != null) {
        tar.toFile().delete();
      }
    }
  }

  @Override
  protected void stopBackend() {
    container.stop();
  }

  /**
   * Renames the single cluster, user and context of K3s's kubeconfig (all "default") to {@code
   * name}.
   */
  static String renameContext(String kubeconfig, String name) {
    io.fabric8.kubernetes.api.model.Config config =
        KubeConfigUtils.parseConfigFromString(kubeconfig);
    config.getClusters().forEach(c -> c.setName(name));
    config.getUsers().forEach(u -> u.setName(name));
    config
        .getContexts()
        .forEach(
            c -> {
              c.setName(name);
              c.getContext().setCluster(name);
              c.getContext().setUser(name);
            });
    config.setCurrentContext(name);
    return Serialization.asYaml(config);
  }

  private static boolean isReady(io.fabric8.kubernetes.api.model.Node node) {
    return node.getStatus() != null
        && node.getStatus().getConditions() != null
        && node.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static boolean isAvailable(Deployment d) {
    return d != null
        && d.getStatus() != null
        && d.getStatus().getAvailableReplicas() != null
        && d.getStatus().getAvailableReplicas() >= 1;
  }
}
