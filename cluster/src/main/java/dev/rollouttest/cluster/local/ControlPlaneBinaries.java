package dev.rollouttest.cluster.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the local backend's binaries, or builds them from the Go tool modules that travel in this
 * jar (the same files as {@code controlplane/} in the repository) with the same {@code build.sh}.
 *
 * <p>The build cache is {@code $ROLLOUT_TEST_CACHE_DIR}, else {@code $XDG_CACHE_HOME/rollout-test},
 * else {@code ~/.cache/rollout-test}, with the binaries in {@code k8s-<version>/bin}. Building
 * needs Go 1.26 or newer and the Go module proxy; it takes about 20 minutes on 2 cores the first
 * time, and nothing afterwards.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class ControlPlaneBinaries {

  /** The executables a local cluster runs. */
  public static final List<String> NAMES =
      List.of(
          "etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubectl", "kwok");

  /** The Kubernetes version the pinned modules build. */
  public static final String KUBERNETES_VERSION = "v1.36.3";

  private static final Logger LOG = LoggerFactory.getLogger(ControlPlaneBinaries.class);
  private static final String RESOURCES = "/dev/rollouttest/cluster/local/controlplane/";
  private static final List<String> SCRIPT_FILES =
      List.of(
          "build.sh",
          "k8s/go.mod",
          "k8s/go.sum",
          "etcd/go.mod",
          "etcd/go.sum",
          "kwok/go.mod",
          "kwok/go.sum");

  private ControlPlaneBinaries() {}

  /** The directory the build script fills. */
  public static Path cacheDirectory() {
    return cacheRoot().resolve("k8s-" + KUBERNETES_VERSION).resolve("bin");
  }

  /**
   * The build cache: {@code $ROLLOUT_TEST_CACHE_DIR}, else {@code $XDG_CACHE_HOME/rollout-test},
   * else {@code ~/.cache/rollout-test}.
   */
  static Path cacheRoot() {
    String explicit = System.getenv("ROLLOUT_TEST_CACHE_DIR");
    Path root;
    if (explicit != null && !explicit.isBlank()) {
      root = Path.of(explicit);
    } else {
      String xdg = System.getenv("XDG_CACHE_HOME");
      root =
          xdg != null && !xdg.isBlank()
              ? Path.of(xdg, "rollout-test")
              : Path.of(System.getProperty("user.home"), ".cache", "rollout-test");
    }
    return root;
  }

  /** The names of the binaries missing from a directory. */
  public static List<String> missing(Path directory) {
    return NAMES.stream().filter(n -> !Files.isExecutable(directory.resolve(n))).toList();
  }

  /** Whether a {@code go} command is on the PATH, so that missing binaries can be built. */
  public static boolean canBuild() {
    return Commands.findOnPath("go").isPresent();
  }

  /**
   * Returns a directory holding every binary: {@code explicit} when given (it must be complete),
   * else the cache, built first when incomplete.
   *
   * @throws IllegalStateException saying what is missing and what to install or configure
   */
  public static Path resolve(Optional<Path> explicit, String settingKey) {
    if (explicit.isPresent()) {
      Path dir = explicit.get();
      List<String> missing = missing(dir);
      if (!missing.isEmpty()) {
        throw new IllegalStateException(
            "The local backend's binaries "
                + missing
                + " are missing from "
                + dir
                + ", which "
                + settingKey
                + " names. Point it at a directory built by controlplane/build.sh, or unset it to build into "
                + cacheDirectory()
                + ".");
      }
      return dir;
    }
    Path cache = cacheDirectory();
    if (missing(cache).isEmpty() && runBuildScript(SCRIPT_FILES, "build.sh", true, cacheRoot())) {
      return cache;
    }
    if (!canBuild()) {
      throw new IllegalStateException(
          "The local backend needs etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubectl and kwok "
              + "in "
              + cache
              + ", and builds them from Go modules when they are missing, but no 'go' command (1.26 or newer) is "
              + "on the PATH. Install Go from https://go.dev/dl (or your distribution), or set "
              + settingKey
              + " to a directory holding the binaries, or choose another backend with rollouttest.backend.");
    }
    LOG.info(
        "Building the local control plane into {} (the first time takes about 20 minutes on 2 cores)",
        cache);
    if (!runBuildScript(SCRIPT_FILES, "build.sh", false, cacheRoot())) {
      throw new IllegalStateException(
          "Building the local control plane failed; see the output of build.sh above");
    }
    return cache;
  }

  /**
   * Copies build files out of the jar into a temporary directory (same layout as {@code
   * controlplane/}) and runs {@code script} there; with {@code checkOnly}, only asks whether the
   * cache is complete and current.
   *
   * <p>The build dies with the JVM, however the JVM ends: it runs in a process group of its own
   * under a {@link ProcessWatchdog}, which stops the whole group ({@code go} and its compilers
   * included) and deletes the temporary directory, Go's work directories with it ({@code GOTMPDIR},
   * unless set), when the build ends or the JVM dies. Ctrl-C in a terminal therefore reaches the
   * build through the JVM's death, not directly.
   */
  static boolean runBuildScript(
      List<String> files, String script, boolean checkOnly, Path cacheRoot) {
    try (ProcessWatchdog watchdog = new ProcessWatchdog()) {
      Path dir = Files.createTempDirectory(temporaryRoot(), "rollout-test-controlplane");
      watchdog.deleteAtEnd(dir);
      for (String file : files) {
        Path target = dir.resolve(file);
        Files.createDirectories(target.getParent());
        try (InputStream in = ControlPlaneBinaries.class.getResourceAsStream(RESOURCES + file)) {
          if (in == null) {
            throw new IllegalStateException("rollout-test jar lacks " + RESOURCES + file);
          }
          Files.copy(in, target);
        }
      }
      ProcessBuilder pb =
          new ProcessBuilder(
                  ProcessWatchdog.inNewSession(
                      checkOnly ? List.of("bash", script, "--check") : List.of("bash", script)))
              .directory(dir.toFile());
      pb.environment().putIfAbsent("ROLLOUT_TEST_CACHE_DIR", cacheRoot.toString());
      if (!pb.environment().containsKey("GOTMPDIR")) {
        pb.environment().put("GOTMPDIR", Files.createDirectory(dir.resolve("go-tmp")).toString());
      }
      pb.redirectErrorStream(true);
      pb.redirectOutput(
          checkOnly ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.INHERIT);
      Process p = watchdog.start(pb);
      // on a timeout or an interrupt, closing the watchdog stops what is left of the build
      return p.waitFor(90, TimeUnit.MINUTES) && p.exitValue() == 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Where the build's temporary directory goes: {@code $TMPDIR}, where Go would put its work
   * directories, else {@code java.io.tmpdir}.
   */
  private static Path temporaryRoot() {
    String tmpdir = System.getenv("TMPDIR");
    return tmpdir != null && !tmpdir.isBlank()
        ? Path.of(tmpdir)
        : Path.of(System.getProperty("java.io.tmpdir"));
  }
}
