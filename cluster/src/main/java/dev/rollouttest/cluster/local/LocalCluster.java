package dev.rollouttest.cluster.local;

import dev.rollouttest.cluster.AbstractKubernetesCluster;
import dev.rollouttest.cluster.ClusterSettings;
import dev.rollouttest.cluster.ImageArchive;
import dev.rollouttest.cluster.RunId;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code local} backend: a real Kubernetes control plane (etcd, kube-apiserver,
 * kube-controller-manager, kube-scheduler) run as processes of this machine, with kwok simulating
 * nodes and the lives of pods.
 *
 * <p>The components are started directly rather than through {@code kwokctl --runtime binary}: the
 * launcher then owns every process (so the {@link ProcessWatchdog} can guarantee that none outlives
 * the JVM), picks its own free ports without kwokctl's per-process port counter, starts all
 * components at once instead of one after another, and does not depend on kwokctl's defaults, which
 * bind to {@code 0.0.0.0}.
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li>Every listener binds 127.0.0.1; simulated nodes have the address 127.0.0.1, so whatever the
 *       API server sends to a "kubelet" (logs, exec) reaches kwok on loopback. Pod IPs
 *       (10.244.0.0/16) and Service IPs (10.96.0.0/16) are fake and never dialled.
 *   <li>No component outlives the JVM: see {@link ProcessWatchdog}.
 *   <li>Each component's log is kept under the work directory, and a start-up failure names them.
 * </ul>
 */
public final class LocalCluster extends AbstractKubernetesCluster {

  /** The kubeconfig context this backend writes. */
  public static final String CONTEXT = "rollout-test-local";

  /** Annotation that marks the Node objects kwok manages. */
  public static final String NODE_ANNOTATION = "kwok.x-k8s.io/node";

  private static final Logger LOG = LoggerFactory.getLogger(LocalCluster.class);
  private static final String SERVICE_CIDR = "10.96.0.0/16";
  private static final String POD_CIDR = "10.244.0.0/16";

  private final Path workDirectory;
  private final Path binaries;
  private final List<Component> components;
  private final ProcessWatchdog watchdog;
  private final Map<String, Duration> startup;
  private final RealNode realNode;
  private final java.util.Set<String> restarting =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  private LocalCluster(
      String runId,
      String kubeconfig,
      Path kubeconfigFile,
      KubernetesClient client,
      Path binaries,
      Path workDirectory,
      List<Component> components,
      ProcessWatchdog watchdog,
      Map<String, Duration> startup,
      RealNode realNode) {
    super("local", runId, kubeconfig, kubeconfigFile, client, realNode != null);
    this.realNode = realNode;
    this.workDirectory = workDirectory;
    this.binaries = binaries;
    this.components = new java.util.concurrent.CopyOnWriteArrayList<>(components);
    this.watchdog = watchdog;
    this.startup = Collections.unmodifiableMap(new LinkedHashMap<>(startup));
  }

