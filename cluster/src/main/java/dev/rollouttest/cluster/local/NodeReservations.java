package dev.rollouttest.cluster.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The indexes of the real nodes on this host, one per node: a node's subnets and link names derive
 * from its index, so two runs (two JVMs) must never hold the same one. The reservations are files
 * in the cache's {@code nodes} directory, made under a file lock; before it reserves, a run removes
 * the nodes of runs that died without stopping theirs.
 */
final class NodeReservations {

  private static final Logger LOG = LoggerFactory.getLogger(NodeReservations.class);
  private static final int MAX_INDEX = 250;
  private static final String HOLDER_PREFIX = "rollout-test-node-holder ";

  private NodeReservations() {}

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
        String routes =
            Commands.run(List.of("ip", "-o", "route", "show", "table", "all"), 10).output();
        String links = Commands.run(List.of("ip", "-o", "link"), 10).output();
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
            Path link = shortLink(registry, i, nodeDirectory);
            Properties p = new Properties();
            ProcessHandle self = ProcessHandle.current();
            p.setProperty("pid", Long.toString(self.pid()));
            p.setProperty("started", started(self));
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

  /**
   * Makes the short link to a node's directory, {@code <cache>/nodes/<index>.d}, through which the
   * node works: kubelet, containerd and the relay put unix sockets under the node's directory, and
   * a socket's path may not exceed 107 bytes. The next reservation of the index replaces the link,
   * so it outlives the node and its logs stay reachable through it.
   */
  private static Path shortLink(Path registry, int index, Path nodeDirectory) throws IOException {
    Path link = registry.resolve(index + ".d").toAbsolutePath();
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
    return link;
  }

  /**
   * Runs node-down.sh for every registered node whose JVM is gone, and for every node whose
   * namespace holder still runs although no reservation names it (a reservation lost to a crash
   * between its removal and the node's).
   */
  private static void sweep(Path registry) throws IOException {
    sweepRegistered(registry);
    Set<String> reserved = new HashSet<>();
    for (Properties p : entries(registry).values()) {
      reserved.add(p.getProperty("directory", ""));
    }
    for (ProcessHandle process : ProcessHandle.allProcesses().toList()) {
      String cmdline;
      try {
        cmdline = Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
      } catch (IOException e) {
        continue; // gone meanwhile
      }
      if (!cmdline.startsWith(HOLDER_PREFIX)) {
        continue;
      }
      String dir = cmdline.substring(HOLDER_PREFIX.length()).split("\0")[0].strip();
      if (!reserved.contains(dir) && NodeScripts.canRemove(Path.of(dir))) {
        LOG.warn("Cleaning up a real node that no run has reserved: {}", dir);
        NodeScripts.remove(Path.of(dir));
      }
    }
  }

  private static void sweepRegistered(Path registry) throws IOException {
    for (Map.Entry<Path, Properties> entry : entries(registry).entrySet()) {
      Properties p = entry.getValue();
      long pid = Long.parseLong(p.getProperty("pid", "-1"));
      String started = p.getProperty("started", "");
      boolean alive = ProcessHandle.of(pid).map(h -> started(h).equals(started)).orElse(false);
      if (alive) {
        continue;
      }
      Path dir = Path.of(p.getProperty("directory", "/nonexistent"));
      if (NodeScripts.canRemove(dir)) {
        LOG.warn(
            "Cleaning up the real node of a run that ended without stopping it (pid {}): {}",
            pid,
            dir);
        NodeScripts.remove(dir);
      }
      Files.deleteIfExists(entry.getKey());
    }
  }

  /** The reservations, each file (named by its index) with what it holds. */
  private static Map<Path, Properties> entries(Path registry) throws IOException {
    Map<Path, Properties> entries = new LinkedHashMap<>();
    try (var files = Files.list(registry)) {
      for (Path entry : files.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(entry)) {
          p.load(in);
        }
        entries.put(entry, p);
      }
    }
    return entries;
  }

  /**
   * When a process started, which tells it from a later process that the kernel gave the same pid.
   */
  private static String started(ProcessHandle process) {
    return process.info().startInstant().map(Instant::toString).orElse("unknown");
  }
}
