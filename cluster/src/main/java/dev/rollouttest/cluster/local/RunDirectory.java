package dev.rollouttest.cluster.local;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.WRITE;

import dev.rollouttest.cluster.ClusterSettings;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory of one run of a local cluster, {@code <work root>/local-<run>}: the components'
 * state, configuration and logs. It holds an admin token and keys, so only its owner may enter it
 * and its secrets are written 0600, whatever the umask; when the cluster stops, etcd's data and the
 * secrets are deleted and the logs stay.
 *
 * <p>A run holds an exclusive lock on its {@code run.lock} while it lives; the kernel releases it
 * when the JVM dies, even by SIGKILL. The next start in the same work root sweeps the directory of
 * every run whose lock is free but whose etcd data or secrets are still there (a run that never
 * stopped): its ~130 MB of etcd data and its admin token do not pile up.
 */
final class RunDirectory {

  private static final Logger LOG = LoggerFactory.getLogger(RunDirectory.class);
  private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER_ONLY_FILE =
      PosixFilePermissions.fromString("rw-------");

  /**
   * The files that grant access to a cluster: written 0600 (under {@code certs}: every key, etcd's
   * and kubelet's included), deleted when it stops.
   */
  static final List<String> SECRETS =
      List.of(
          "tokens.csv",
          "sa.key",
          "components.kubeconfig",
          "kubeconfig.yaml",
          "certs",
          "node/node.kubeconfig",
          "node/kubelet/pki");

  /** Held while the run lives; its release is how the next run knows this one is gone. */
  static final String LOCK = "run.lock";

  private final Path path;
  private @Nullable FileChannel lockChannel;

  private RunDirectory(Path path) {
    this.path = path;
  }

  /**
   * Where the run's directory goes (nothing is created yet): under the configured work directory,
   * else under {@code target/rollout-test} when the current directory has a {@code target}, else
   * under the temporary directory.
   */
  static RunDirectory of(ClusterSettings settings, String runId) {
    return new RunDirectory(workRoot(settings).resolve("local-" + runId).toAbsolutePath());
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

  /**
   * Refuses a directory that a real node's daemons would not see: the node mounts its own {@code
   * /run}, {@code /var/lib} and {@code /var/log} over the host's.
   */
  void requireVisibleToRealNode() {
    for (String hidden : List.of("/run", "/var/lib", "/var/log")) {
      if (path.startsWith(hidden)) {
        throw new IllegalArgumentException(
            "The local work directory "
                + path
                + " is under "
                + hidden
                + ", which the real node hides from its daemons; set "
                + ClusterSettings.LOCAL_WORK_DIRECTORY
                + " elsewhere.");
      }
    }
  }

  /**
   * Creates the directory, which only its owner may enter, and its {@code logs}, and locks it for
   * this run; first sweeps the directories of runs that died without stopping.
   */
  void create() throws IOException {
    Path root = java.util.Objects.requireNonNull(path.getParent());
    Files.createDirectories(root);
    sweepDead(root);
    Files.createDirectory(path, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
    lockChannel = FileChannel.open(path.resolve(LOCK), CREATE_NEW, WRITE);
    lockChannel.lock();
    Files.createDirectories(logs());
  }

  /**
   * Deletes the directory of every run under {@code root} that is gone (its lock is free) without
   * having stopped (its etcd data or a secret is still there); a run that stopped keeps its logs.
   */
  static void sweepDead(Path root) {
    try (var runs = Files.list(root)) {
      for (Path run : runs.filter(p -> p.getFileName().toString().startsWith("local-")).toList()) {
        if (!Files.exists(run.resolve(LOCK)) || !unstopped(run) || alive(run)) {
          continue;
        }
        LOG.info("Removing {}: its run ended without stopping (its JVM was killed)", run);
        deleteRecursively(run);
      }
    } catch (IOException e) {
      LOG.debug("Could not sweep {}", root, e);
    }
  }

  private static boolean unstopped(Path run) {
    return Files.exists(run.resolve("etcd"))
        || SECRETS.stream().anyMatch(secret -> Files.exists(run.resolve(secret)));
  }

  /** Whether a live process holds the run's lock (this JVM's own runs count as live). */
  private static boolean alive(Path run) {
    try (FileChannel channel = FileChannel.open(run.resolve(LOCK), WRITE)) {
      FileLock probe = channel.tryLock();
      if (probe == null) {
        return true;
      }
      probe.release();
      return false;
    } catch (OverlappingFileLockException e) {
      return true;
    } catch (IOException e) {
      return true;
    }
  }

  Path path() {
    return path;
  }

  Path resolve(String relative) {
    return path.resolve(relative);
  }

  /** Where each component's log is kept. */
  Path logs() {
    return path.resolve("logs");
  }

  /** Writes a file that only its owner may read, whatever the umask; returns its path. */
  Path writeSecret(String relative, String content) throws IOException {
    Path file = path.resolve(relative);
    Files.deleteIfExists(file);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
    Files.writeString(file, content);
    return file;
  }

  /**
   * etcd's data and every secret: what {@link #deleteStateAndSecrets} deletes, and what the process
   * watchdog deletes when the JVM dies before it could.
   */
  List<Path> stateAndSecrets() {
    List<Path> paths = new ArrayList<>();
    paths.add(path.resolve("etcd"));
    SECRETS.forEach(secret -> paths.add(path.resolve(secret)));
    return paths;
  }

  /** Deletes etcd's data and every secret, and ends the run's lock; the logs stay. */
  void deleteStateAndSecrets() {
    stateAndSecrets().forEach(RunDirectory::deleteRecursively);
    FileChannel channel = lockChannel;
    lockChannel = null;
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        LOG.debug("Could not release {}", path.resolve(LOCK), e);
      }
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.debug("Could not delete {}", dir, e);
    }
  }

  @Override
  public String toString() {
    return path.toString();
  }
}
