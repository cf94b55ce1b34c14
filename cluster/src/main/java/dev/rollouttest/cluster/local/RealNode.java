package dev.rollouttest.cluster.local;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
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
 * {@code node/node-up.sh}, {@code node/holder.sh} and {@code node/node-down.sh} beside this class.
 */
public final class RealNode implements AutoCloseable {

  /** Label the real node carries. */
  public static final String LABEL = "rollout-test.dev/real";

  private static final Logger LOG = LoggerFactory.getLogger(RealNode.class);
  private static final String SCRIPTS = "/dev/rollouttest/cluster/local/node/";
  private static final List<String> SCRIPT_NAMES =
      List.of("node-up.sh", "holder.sh", "node-down.sh");
  private static final int MAX_INDEX = 250;

  private final String name;
  private final int index;
  private final Path directory;
  private final Path binaries;
  private final Path registration;
  private final Process watchdog;
  private final OutputStream watchdogPipe;
  private boolean closed;

  private RealNode(
      String name,
      int index,
      Path directory,
      Path binaries,
      Path registration,
      Process watchdog,
      OutputStream watchdogPipe) {
    this.name = name;
    this.index = index;
    this.directory = directory;
    this.binaries = binaries;
    this.registration = registration;
    this.watchdog = watchdog;
    this.watchdogPipe = watchdogPipe;
  }

