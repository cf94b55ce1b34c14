package dev.rollouttest.cluster.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The TCP listeners and bound UDP sockets of processes, read from Linux's /proc. */
final class Listeners {

  record Listener(long pid, String protocol, String address, int port) {}

  private Listeners() {}

  static List<Listener> of(List<Long> pids) throws IOException {
    Map<String, String[]> byInode = new HashMap<>();
    for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
      Path file = Path.of("/proc/net", table);
      if (!Files.exists(file)) {
        continue;
      }
      List<String> lines = Files.readAllLines(file);
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.trim().split("\\s+");
        boolean tcpListen = table.startsWith("tcp") && f[3].equals("0A");
        boolean udpBound = table.startsWith("udp") && f[3].equals("07");
        if (tcpListen || udpBound) {
          byInode.put(f[9], new String[] {table, f[1]});
        }
      }
    }
    List<Listener> listeners = new ArrayList<>();
    for (long pid : pids) {
      Path fds = Path.of("/proc", Long.toString(pid), "fd");
      List<Path> descriptors;
      try (var stream = Files.list(fds)) {
        descriptors = stream.toList();
      } catch (IOException e) {
        continue; // the process is gone, or not ours to look into
      }
      for (Path fd : descriptors) {
        String target;
        try {
          target = Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
          continue;
        }
        if (target.startsWith("socket:[")) {
          String[] entry = byInode.get(target.substring(8, target.length() - 1));
          if (entry != null) {
            String[] hostPort = entry[1].split(":");
            listeners.add(
                new Listener(
                    pid, entry[0], address(hostPort[0]), Integer.parseInt(hostPort[1], 16)));
          }
        }
      }
    }
    return listeners;
  }

  /** The listeners of every process on this machine (that this user may look into). */
  static List<Listener> all() throws IOException {
    try (var processes = ProcessHandle.allProcesses()) {
      return of(processes.map(ProcessHandle::pid).toList());
    }
  }

  /**
   * /proc/net's hex address, as text; IPv4-mapped and loopback IPv6 addresses are shown plainly.
   */
  private static String address(String hex) {
    if (hex.length() == 8) {
      return ipv4(hex);
    }
    if (hex.equals("00000000000000000000000001000000")) {
      return "::1";
    }
    if (hex.startsWith("0000000000000000FFFF0000")) {
      return ipv4(hex.substring(24));
    }
    return hex.equals("00000000000000000000000000000000") ? "::" : hex;
  }

  private static String ipv4(String hex) {
    // little-endian words
    return Integer.parseInt(hex.substring(6, 8), 16)
        + "."
        + Integer.parseInt(hex.substring(4, 6), 16)
        + "."
        + Integer.parseInt(hex.substring(2, 4), 16)
        + "."
        + Integer.parseInt(hex.substring(0, 2), 16);
  }
}
