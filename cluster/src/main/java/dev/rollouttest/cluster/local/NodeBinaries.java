package dev.rollouttest.cluster.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the real node's components (kubelet, kube-proxy, containerd, runc, CNI plugins, the
 * netfilter tools, the pause and test application images), or builds them with {@code
 * controlplane/node/build.sh} from the pinned modules that travel in this jar, into {@code
 * <cache>/node-<version>}. The first build takes a few minutes on 2 cores (more on an empty Go
 * build cache) and needs gcc and Debian's package mirror besides Go; see
 * controlplane/node/README.md.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class NodeBinaries {

  /** Executables under {@code bin/} that a node needs. */
  public static final List<String> NAMES =
      List.of(
          "kubelet",
          "kube-proxy",
          "containerd",
          "containerd-shim-runc-v2",
          "ctr",
          "runc",
          "relay",
          "iptables",
          "iptables-restore",
          "iptables-save");

  /** The test application image the build imports into every real node, in two versions. */
  public static final String TEST_APP_IMAGE = "localhost/rollout-test/testapp";

  private static final Logger LOG = LoggerFactory.getLogger(NodeBinaries.class);

  /** The build files, as laid out under {@code controlplane/} (and in the jar). */
  static final List<String> BUILD_FILES =
      List.of(
          "k8s/go.mod",
          "k8s/go.sum",
          "node/build.sh",
          "node/containerd/go.mod",
          "node/containerd/go.sum",
          "node/runc/go.mod",
          "node/runc/go.sum",
          "node/cni/go.mod",
          "node/cni/go.sum",
          "node/tools/go.mod",
          "node/tools/mkimage/main.go",
          "node/tools/pause/main.go",
          "node/tools/relay/main.go",
          "node/tools/testapp/main.go");

  private NodeBinaries() {}

  static Path cacheRoot() {
    return ControlPlaneBinaries.cacheRoot();
  }

  /** The directory the node build fills. */
  public static Path cacheDirectory() {
    return cacheRoot().resolve("node-" + ControlPlaneBinaries.KUBERNETES_VERSION);
  }

  /** The names missing from a node directory. */
  static List<String> missing(Path directory) {
    return NAMES.stream()
        .filter(n -> !Files.isExecutable(directory.resolve("bin").resolve(n)))
        .toList();
  }

  /**
   * The node directory, built first when incomplete or out of date.
   *
   * @throws IllegalStateException when the build fails or cannot run
   */
  static Path resolve() {
    Path cache = cacheDirectory();
    if (missing(cache).isEmpty()
        && ControlPlaneBinaries.runBuildScript(BUILD_FILES, "node/build.sh", true, cacheRoot())) {
      return cache;
    }
    if (!ControlPlaneBinaries.canBuild()) {
      throw new IllegalStateException(
          "Real pods need kubelet, kube-proxy, containerd and runc in "
              + cache
              + ", built from Go modules, but no 'go' command (1.26.8 or newer: the CNI plugins need it) is on the PATH.");
    }
    LOG.info(
        "Building the real node's components into {} (the first time takes several minutes)",
        cache);
    if (!ControlPlaneBinaries.runBuildScript(BUILD_FILES, "node/build.sh", false, cacheRoot())) {
      throw new IllegalStateException(
          "Building the real node's components failed; see the output of node/build.sh above");
    }
    return cache;
  }
}
