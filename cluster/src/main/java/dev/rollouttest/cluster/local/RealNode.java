package dev.rollouttest.cluster.local;

import dev.rollouttest.cluster.local.NodeReservations.Reservation;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real node of the local backend: containerd with runc and the CNI bridge, kubelet and
 * kube-proxy, built from the same pinned modules as the control plane (see {@link NodeBinaries}),
 * running in a network namespace and a mount namespace of their own.
 *
 * <p>What it changes on the host while it runs, and removes when it stops (also after a crash, at
 * the next start): a veth pair {@code rtn<i>h}, with routes to the node's pod range {@code
 * 10.245.<i>.0/24} and to the cluster's service range through it, so that the test JVM can dial
 * pods and ClusterIPs; kubelet's cgroup directories {@code
 * /sys/fs/cgroup/<controller>/rollout-test- <run>}. Nothing else: the kernel settings kubelet
 * writes are shadowed inside the node's mount namespace, kube-proxy's rules and forwarding live in
 * the node's network namespace, and every file is under the node's directory. The steps are in
 * {@code node/node-up.sh}, {@code node/holder.sh} and {@code node/node-down.sh} beside this class
 * (see {@link NodeScripts}); the index {@code <i>} is reserved by {@link NodeReservations}.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class RealNode implements AutoCloseable {

  /** Label the real node carries. */
  public static final String LABEL = "rollout-test.dev/real";

  private static final Logger LOG = LoggerFactory.getLogger(RealNode.class);
  private static final String NAME = "rollout-test-real-node";

  private final Reservation reservation;
  private final Path directory;
  private final Path binaries;
  private final Process watchdog;
  private boolean closed;

  private RealNode(Reservation reservation, Path binaries, Process watchdog) {
    this.reservation = reservation;
    this.directory = reservation.directory();
    this.binaries = binaries;
    this.watchdog = watchdog;
  }

  /**
   * Why real nodes cannot run on this machine, or empty when they can: Linux on amd64, root with
   * CAP_SYS_ADMIN and CAP_NET_ADMIN, network and mount namespaces, cgroups, overlayfs, and the
   * commands {@code ip}, {@code unshare}, {@code nsenter}, {@code mount} and {@code openssl}.
   */
  public static Optional<String> whyUnavailable() {
    return HostRequirements.whyUnavailable();
  }

  /** What node-up.sh needs to know about the control plane. */
  record ControlPlane(
      int apiPort, String caPem, String token, Path clientCaCertificate, String cgroupRoot) {}

  /**
   * Starts the node in the reservation's directory and returns once kubelet has registered it and
   * it is Ready.
   *
   * @throws IllegalStateException naming the step or the component that failed, with its log
   */
  static RealNode start(
      Reservation reservation,
      Path binaries,
      ControlPlane controlPlane,
      KubernetesClient client,
      long deadline,
      BooleanSupplier controlPlaneAlive) {
    Path directory = reservation.directory();
    Process watchdog = null;
    try {
      prepareDirectory(directory, controlPlane);
      watchdog = NodeScripts.startWatchdog(directory);
      NodeScripts.up(
          directory,
          Map.of(
              "NODE_BIN", binaries.toString(),
              "NODE_NAME", NAME,
              "NODE_INDEX", Integer.toString(reservation.index()),
              "SERVICE_CIDR", reservation.serviceCidr(),
              "API_PORT", Integer.toString(controlPlane.apiPort()),
              "CGROUP_ROOT", controlPlane.cgroupRoot()));
      RealNode node = new RealNode(reservation, binaries, watchdog);
      NodeReadiness.await(node, client, deadline, controlPlaneAlive);
      return node;
    } catch (IOException | RuntimeException e) {
      if (watchdog != null) {
        NodeScripts.stopWatchdog(watchdog);
      }
      reservation.release();
      if (e instanceof IOException io) {
        throw new UncheckedIOException("Could not prepare the real node in " + directory, io);
      }
      throw (RuntimeException) e;
    }
  }

  /**
   * Lays out the node's directory (only its owner may enter it: it holds the node's credentials)
   * with the scripts, the CA of the API server's client certificate, and kubelet's kubeconfig.
   */
  private static void prepareDirectory(Path directory, ControlPlane controlPlane)
      throws IOException {
    if (Files.isSymbolicLink(directory)) {
      Files.createDirectories(Files.readSymbolicLink(directory));
    }
    Files.createDirectories(directory);
    Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
    NodeScripts.install(directory);
    Path pki = Files.createDirectories(directory.resolve("kubelet/pki"));
    Files.copy(
        controlPlane.clientCaCertificate(),
        pki.resolve("client-ca.crt"),
        StandardCopyOption.REPLACE_EXISTING);
    Files.createDirectories(directory.resolve("logs"));
    // the node reaches the API server through a relay in its namespace at 127.0.0.1:6443
    Files.writeString(
        directory.resolve("node.kubeconfig"),
        Kubeconfig.of(
            "local", "https://127.0.0.1:6443", controlPlane.caPem(), "node", controlPlane.token()));
  }

  /** The node component that is no longer running, if any. */
  public Optional<String> deadComponent() {
    for (Map.Entry<String, Long> e : pids().entrySet()) {
      if (!running(e.getValue())) {
        return Optional.of(
            e.getKey()
                + " (pid "
                + e.getValue()
                + ") exited; its log is "
                + directory.resolve("logs").resolve(e.getKey() + ".log"));
      }
    }
    return Optional.empty();
  }

  /**
   * Whether a process runs: it exists and is not a zombie. The node's daemons are children of init
   * once node-up.sh has ended, and init reaps them in its own time.
   */
  private static boolean running(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** The node's processes by name: holder, containerd, relays, kubelet, kube-proxy. */
  public Map<String, Long> pids() {
    Map<String, Long> pids = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(directory.resolve("state/pids"))) {
        String[] parts = line.strip().split("\\s+");
        if (parts.length == 2) {
          pids.put(parts[0], Long.parseLong(parts[1]));
        }
      }
    } catch (IOException e) {
      // not started yet, or stopped
    }
    return pids;
  }

  /** Where the logs are, and the last lines of kubelet's, containerd's and kube-proxy's. */
  String logTails() {
    StringBuilder out = new StringBuilder("Logs in ").append(directory.resolve("logs"));
    for (String log : List.of("kubelet", "containerd", "kube-proxy")) {
      Path file = directory.resolve("logs").resolve(log + ".log");
      try {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        out.append("\nLast lines of ").append(log).append(".log:\n");
        lines
            .subList(Math.max(0, lines.size() - 8), lines.size())
            .forEach(l -> out.append("  ").append(l).append('\n'));
      } catch (IOException | UncheckedIOException e) {
        // no such log yet
      }
    }
    return out.toString();
  }

  /** The reservation file in the cache's {@code nodes} directory; for crash-recovery tests. */
  Path registration() {
    return reservation.entry();
  }

  /** The pid of the process that removes the node when this JVM ends; for crash-recovery tests. */
  long watchdogPid() {
    return watchdog.pid();
  }

  /** The Node's name. */
  public String name() {
    return NAME;
  }

  /** The node's pod range, routed from the host through the node's veth. */
  public String podCidr() {
    return "10.245." + reservation.index() + ".0/24";
  }

  /** The host's end of the node's veth pair. */
  String hostInterface() {
    return "rtn" + reservation.index() + "h";
  }

  /**
   * The node's directory (configuration, logs, state), through its short link {@code
   * <cache>/nodes/<index>.d}: unix sockets under it must stay within 107 bytes.
   */
  public Path directory() {
    return directory;
  }

  /**
   * Imports an image archive (docker-archive or OCI layout, as {@code docker save} or {@code
   * buildah push oci-archive:} write it) into the node's containerd, for pods with {@code
   * imagePullPolicy: Never} or {@code IfNotPresent}.
   */
  void importImage(Path archive) {
    NodeImages.importArchive(binaries, directory, pids().getOrDefault("holder", -1L), archive);
  }

  /** Stops the node and removes what it put on the host (see node-down.sh). Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    long start = System.nanoTime();
    NodeScripts.stopWatchdog(watchdog);
    reservation.release();
    LOG.info(
        "Real node stopped in {} ms; logs kept in {}",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
        directory.resolve("logs"));
  }

  @Override
  public String toString() {
    return "real node " + NAME + " (" + directory + ")";
  }
}
