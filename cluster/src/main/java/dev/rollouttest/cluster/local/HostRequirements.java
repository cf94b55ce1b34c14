package dev.rollouttest.cluster.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a real node needs of the machine, and why this one cannot run it. */
final class HostRequirements {

  private HostRequirements() {}

  /**
   * Why real nodes cannot run on this machine, or empty when they can: Linux on amd64, root with
   * CAP_SYS_ADMIN and CAP_NET_ADMIN, network and mount namespaces, cgroups, overlayfs, and the
   * commands {@code ip}, {@code unshare}, {@code nsenter}, {@code mount} and {@code openssl}.
   */
  static Optional<String> whyUnavailable() {
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
      if (Commands.findCommand(command).isEmpty()) {
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
    require(settingKey, whyUnavailable());
  }

  /**
   * Throws {@link RealPodsUnavailableException} (which the extension turns into a skipped test)
   * when there is a reason {@code why} real pods cannot run.
   */
  static void require(String settingKey, Optional<String> reason) {
    reason.ifPresent(
        why -> {
          throw new RealPodsUnavailableException(
              "The local backend cannot run real pods here ("
                  + settingKey
                  + "=real): "
                  + why
                  + ". Unset "
                  + settingKey
                  + " to simulate pods with kwok, or use the k3s backend where Docker runs.");
        });
  }
}