  /**
   * Starts a cluster and returns once it is ready: API server {@code /readyz} answers, every node
   * is Ready and untainted, and the {@code default} ServiceAccount exists.
   *
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
      RealNode.requireAvailable(ClusterSettings.LOCAL_PODS);
    }
    Path bin =
        ControlPlaneBinaries.resolve(settings.localBinaries(), ClusterSettings.LOCAL_BINARIES);
    Path nodeBin = settings.realPods() ? NodeBinaries.resolve() : null;
    String runId = RunId.next();
    Path work = workRoot(settings).resolve("local-" + runId).toAbsolutePath();
    if (settings.realPods()) {
      for (String hidden : List.of("/run", "/var/lib", "/var/log")) {
        if (work.startsWith(hidden)) {
          throw new IllegalArgumentException(
              "The local work directory "
                  + work
                  + " is under "
                  + hidden
                  + ", which the real node hides from its daemons; set "
                  + ClusterSettings.LOCAL_WORK_DIRECTORY
                  + " elsewhere.");
        }
      }
    }
    RealNode.Reservation reservation =
        settings.realPods() ? RealNode.reserve(work.resolve("node")) : null;
    String serviceCidr = reservation != null ? reservation.serviceCidr() : SERVICE_CIDR;
    RealNode realNode = null;
    long started = System.nanoTime();
    Map<String, Duration> phases = new LinkedHashMap<>();
    ProcessWatchdog watchdog = new ProcessWatchdog(bin);
    List<Component> components = new ArrayList<>();
    KubernetesClient client = null;
    try {
      // The run's directory holds an admin token and keys: only its owner may enter it.
      Files.createDirectories(work.getParent());
      Files.createDirectory(work, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
      Path logs = Files.createDirectories(work.resolve("logs"));
      int[] ports = freeLoopbackPorts(7);
      int etcdPort = ports[0];
      int etcdPeerPort = ports[1];
      int apiPort = ports[2];
      int kcmPort = ports[3];
      int schedulerPort = ports[4];
      int kwokPort = ports[5];
      int etcdMetricsPort = ports[6];

      String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
      writeSecret(
          work.resolve("tokens.csv"),
          token + ",rollout-test-admin,rollout-test-admin,\"system:masters\"\n");
      writeServiceAccountKey(work.resolve("sa.key"));
      List<String> kubeletClient = List.of();
      if (reservation != null) {
        Path pki = kubeletClientCertificates(work.resolve("certs/kubelet-client"));
        kubeletClient =
            List.of(
                "--kubelet-client-certificate=" + pki.resolve("client.crt"),
                "--kubelet-client-key=" + pki.resolve("client.key"));
      }
      String apiUrl = "https://127.0.0.1:" + apiPort;
      // The components run before the API server has written its self-signed certificate, so they
      // skip
      // verification; they only ever talk to 127.0.0.1. The test client verifies (see below).
      Path componentKubeconfig = work.resolve("components.kubeconfig");
      writeSecret(componentKubeconfig, kubeconfig(apiUrl, null, token));
      Files.writeString(
          work.resolve("kwok.yaml"),
          stages(settings.podReadyDelay(), settings.podTerminationDelay()));

      String loopback = "http://127.0.0.1:";
      components.add(
          Component.start(
              "etcd",
              bin.resolve("etcd"),
              List.of(
                  "--name=rollout-test",
                  "--data-dir=" + work.resolve("etcd"),
                  "--listen-client-urls=" + loopback + etcdPort,
                  "--advertise-client-urls=" + loopback + etcdPort,
                  "--listen-peer-urls=" + loopback + etcdPeerPort,
                  "--initial-advertise-peer-urls=" + loopback + etcdPeerPort,
                  "--initial-cluster=rollout-test=" + loopback + etcdPeerPort,
                  "--listen-metrics-urls=" + loopback + etcdMetricsPort,
                  "--unsafe-no-fsync=true",
                  "--log-level=warn"),
              logs,
              watchdog));
      List<String> apiserverArgs =
          new ArrayList<>(
              List.of(
                  "--etcd-servers=" + loopback + etcdPort,
                  "--bind-address=127.0.0.1",
                  "--advertise-address=127.0.0.1",
                  "--secure-port=" + apiPort,
                  "--cert-dir=" + work.resolve("certs/kube-apiserver"),
                  // With a loopback advertise address the endpoint reconciler would write 127.0.0.1
                  // into the
                  // 'kubernetes' Endpoints, which validation rejects.
                  "--endpoint-reconciler-type=none",
                  "--service-cluster-ip-range=" + serviceCidr,
                  "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                  "--service-account-key-file=" + work.resolve("sa.key"),
                  "--service-account-signing-key-file=" + work.resolve("sa.key"),
                  "--token-auth-file=" + work.resolve("tokens.csv"),
                  "--authorization-mode=RBAC",
                  "--allow-privileged=true",
                  // Node addresses are 127.0.0.1: logs and exec reach kwok on loopback.
                  "--kubelet-preferred-address-types=InternalIP",
                  "--profiling=false"));
      apiserverArgs.addAll(kubeletClient);
      components.add(
          Component.start(
              "kube-apiserver", bin.resolve("kube-apiserver"), apiserverArgs, logs, watchdog));
      components.add(
          Component.start(
              "kube-controller-manager",
              bin.resolve("kube-controller-manager"),
              List.of(
                  "--kubeconfig=" + componentKubeconfig,
                  "--bind-address=127.0.0.1",
                  "--secure-port=" + kcmPort,
                  "--cert-dir=" + work.resolve("certs/kube-controller-manager"),
                  "--leader-elect=false",
                  "--controllers=*",
                  // its default, /usr/libexec/kubernetes/kubelet-plugins/volume/exec, is on the
                  // host
                  "--flex-volume-plugin-dir=" + work.resolve("flexvolume"),
                  "--use-service-account-credentials=false",
                  "--kube-api-qps=500",
                  "--kube-api-burst=1000",
                  "--concurrent-deployment-syncs=10",
                  "--concurrent-replicaset-syncs=10",
                  "--profiling=false"),
              logs,
              watchdog));
      components.add(
          Component.start(
              "kube-scheduler",
              bin.resolve("kube-scheduler"),
              List.of(
                  "--kubeconfig=" + componentKubeconfig,
                  "--bind-address=127.0.0.1",
                  "--secure-port=" + schedulerPort,
                  "--cert-dir=" + work.resolve("certs/kube-scheduler"),
                  "--leader-elect=false",
                  "--profiling=false"),
              logs,
              watchdog));
      components.add(
          Component.start(
              "kwok",
              bin.resolve("kwok"),
              List.of(
                  "--kubeconfig=" + componentKubeconfig,
                  "--config=" + work.resolve("kwok.yaml"),
                  "--manage-all-nodes=false",
                  "--manage-nodes-with-annotation-selector=" + NODE_ANNOTATION + "=fake",
                  "--cidr=" + POD_CIDR,
                  "--node-ip=127.0.0.1",
                  "--node-name=127.0.0.1",
                  "--node-port=" + kwokPort,
                  // Without an explicit server address kwok would listen on 0.0.0.0:<node-port>.
                  "--server-address=127.0.0.1:" + kwokPort,
                  "--node-lease-duration-seconds=40"),
              logs,
              watchdog));
      LOG.debug("Local control plane components: {}", components);

      long deadline = System.nanoTime() + settings.startTimeout().toNanos();
      phases.put("components launched", Duration.ofNanos(System.nanoTime() - started));
      awaitHttp200(loopback + etcdPort + "/health", components.get(0), components, deadline, work);
      phases.put("etcd healthy", Duration.ofNanos(System.nanoTime() - started));
      awaitHttp200(apiUrl + "/readyz", components.get(1), components, deadline, work);
      phases.put("kube-apiserver ready", Duration.ofNanos(System.nanoTime() - started));

      String kubeconfig =
          kubeconfig(
              apiUrl, Files.readString(work.resolve("certs/kube-apiserver/apiserver.crt")), token);
      Path kubeconfigFile = work.resolve("kubeconfig.yaml");
      writeSecret(kubeconfigFile, kubeconfig);
      client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();

      KubernetesClient c = client;
      if (reservation != null) {
        String caPem = Files.readString(work.resolve("certs/kube-apiserver/apiserver.crt"));
        realNode =
            RealNode.start(
                reservation,
                reservation.directory(),
                nodeBin,
                new RealNode.ControlPlane(
                    apiPort,
                    caPem,
                    token,
                    work.resolve("certs/kubelet-client/ca.crt"),
                    "/rollout-test-" + runId),
                client,
                deadline,
                () -> components.stream().allMatch(Component::isAlive));
        phases.put("real node ready", Duration.ofNanos(System.nanoTime() - started));
      }
      List<String> nodes =
          reservation != null ? List.of() : createNodes(client, settings.localNodes());
      for (String node : nodes) {
        awaitCondition(
            () -> isSchedulable(c.nodes().withName(node).get()),
            "node " + node + " to be Ready and untainted",
            components,
            deadline,
            work);
      }
      phases.put("nodes ready", Duration.ofNanos(System.nanoTime() - started));
      awaitCondition(
          () -> c.serviceAccounts().inNamespace("default").withName("default").get() != null,
          "the default ServiceAccount",
          components,
          deadline,
          work);
      phases.put("default ServiceAccount", Duration.ofNanos(System.nanoTime() - started));
      LOG.info(
          "Local Kubernetes {} ready in {} ms at {} with {}; work directory {}",
          ControlPlaneBinaries.KUBERNETES_VERSION,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
          apiUrl,
          realNode != null ? "a real node" : nodes.size() + " simulated node(s)",
          work);
      return new LocalCluster(
          runId,
          kubeconfig,
          kubeconfigFile,
          client,
          bin,
          work,
          components,
          watchdog,
          phases,
          realNode);
    } catch (IOException | RuntimeException e) {
      if (realNode != null) {
        realNode.close();
      } else if (reservation != null) {
        reservation.release();
      }
      if (client != null) {
        client.close();
      }
      stopAll(components);
      watchdog.close();
      deleteRecursively(work.resolve("etcd"));
      deleteSecrets(work);
      if (e instanceof IOException io) {
        throw new UncheckedIOException("Could not prepare the local cluster in " + work, io);
      }
      throw (RuntimeException) e;
    }
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
    Map<String, Long> byName = new LinkedHashMap<>();
    components.forEach(c -> byName.put(c.name(), c.pid()));
    return byName;
  }

  /** The directory holding the control plane binaries, kubectl among them. */
  public Path binaries() {
    return binaries;
  }