  /**
   * Why real nodes cannot run on this machine, or empty when they can: Linux on amd64, root with
   * CAP_SYS_ADMIN and CAP_NET_ADMIN, network and mount namespaces, cgroups, overlayfs, and the
   * commands {@code ip}, {@code unshare}, {@code nsenter}, {@code mount} and {@code openssl}.
   */
  public static Optional<String> whyUnavailable() {
    String os = System.getProperty("os.name", "");
    String arch = System.getProperty("os.arch", "");
    if (!os.equals("Linux")) {
      return Optional.of("real pods need Linux; this is " + os);
    }
    if (!arch.equals("amd64") && !arch.equals("x86_64")) {
      return Optional.of("real pods are built for amd64; this machine is " + arch);
    }
    try {
      Map<String, String> status = new LinkedHashMap<>();
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        int colon = line.indexOf(':');
        if (colon > 0) {
          status.put(line.substring(0, colon), line.substring(colon + 1).strip());
        }
      }
      String uid = status.getOrDefault("Uid", "?").split("\\s+")[1];
      if (!uid.equals("0")) {
        return Optional.of(
            "real pods need root (kubelet, runc, namespaces and cgroups); this JVM runs as uid "
                + uid);
      }
      long caps = Long.parseUnsignedLong(status.getOrDefault("CapEff", "0"), 16);
      if ((caps & (1L << 21)) == 0 || (caps & (1L << 12)) == 0) {
        return Optional.of(
            "real pods need CAP_SYS_ADMIN and CAP_NET_ADMIN; this JVM's effective capabilities are "
                + status.get("CapEff"));
      }
      if (!Files.exists(Path.of("/proc/self/ns/net"))
          || !Files.exists(Path.of("/proc/self/ns/mnt"))) {
        return Optional.of("real pods need network and mount namespaces, which this kernel lacks");
      }
      String mounts = Files.readString(Path.of("/proc/self/mounts"));
      if (!mounts.contains(" /sys/fs/cgroup")) {
        return Optional.of("real pods need cgroups mounted under /sys/fs/cgroup; none is mounted");
      }
      if (!Files.readString(Path.of("/proc/filesystems")).contains("overlay")) {
        return Optional.of(
            "real pods need the overlay file system (modprobe overlay); /proc/filesystems lacks it");
      }
    } catch (IOException | RuntimeException e) {
      return Optional.of("could not read this process's status from /proc: " + e);
    }
    for (String command : List.of("ip", "unshare", "nsenter", "mount", "openssl")) {
      if (findCommand(command).isEmpty()) {
        return Optional.of(
            "real pods need the '"
                + command
                + "' command (packages iproute2, util-linux, openssl), which is not on the PATH");
      }
    }
    return Optional.empty();
  }

  /** Throws {@link RealPodsUnavailableException} when {@link #whyUnavailable()} has a reason. */
  static void requireAvailable(String settingKey) {
    whyUnavailable()
        .ifPresent(
            why -> {
              throw new IllegalStateException(
                  "The local backend cannot run real pods here ("
                      + settingKey
                      + "=real): "
                      + why
                      + ". Unset "
                      + settingKey
                      + " to simulate pods with kwok, or use the k3s backend where Docker runs.");
            });
  }

  /**
   * Reserves an index for a node of this JVM, after cleaning up the nodes of runs that died without
   * stopping theirs. The reservation is a file in the cache's {@code nodes} directory that names
   * {@code nodeDirectory}, where a crashed run's node-down.sh is found.
   */
  static Reservation reserve(Path nodeDirectory) {
    Path registry = NodeBinaries.cacheRoot().resolve("nodes");
    try {
      Files.createDirectories(registry);
      try (FileChannel lockFile =
              FileChannel.open(
                  registry.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = lockFile.lock()) {
        sweep(registry);
        String routes = run(List.of("ip", "-o", "route", "show", "table", "all"), 10).output();
        String links = run(List.of("ip", "-o", "link"), 10).output();
        for (int i = 0; i <= MAX_INDEX; i++) {
          Path entry = registry.resolve(Integer.toString(i));
          boolean taken =
              Files.exists(entry)
                  || links.contains(" rtn" + i + "h")
                  || links.contains(" rtn" + i + "h@")
                  || routes.contains("10.213." + i + ".")
                  || routes.contains("10.245." + i + ".")
                  || routes.contains("10.97." + i + ".");
          if (!taken) {
            // kubelet, containerd and the relay put unix sockets under the node's directory, and a
            // socket's path may not exceed 107 bytes: the node works through a short link here
            Path link = shortLink(registry, i);
            int longest = link.toString().length() + "/kubelet/pod-resources/1234567890".length();
            if (longest > 107) {
              throw new IllegalStateException(
                  "The real node's sockets would have paths of "
                      + longest
                      + " bytes under "
                      + link
                      + ", more than the 107 a unix socket allows; set ROLLOUT_TEST_CACHE_DIR to a"
                      + " shorter directory.");
            }
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, nodeDirectory.toAbsolutePath());
            Properties p = new Properties();
            ProcessHandle self = ProcessHandle.current();
            p.setProperty("pid", Long.toString(self.pid()));
            p.setProperty(
                "started", self.info().startInstant().map(Instant::toString).orElse("unknown"));
            p.setProperty("directory", link.toString());
            try (OutputStream out = Files.newOutputStream(entry)) {
              p.store(out, "a real node of rollout-test's local backend");
            }
            return new Reservation(i, entry, link);
          }
        }
        throw new IllegalStateException(
            "No free real-node index in 0-"
                + MAX_INDEX
                + ": every one is reserved in "
                + registry
                + " or its addresses are in use on this host");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not reserve a real node in " + registry, e);
    }
  }

  /** An index for a node of this run: its subnets and link names derive from it. */
  record Reservation(int index, Path entry, Path directory) {

    /** The service range of the cluster that holds this node: 10.97.{index}.0/24. */
    String serviceCidr() {
      return "10.97." + index + ".0/24";
    }

    void release() {
      try {
        Files.deleteIfExists(entry);
      } catch (IOException e) {
        LOG.debug("Could not delete {}", entry, e);
      }
    }
  }

  /**
   * The short link to a node's directory, {@code <cache>/nodes/<index>.d}, through which the node
   * works; the next reservation of the index replaces it, so it outlives the node and its logs stay
   * reachable through it.
   */
  private static Path shortLink(Path registry, int index) {
    return registry.resolve(index + ".d").toAbsolutePath();
  }

  /**
   * Runs node-down.sh for every registered node whose JVM is gone, and for every node whose
   * namespace holder still runs although no reservation names it (a reservation lost to a crash
   * between its removal and the node's).
   */
  private static void sweep(Path registry) throws IOException {
    sweepRegistered(registry);
    java.util.Set<String> reserved = new java.util.HashSet<>();
    try (var entries = Files.list(registry)) {
      for (Path entry : entries.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(entry)) {
          p.load(in);
        }
        reserved.add(p.getProperty("directory", ""));
      }
    }
    String prefix = "rollout-test-node-holder ";
    for (ProcessHandle process : ProcessHandle.allProcesses().toList()) {
      String cmdline;
      try {
        cmdline = Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
      } catch (IOException e) {
        continue; // gone meanwhile
      }
      if (!cmdline.startsWith(prefix)) {
        continue;
      }
      String dir = cmdline.substring(prefix.length()).split("\0")[0].strip();
      Path script = Path.of(dir, "scripts", "node-down.sh");
      if (!reserved.contains(dir) && Files.exists(script)) {
        LOG.warn("Cleaning up a real node that no run has reserved: {}", dir);
        run(List.of("bash", script.toString(), dir), 120);
      }
    }
  }

  private static void sweepRegistered(Path registry) throws IOException {
    try (var entries = Files.list(registry)) {
      for (Path entry : entries.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(entry)) {
          p.load(in);
        }
        long pid = Long.parseLong(p.getProperty("pid", "-1"));
        String started = p.getProperty("started", "");
        boolean alive =
            ProcessHandle.of(pid)
                .map(h -> h.info().startInstant().map(Instant::toString).orElse("").equals(started))
                .orElse(false);
        if (alive) {
          continue;
        }
        Path dir = Path.of(p.getProperty("directory", "/nonexistent"));
        Path script = dir.resolve("scripts/node-down.sh");
        if (Files.exists(script)) {
          LOG.warn(
              "Cleaning up the real node of a run that ended without stopping it (pid {}): {}",
              pid,
              dir);
          run(List.of("bash", script.toString(), dir.toString()), 120);
        }
        Files.deleteIfExists(entry);
      }
    }
  }

  /** What node-up.sh needs to know about the control plane. */
  record ControlPlane(
      int apiPort, String caPem, String token, Path clientCaCertificate, String cgroupRoot) {}

  /**
   * Starts the node and returns once kubelet has registered it and it is Ready.
   *
   * @throws IllegalStateException naming the step or the component that failed, with its log
   */
  static RealNode start(
      Reservation reservation,
      Path directory,
      Path binaries,
      ControlPlane controlPlane,
      KubernetesClient client,
      long deadline,
      BooleanSupplier controlPlaneAlive) {
    String name = "rollout-test-real-node";
    Process watchdog = null;
    try {
      if (Files.isSymbolicLink(directory)) {
        Files.createDirectories(Files.readSymbolicLink(directory));
      }
      Files.createDirectories(directory);
      Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
      Path scripts = Files.createDirectories(directory.resolve("scripts"));
      for (String script : SCRIPT_NAMES) {
        try (InputStream in = RealNode.class.getResourceAsStream(SCRIPTS + script)) {
          if (in == null) {
            throw new IllegalStateException("rollout-test jar lacks " + SCRIPTS + script);
          }
          Files.copy(
              in, scripts.resolve(script), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
      Path pki = Files.createDirectories(directory.resolve("kubelet/pki"));
      Files.copy(
          controlPlane.clientCaCertificate(),
          pki.resolve("client-ca.crt"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Files.createDirectories(directory.resolve("logs"));
      Files.writeString(directory.resolve("node.kubeconfig"), kubeconfig(controlPlane));

      // From here on the watchdog removes the node when this JVM ends, however it ends.
      watchdog =
          new ProcessBuilder(
                  "bash",
                  "-c",
                  "cat > /dev/null; exec bash \"$0\" \"$1\"",
                  scripts.resolve("node-down.sh").toString(),
                  directory.toString())
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(directory.resolve("logs/node-down.err").toFile())
              .start();

      ProcessBuilder up =
          new ProcessBuilder("bash", scripts.resolve("node-up.sh").toString())
              .redirectErrorStream(true);
      Map<String, String> env = up.environment();
      env.put("NODE_DIR", directory.toString());
      env.put("NODE_BIN", binaries.toString());
      env.put("NODE_NAME", name);
      env.put("NODE_INDEX", Integer.toString(reservation.index()));
      env.put("SERVICE_CIDR", reservation.serviceCidr());
      env.put("API_PORT", Integer.toString(controlPlane.apiPort()));
      env.put("CGROUP_ROOT", controlPlane.cgroupRoot());
      Result result = run(up, 60);
      if (result.exit() != 0) {
        throw new IllegalStateException(
            "The real node did not start: "
                + result.output().strip()
                + "\nIts log: "
                + directory.resolve("logs/node-up.log"));
      }
      RealNode node =
          new RealNode(
              name,
              reservation.index(),
              directory,
              binaries,
              reservation.entry(),
              watchdog,
              watchdog.getOutputStream());
      node.awaitReady(client, deadline, controlPlaneAlive);
      return node;
    } catch (IOException | RuntimeException e) {
      if (watchdog != null) {
        stopWatchdog(watchdog, watchdog.getOutputStream());
      }
      reservation.release();
      if (e instanceof IOException io) {
        throw new UncheckedIOException("Could not prepare the real node in " + directory, io);
      }
      throw (RuntimeException) e;
    }
  }

  /**
   * Waits, on a watch of the Node, until kubelet has registered it Ready; in slices of at most a
   * second, asking in between whether a node process or a control plane component died.
   */
  private void awaitReady(KubernetesClient client, long deadline, BooleanSupplier controlPlane) {
    while (true) {
      Optional<String> dead = deadComponent();
      if (dead.isPresent()) {
        throw new IllegalStateException(
            "The real node did not become Ready: " + dead.get() + "\n" + logTails());
      }
      if (!controlPlane.getAsBoolean()) {
        throw new IllegalStateException(
            "A control plane component stopped while the real node was starting");
      }
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      try {
        Node node =
            client
                .nodes()
                .withName(name)
                .waitUntilCondition(
                    RealNode::isReady, Math.max(1, Math.min(left, 1000)), TimeUnit.MILLISECONDS);
        LOG.info(
            "Real node {} Ready: {} via {}, pods 10.245.{}.0/24; directory {}",
            name,
            node.getStatus().getNodeInfo().getContainerRuntimeVersion(),
            "rtn" + index + "h",
            index,
            directory);
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientTimeoutException slice) {
        if (left <= 1000) {
          Node node = client.nodes().withName(name).get();
          throw new IllegalStateException(
              "Timed out waiting for the real node "
                  + name
                  + " to be Ready (last: "
                  + readyCondition(node)
                      .map(c -> c.getReason() + ": " + c.getMessage())
                      .orElse(node == null ? "not registered yet" : "no Ready condition")
                  + ")\n"
                  + logTails());
        }
      }
    }
  }

  private static boolean isReady(Node node) {
    return readyCondition(node).map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  private static Optional<io.fabric8.kubernetes.api.model.NodeCondition> readyCondition(Node node) {
    if (node == null || node.getStatus() == null || node.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return node.getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .findFirst();
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
  static boolean running(long pid) {
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

  private String logTails() {
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
    return registration;
  }

  /** The pid of the process that removes the node when this JVM ends; for crash-recovery tests. */
  long watchdogPid() {
    return watchdog.pid();
  }

  /** The Node's name. */
  public String name() {
    return name;
  }

  /** The node's pod range, routed from the host through the node's veth. */
  public String podCidr() {
    return "10.245." + index + ".0/24";
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
    long holder = pids().getOrDefault("holder", -1L);
    Result result =
        run(
            List.of(
                "nsenter",
                "-t",
                Long.toString(holder),
                "-m",
                "-n",
                "--",
                binaries.resolve("bin/ctr").toString(),
                "--address",
                directory.resolve("run/containerd.sock").toString(),
                "-n",
                "k8s.io",
                "images",
                "import",
                archive.toAbsolutePath().toString()),
            300);
    if (result.exit() != 0) {
      throw new IllegalArgumentException(
          "containerd could not import " + archive + ": " + result.output().strip());
    }
  }

  /** Stops the node and removes what it put on the host (see node-down.sh). Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    long start = System.nanoTime();
    stopWatchdog(watchdog, watchdogPipe);
    try {
      Files.deleteIfExists(registration);
    } catch (IOException e) {
      LOG.debug("Could not delete {}", registration, e);
    }
    LOG.info(
        "Real node stopped in {} ms; logs kept in {}",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
        directory.resolve("logs"));
  }

  private static void stopWatchdog(Process watchdog, OutputStream pipe) {
    try {
      pipe.close();
    } catch (IOException e) {
      // the watchdog is gone; node-down.sh runs or ran
    }
    try {
      if (!watchdog.waitFor(120, TimeUnit.SECONDS)) {
        LOG.warn("node-down.sh is still running after 120 s; leaving it to finish");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String kubeconfig(ControlPlane cp) {
    return "apiVersion: v1\nkind: Config\nclusters:\n- name: local\n  cluster:\n"
        + "    server: https://127.0.0.1:6443\n"
        + "    certificate-authority-data: "
        + Base64.getEncoder().encodeToString(cp.caPem().getBytes(StandardCharsets.US_ASCII))
        + "\nusers:\n- name: node\n  user:\n    token: "
        + cp.token()
        + "\ncontexts:\n- name: local\n  context: {cluster: local, user: node}\n"
        + "current-context: local\n";
  }

  record Result(int exit, String output) {}

  static Result run(List<String> command, int timeoutSeconds) {
    return run(new ProcessBuilder(command).redirectErrorStream(true), timeoutSeconds);
  }

  static Result run(ProcessBuilder builder, int timeoutSeconds) {
    try {
      Path output = Files.createTempFile("rollout-test-node", ".out");
      try {
        Process p = builder.redirectOutput(output.toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          return new Result(
              -1,
              String.join(" ", builder.command())
                  + " did not finish within "
                  + timeoutSeconds
                  + " s");
        }
        return new Result(p.exitValue(), Files.readString(output));
      } finally {
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not run " + builder.command(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running " + builder.command(), e);
    }
  }

  static Optional<Path> findCommand(String command) {
    List<String> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(List.of(path.split(java.io.File.pathSeparator)));
    }
    dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
    for (String dir : dirs) {
      Path candidate = Path.of(dir, command);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "real node " + name + " (" + directory + ")";
  }
}
