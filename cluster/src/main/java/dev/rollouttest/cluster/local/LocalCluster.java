package dev.rollouttest.cluster.local;

import dev.rollouttest.cluster.AbstractKubernetesCluster;
import dev.rollouttest.cluster.ClusterSettings;
import dev.rollouttest.cluster.ImageArchive;
import dev.rollouttest.cluster.RunId;
import dev.rollouttest.cluster.local.NodeReservations.Reservation;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code local} backend: a real Kubernetes control plane (etcd, kube-apiserver,
 * kube-controller-manager, kube-scheduler) run as processes of this machine, with kwok simulating
 * nodes and the lives of pods.
 *
 * <p>The components are started directly rather than through {@code kwokctl --runtime binary}: the
 * launcher then owns every process (so the {@link ProcessWatchdog} can guarantee that none outlives
 * the JVM), picks its own free ports without kwokctl's per-process port counter, starts etcd and
 * the API server together and the controllers, the scheduler and kwok as soon as the API server is
 * ready (the controller manager exits when the API server is not healthy within 10 s, which a
 * loaded machine exceeded), and does not depend on kwokctl's defaults, which bind to {@code
 * 0.0.0.0}.
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li>Every listener binds 127.0.0.1; simulated nodes have the address 127.0.0.1, so whatever the
 *       API server sends to a "kubelet" (logs, exec) reaches kwok on loopback. Pod IPs
 *       (10.244.0.0/16) and Service IPs (10.96.0.0/16) are fake and never dialled.
 *   <li>etcd answers only the API server, which authenticates with a client certificate of the
 *       run's own CA (see {@link Certificates}).
 *   <li>No component outlives the JVM, however it ends (SIGTERM, Ctrl-C, SIGKILL) and wherever the
 *       start was, and etcd's data and the secrets are deleted then: see {@link ProcessWatchdog}.
 *   <li>Each component's log is kept under the work directory, and a start-up failure names them.
 * </ul>
 *
 * <p>Who does what: {@link RunDirectory} (the run's directory and its secrets), {@link
 * ControlPlaneConfiguration} (the components' ports, files and flags), {@link ComponentSupervisor}
 * (their processes), {@link SimulatedNodes} (kwok's nodes) and {@link RealNode} (a real one).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class LocalCluster extends AbstractKubernetesCluster {

  /** The kubeconfig context this backend writes. */
  public static final String CONTEXT = "rollout-test-local";

  /** Annotation that marks the Node objects kwok manages. */
  public static final String NODE_ANNOTATION = "kwok.x-k8s.io/node";

  private static final Logger LOG = LoggerFactory.getLogger(LocalCluster.class);

  private final RunDirectory run;
  private final Path binaries;
  private final ComponentSupervisor supervisor;
  private final Map<String, Duration> startup;
  private final @Nullable RealNode realNode;

  private LocalCluster(
      String runId,
      String kubeconfig,
      Path kubeconfigFile,
      KubernetesClient client,
      Path binaries,
      RunDirectory run,
      ComponentSupervisor supervisor,
      Map<String, Duration> startup,
      @Nullable RealNode realNode) {
    super("local", runId, kubeconfig, kubeconfigFile, client, realNode != null);
    this.realNode = realNode;
    this.run = run;
    this.binaries = binaries;
    this.supervisor = supervisor;
    this.startup = Collections.unmodifiableMap(new LinkedHashMap<>(startup));
  }

  /**
   * Starts a cluster and returns once it is ready: API server {@code /readyz} answers, every node
   * is Ready and untainted, and the {@code default} ServiceAccount exists. Close it to stop every
   * process it started.
   *
   * <pre>{@code
   * try (LocalCluster cluster = LocalCluster.start(ClusterSettings.fromEnvironment())) {
   *   KubernetesClient client = cluster.client();
   * }
   * }</pre>
   *
   * @throws RealPodsUnavailableException when real pods are asked for on a machine that cannot run
   *     them, saying why
   * @throws IllegalStateException when a component fails to start, naming it and its log
   */
  public static LocalCluster start(ClusterSettings settings) {
    if (!settings.kubernetesVersion().equals(ControlPlaneBinaries.KUBERNETES_VERSION)) {
      throw new IllegalStateException(
          "The local backend runs Kubernetes "
              + ControlPlaneBinaries.KUBERNETES_VERSION
              + " (the version its Go modules pin), but "
              + ClusterSettings.KUBERNETES_VERSION
              + " asks for "
              + settings.kubernetesVersion()
              + ". Unset it, or choose the k3s backend for other versions.");
    }
    if (settings.realPods()) {
      HostRequirements.requireAvailable(ClusterSettings.LOCAL_PODS);
    }
    Path bin =
        ControlPlaneBinaries.resolve(settings.localBinaries(), ClusterSettings.LOCAL_BINARIES);
    @Nullable Path nodeBin = settings.realPods() ? NodeBinaries.resolve() : null;
    String runId = RunId.next();
    RunDirectory run = RunDirectory.of(settings, runId);
    if (settings.realPods()) {
      run.requireVisibleToRealNode();
    }
    @Nullable Reservation reservation =
        settings.realPods() ? NodeReservations.reserve(run.resolve("node")) : null;
    @Nullable RealNode realNode = null;
    long started = System.nanoTime();
    Map<String, Duration> phases = new LinkedHashMap<>();
    ComponentSupervisor supervisor =
        new ComponentSupervisor(bin, run.logs(), run.stateAndSecrets());
    @Nullable KubernetesClient client = null;
    try {
      run.create();
      ControlPlaneConfiguration configuration =
          ControlPlaneConfiguration.write(
              run,
              settings,
              reservation != null
                  ? reservation.serviceCidr()
                  : ControlPlaneConfiguration.SERVICE_CIDR,
              reservation != null);
      // The controller manager gives the API server a fixed 10 s to become healthy, then exits;
      // on a loaded machine the API server's start took longer (RBAC bootstrap on an empty etcd).
      // So the components that need the API server start once it is ready, not with it.
      Map<String, List<String>> commandLines = new LinkedHashMap<>(configuration.commandLines());
      Map<String, List<String>> storage = new LinkedHashMap<>();
      for (String name : List.of("etcd", "kube-apiserver")) {
        storage.put(name, java.util.Objects.requireNonNull(commandLines.remove(name)));
      }
      supervisor.start(storage);

      long deadline = System.nanoTime() + settings.startTimeout().toNanos();
      phase(phases, "components launched", started);
      supervisor.awaitHttp200("etcd", configuration.etcdHealthUrl(), deadline);
      phase(phases, "etcd healthy", started);
      supervisor.awaitHttp200("kube-apiserver", configuration.apiUrl() + "/readyz", deadline);
      phase(phases, "kube-apiserver ready", started);
      supervisor.start(commandLines);
      phase(phases, "controllers launched", started);

      String caPem = Files.readString(configuration.apiServerCertificate());
      String kubeconfig = configuration.adminKubeconfig(caPem);
      Path kubeconfigFile = run.writeSecret("kubeconfig.yaml", kubeconfig);
      client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();

      KubernetesClient c = client;
      if (reservation != null) {
        realNode =
            RealNode.start(
                reservation,
                java.util.Objects.requireNonNull(nodeBin),
                new RealNode.ControlPlane(
                    configuration.apiPort(),
                    caPem,
                    configuration.token(),
                    configuration.kubeletClientCa(),
                    "/rollout-test-" + runId),
                client,
                deadline,
                supervisor::allAlive);
        phase(phases, "real node ready", started);
      }
      List<String> nodes =
          reservation != null ? List.of() : SimulatedNodes.create(client, settings.localNodes());
      for (String node : nodes) {
        supervisor.awaitCondition(
            () -> SimulatedNodes.isSchedulable(c.nodes().withName(node).get()),
            () -> "node " + node + " to be Ready and untainted",
            deadline);
      }
      phase(phases, "nodes ready", started);
      supervisor.awaitCondition(
          () -> c.serviceAccounts().inNamespace("default").withName("default").get() != null,
          () -> "the default ServiceAccount",
          deadline);
      phase(phases, "default ServiceAccount", started);
      LOG.info(
          "Local Kubernetes {} ready in {} ms at {} with {}; work directory {}",
          ControlPlaneBinaries.KUBERNETES_VERSION,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
          configuration.apiUrl(),
          realNode != null ? "a real node" : nodes.size() + " simulated node(s)",
          run);
      return new LocalCluster(
          runId, kubeconfig, kubeconfigFile, client, bin, run, supervisor, phases, realNode);
    } catch (IOException | RuntimeException e) {
      if (realNode == null && reservation != null) {
        reservation.release();
      }
      if (client != null) {
        client.close();
      }
      stop(realNode, supervisor, run);
      if (e instanceof IOException io) {
        throw new UncheckedIOException("Could not prepare the local cluster in " + run, io);
      }
      throw (RuntimeException) e;
    }
  }

  /** Records that a phase of the start-up ended now. */
  private static void phase(Map<String, Duration> phases, String name, long started) {
    phases.put(name, Duration.ofNanos(System.nanoTime() - started));
  }

  /**
   * Where start-up time went: each phase and when it ended, measured from the start of the launch
   * (after the binaries were found).
   */
  public Map<String, Duration> startupPhases() {
    return startup;
  }

  /** Each component's name and pid, in start order. */
  public Map<String, Long> components() {
    return supervisor.pids();
  }

  /** The directory holding the control plane binaries, kubectl among them. */
  public Path binaries() {
    return binaries;
  }

  /** The directory holding this cluster's state and component logs. */
  public Path workDirectory() {
    return run.path();
  }

  /**
   * Stops one component (SIGTERM, then SIGKILL after 5 s) and starts it again with the same
   * arguments; for the API server, returns once {@code /readyz} answers again. For fault tests: a
   * restarted API server drops every watch, and clients that resume from a resourceVersion its new
   * watch cache does not hold get 410 Gone and re-list.
   *
   * @param name {@code etcd}, {@code kube-apiserver}, {@code kube-controller-manager}, {@code
   *     kube-scheduler} or {@code kwok}
   */
  public void restart(String name) {
    supervisor.restart(name);
    if (name.equals("kube-apiserver")) {
      String url = client().getMasterUrl().toString().replaceAll("/$", "") + "/readyz";
      supervisor.awaitHttp200(name, url, System.nanoTime() + Duration.ofMinutes(1).toNanos());
    }
  }

  /**
   * The pids of the component processes, for tests that check what listens where or what is left
   * running.
   */
  public List<Long> componentPids() {
    return List.copyOf(supervisor.pids().values());
  }

  /** The real node, when this cluster runs pods for real ({@code rollouttest.local.pods=real}). */
  public Optional<RealNode> realNode() {
    return Optional.ofNullable(realNode);
  }

  /**
   * Imports an image archive into the real node's containerd. With simulated pods there is no
   * runtime to load into: the archive is only checked, and the images it names are returned.
   */
  @Override
  public List<String> loadImage(Path archive) {
    List<String> references = ImageArchive.references(archive);
    if (realNode != null) {
      realNode.importImage(archive);
      LOG.info("Loaded {} into the real node: {}", archive, references);
    } else {
      LOG.info(
          "Pods are simulated, so {} ({}) needs no loading; kwok runs any image name",
          archive,
          references);
    }
    return references;
  }

  /**
   * A component that died while the cluster runs (kube-apiserver, etcd, kube-controller-manager,
   * kube-scheduler, kwok, or a process of the real node), with its exit and the last lines of its
   * log; empty while all run. Waits for verdicts ask it (see {@code ClusterFaults}), so a dead
   * component ends them at once.
   */
  @Override
  public Optional<String> fault() {
    Optional<String> component = supervisor.fault();
    if (component.isPresent() || realNode == null) {
      return component;
    }
    return realNode.deadComponent().map(d -> "the real node's " + d);
  }

  @Override
  protected void stopBackend() {
    stop(realNode, supervisor, run);
    LOG.info("Local Kubernetes stopped; component logs kept in {}", run.logs());
  }

  /**
   * Stops the real node (if any) and the components, and deletes etcd's data and the secrets; what
   * a failed start and {@link #close()} both do.
   */
  private static void stop(
      @Nullable RealNode realNode, ComponentSupervisor supervisor, RunDirectory run) {
    if (realNode != null) {
      realNode.close();
    }
    supervisor.stop();
    run.deleteStateAndSecrets();
  }
}
