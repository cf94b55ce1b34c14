package dev.rollouttest.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What a run must leave on the host as it found it: kernel settings (every readable entry under
 * /proc/sys/kernel, vm and net, less the counters the kernel changes by itself), network links,
 * addresses, routes and policy rules, the netfilter rule set, mount points, the top-level entries
 * of /etc, /var/lib, /var/log, /opt, /run, /usr/libexec and the user's home directory (where {@code
 * ~/.kube} would appear), cgroup directories, and /run/netns.
 */
public record HostState(
    Map<String, String> sysctls,
    List<String> links,
    List<String> addresses,
    List<String> routes,
    List<String> rules,
    List<String> netfilter,
    List<String> mounts,
    Map<String, List<String>> directories,
    List<String> cgroups) {

  /** Entries the kernel changes by itself, whatever runs. */
  private static final List<String> VOLATILE =
      List.of(
          "kernel/random/",
          "kernel/ns_last_pid",
          "kernel/pty/nr",
          "net/netfilter/nf_conntrack_count",
          "kernel/sched_domain",
          "net/ipv4/route/gc_",
          "kernel/perf_event_max_sample_rate",
          "kernel/hung_task",
          "fs/");

  /**
   * Reads the state.
   *
   * @param netfilterTools a directory with {@code nft} and {@code iptables-save}, or null to skip
   *     the rule set when the host has none on its PATH
   */
  public static HostState capture(Path netfilterTools) {
    Map<String, String> sysctls = new TreeMap<>();
    for (String root : List.of("kernel", "vm", "net")) {
      Path base = Path.of("/proc/sys");
      try (Stream<Path> walk = Files.walk(base.resolve(root))) {
        walk.filter(Files::isRegularFile)
            .filter(Files::isReadable)
            .forEach(
                p -> {
                  String key = base.relativize(p).toString();
                  if (VOLATILE.stream().noneMatch(key::startsWith)) {
                    try {
                      sysctls.put(key, Files.readString(p).strip());
                    } catch (IOException | RuntimeException e) {
                      // write-only or unreadable for this process: not a setting we can compare
                    }
                  }
                });
      } catch (IOException | RuntimeException e) {
        sysctls.put(root, "unreadable: " + e);
      }
    }
    List<String> netfilter = new ArrayList<>();
    if (netfilterTools != null) {
      netfilter.addAll(run(netfilterTools.resolve("nft").toString(), "list", "ruleset"));
      netfilter.addAll(run(netfilterTools.resolve("iptables-save").toString()));
    }
    netfilter.removeIf(l -> l.startsWith("#"));
    Map<String, List<String>> dirs = new TreeMap<>();
    for (String dir :
        List.of(
            "/etc",
            "/var/lib",
            "/var/log",
            "/opt",
            "/run",
            "/usr/libexec",
            System.getProperty("user.home"))) {
      try (Stream<Path> list = Files.list(Path.of(dir))) {
        dirs.put(dir, list.map(p -> p.getFileName().toString()).sorted().toList());
      } catch (IOException e) {
        dirs.put(dir, List.of("(absent)"));
      }
    }
    List<String> cgroups = new ArrayList<>();
    try (Stream<Path> hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
      for (Path h : hierarchies.toList()) {
        try (Stream<Path> children = Files.list(h)) {
          children
              .filter(Files::isDirectory)
              .map(p -> p.toString())
              .filter(p -> p.contains("rollout-test"))
              .forEach(cgroups::add);
        } catch (IOException e) {
          // not a directory
        }
      }
    } catch (IOException e) {
      cgroups.add("unreadable: " + e);
    }
    List<String> mounts = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
        String[] f = line.split(" ");
        mounts.add(f[4] + " " + f[f.length - 3]);
      }
    } catch (IOException e) {
      mounts.add("unreadable: " + e);
    }
    return new HostState(
        sysctls,
        run("ip", "-o", "link").stream().map(l -> l.replaceAll("\\s+link/.*", "")).toList(),
        run("ip", "-o", "addr"),
        run("ip", "route", "show", "table", "all"),
        run("ip", "rule"),
        netfilter,
        mounts,
        dirs,
        cgroups);
  }

  /** The differences from another state, one line each; empty when equal. */
  public List<String> differencesFrom(HostState before) {
    List<String> out = new ArrayList<>();
    TreeMap<String, String> keys = new TreeMap<>();
    before.sysctls.keySet().forEach(k -> keys.put(k, ""));
    sysctls.keySet().forEach(k -> keys.put(k, ""));
    for (String k : keys.keySet()) {
      String was = before.sysctls.get(k);
      String is = sysctls.get(k);
      if (was == null ? is != null : !was.equals(is)) {
        out.add("sysctl " + k + ": " + was + " -> " + is);
      }
    }
    diff(out, "link", before.links, links);
    diff(out, "address", before.addresses, addresses);
    diff(out, "route", before.routes, routes);
    diff(out, "rule", before.rules, rules);
    diff(out, "netfilter", before.netfilter, netfilter);
    diff(out, "mount", before.mounts, mounts);
    for (String dir : directories.keySet()) {
      diff(out, "entry of " + dir, before.directories.get(dir), directories.get(dir));
    }
    diff(out, "cgroup", before.cgroups, cgroups);
    return out;
  }

  private static void diff(List<String> out, String what, List<String> was, List<String> is) {
    for (String line : was) {
      if (!is.contains(line)) {
        out.add(what + " gone: " + line);
      }
    }
    for (String line : is) {
      if (!was.contains(line)) {
        out.add(what + " added: " + line);
      }
    }
  }

  private static List<String> run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes());
      p.waitFor(20, TimeUnit.SECONDS);
      return out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    } catch (IOException e) {
      return List.of(String.join(" ", command) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
