package dev.rollouttest.cluster.local;

import java.nio.file.Path;
import java.util.List;

/** Loads images into a real node's containerd, which runs in the node's namespaces. */
final class NodeImages {

  private NodeImages() {}

  /**
   * Imports an image archive (docker-archive or OCI layout, as {@code docker save} or {@code
   * buildah push oci-archive:} write it) into the {@code k8s.io} namespace of the node's
   * containerd, with its {@code ctr} run in the namespaces of the node's holder process.
   *
   * @throws IllegalArgumentException with containerd's answer when it refuses the archive
   */
  static void importArchive(Path binaries, Path nodeDirectory, long holderPid, Path archive) {
    Commands.Result result =
        Commands.run(
            List.of(
                "nsenter",
                "-t",
                Long.toString(holderPid),
                "-m",
                "-n",
                "--",
                binaries.resolve("bin/ctr").toString(),
                "--address",
                nodeDirectory.resolve("run/containerd.sock").toString(),
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
}