  /** The directory holding this cluster's state and component logs. */
  public Path workDirectory() {
    return workDirectory;
  }

  /**
   * The pids of the component processes, for tests that check what listens where or what is left
   * running.
   */
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
    int index = -1;
    for (int i = 0; i < components.size(); i++) {
      if (components.get(i).name().equals(name)) {
        index = i;
      }
    }
    if (index < 0) {
      throw new IllegalArgumentException(
          "no component named " + name + "; the components are " + components().keySet());
    }
    Component old = components.get(index);
    restarting.add(name);
    Component fresh;
    try {
      old.stop(5000);
      fresh = old.relaunch(watchdog);
      components.set(index, fresh);
    } finally {
      restarting.remove(name);
    }
    LOG.info("Restarted {}", fresh);
    if (name.equals("kube-apiserver")) {
      String url = client().getMasterUrl().toString().replaceAll("/$", "") + "/readyz";
      awaitHttp200(
          url,
          fresh,
          components,
          System.nanoTime() + Duration.ofMinutes(1).toNanos(),
          workDirectory);
    }
  }

  public List<Long> componentPids() {
    return components.stream().map(Component::pid).toList();
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
    for (Component c : components) {
      if (!c.isAlive() && !restarting.contains(c.name())) {
        return Optional.of(
            "the local cluster's "
                + c.name()
                + " "
                + c.exitDescription()
                + ". Last lines of its log ("
                + c.log()
                + "):\n"
                + c.tail(10));
      }
    }
    return realNode == null
        ? Optional.empty()
        : realNode.deadComponent().map(d -> "the real node's " + d);
  }

  @Override
  protected void stopBackend() {
    if (realNode != null) {
      realNode.close();
    }
    List<Component> reversed = new ArrayList<>(components);
    Collections.reverse(reversed);
    stopAll(reversed);
    watchdog.close();
    deleteRecursively(workDirectory.resolve("etcd"));
    deleteSecrets(workDirectory);
    LOG.info("Local Kubernetes stopped; component logs kept in {}", workDirectory.resolve("logs"));
  }

  private static final java.util.Set<java.nio.file.attribute.PosixFilePermission>
      OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
  private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> OWNER_ONLY_FILE =
      PosixFilePermissions.fromString("rw-------");

  /** The files that grant access to a cluster: written 0600, deleted when it stops. */
  static final List<String> SECRETS =
      List.of(
          "tokens.csv",
          "sa.key",
          "components.kubeconfig",
          "kubeconfig.yaml",
          "certs",
          "node/node.kubeconfig",
          "node/kubelet/pki");

  /** Writes a file that only its owner may read, whatever the umask. */
  private static void writeSecret(Path file, String content) throws IOException {
    Files.deleteIfExists(file);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
    Files.writeString(file, content);
  }

  private static void deleteSecrets(Path work) {
    for (String secret : SECRETS) {
      deleteRecursively(work.resolve(secret));
    }
  }

  private static void stopAll(List<Component> components) {
    for (Component c : components) {
      c.stop(3000);
    }
  }

  /**
   * A CA and a client certificate (in system:masters) with which the API server authenticates to
   * kubelet, which accepts nothing else: its port is reachable from the whole host through the
   * node's veth.
   */
  private static Path kubeletClientCertificates(Path dir) throws IOException {
    Files.createDirectories(dir);
    String d = dir.toString();
    List<List<String>> commands =
        List.of(
            List.of(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-keyout",
                d + "/ca.key",
                "-out",
                d + "/ca.crt",
                "-days",
                "7",
                "-subj",
                "/CN=rollout-test-kubelet-client-ca"),
            List.of(
                "openssl",
                "req",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-keyout",
                d + "/client.key",
                "-out",
                d + "/client.csr",
                "-subj",
                "/O=system:masters/CN=kube-apiserver-kubelet-client"),
            List.of(
                "openssl",
                "x509",
                "-req",
                "-in",
                d + "/client.csr",
                "-CA",
                d + "/ca.crt",
                "-CAkey",
                d + "/ca.key",
                "-CAcreateserial",
                "-out",
                d + "/client.crt",
                "-days",
                "7"));
    for (List<String> command : commands) {
      RealNode.Result result = RealNode.run(command, 30);
      if (result.exit() != 0) {
        throw new IllegalStateException(
            "Could not create kubelet's client certificates: "
                + String.join(" ", command)
                + " said: "
                + result.output().strip());
      }
    }
    return dir;
  }

  private static Path workRoot(ClusterSettings settings) {
    if (settings.localWorkDirectory().isPresent()) {
      return settings.localWorkDirectory().get();
    }
    Path target = Path.of("target");
    return Files.isDirectory(target)
        ? target.toAbsolutePath().resolve("rollout-test")
        : Path.of(
            System.getProperty("java.io.tmpdir"),
            "rollout-test-" + System.getProperty("user.name"));
  }

  private static String kubeconfig(String server, String caPem, String token) {
    String cluster =
        caPem == null
            ? "    insecure-skip-tls-verify: true\n"
            : "    certificate-authority-data: "
                + Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII))
                + "\n";
    return "apiVersion: v1\n"
        + "kind: Config\n"
        + "clusters:\n"
        + "- name: "
        + CONTEXT
        + "\n  cluster:\n    server: "
        + server
        + "\n"
        + cluster
        + "users:\n- name: rollout-test-admin\n  user:\n    token: "
        + token
        + "\ncontexts:\n- name: "
        + CONTEXT
        + "\n  context:\n    cluster: "
        + CONTEXT
        + "\n    user: rollout-test-admin\n"
        + "current-context: "
        + CONTEXT
        + "\n";
  }

  static String stages(Duration readyDelay, Duration terminationDelay) {
    try (InputStream in = LocalCluster.class.getResourceAsStream("kwok-stages.yaml")) {
      String template =
          new String(
              Objects.requireNonNull(in, "kwok-stages.yaml").readAllBytes(),
              StandardCharsets.UTF_8);
      return template
          .replace("${READY_DELAY_MS}", Long.toString(readyDelay.toMillis()))
          .replace("${TERMINATION_DELAY_MS}", Long.toString(terminationDelay.toMillis()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> createNodes(KubernetesClient client, int count) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = "rollout-test-node-" + i;
      Node node =
          new NodeBuilder()
              .withNewMetadata()
              .withName(name)
              .addToAnnotations(NODE_ANNOTATION, "fake")
              .addToAnnotations("node.alpha.kubernetes.io/ttl", "0")
              .addToLabels("kubernetes.io/hostname", name)
              .addToLabels("kubernetes.io/os", "linux")
              .addToLabels("kubernetes.io/arch", "amd64")
              .addToLabels("type", "kwok")
              .endMetadata()
              .build();
      client.nodes().resource(node).create();
      names.add(name);
    }
    return names;
  }

  private static boolean isSchedulable(Node node) {
    if (node == null || node.getStatus() == null || node.getStatus().getConditions() == null) {
      return false;
    }
    boolean ready =
        node.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    boolean tainted =
        node.getSpec().getTaints() != null
            && node.getSpec().getTaints().stream()
                .anyMatch(t -> t.getKey().startsWith("node.kubernetes.io/"));
    return ready && !tainted;
  }

  private static int[] freeLoopbackPorts(int count) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        sockets.add(socket);
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket s : sockets) {
        s.close();
      }
    }
  }

  private static void writeServiceAccountKey(Path file) throws IOException {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
      String pem =
          "-----BEGIN PRIVATE KEY-----\n"
              + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                  .encodeToString(pkcs8)
              + "\n-----END PRIVATE KEY-----\n";
      writeSecret(file, pem);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void awaitHttp200(
      String url, Component component, List<Component> all, long deadline, Path work) {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(trustAll())
            .connectTimeout(Duration.ofSeconds(1))
            .build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build();
    String[] last = {"no answer yet"};
    awaitCondition(
        () -> {
          try {
            HttpResponse<String> response =
                http.send(request, HttpResponse.BodyHandlers.ofString());
            last[0] = "HTTP " + response.statusCode() + ": " + response.body();
            return response.statusCode() == 200;
          } catch (IOException e) {
            last[0] = e.toString();
            return false;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + url, e);
          }
        },
        () -> component.name() + " at " + url + " (last answer: " + last[0] + ")",
        all,
        deadline,
        work);
  }

  private static void awaitCondition(
      java.util.function.BooleanSupplier condition,
      String what,
      List<Component> components,
      long deadline,
      Path work) {
    awaitCondition(condition, () -> what, components, deadline, work);
  }

  private static void awaitCondition(
      java.util.function.BooleanSupplier condition,
      java.util.function.Supplier<String> what,
      List<Component> components,
      long deadline,
      Path work) {
    while (true) {
      for (Component c : components) {
        if (!c.isAlive()) {
          throw startFailure(
              c.name() + " " + c.exitDescription() + " while waiting for " + what.get(),
              c,
              components,
              work);
        }
      }
      if (condition.getAsBoolean()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw startFailure("Timed out waiting for " + what.get(), null, components, work);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for " + what.get(), e);
      }
    }
  }

  private static IllegalStateException startFailure(
      String reason, Component culprit, List<Component> components, Path work) {
    StringBuilder message =
        new StringBuilder("The local cluster did not start: ").append(reason).append(".\n");
    message.append("Component logs (kept in ").append(work.resolve("logs")).append("):\n");
    for (Component c : components) {
      message.append("  ").append(c.name()).append(": ").append(c.log()).append('\n');
    }
    if (culprit != null) {
      message
          .append("Last lines of ")
          .append(culprit.name())
          .append("'s log:\n")
          .append(culprit.tail(20));
    }
    return new IllegalStateException(message.toString());
  }

  private static SSLContext trustAll() {
    // Only used to poll /readyz on 127.0.0.1 before the API server's self-signed certificate
    // exists.
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      TrustManager trustAll =
          new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
              return new X509Certificate[0];
            }
          };
      context.init(null, new TrustManager[] {trustAll}, new SecureRandom());
      return context;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.debug("Could not delete {}", dir, e);
    }
  }
}
