package dev.rollouttest.benchmark;

import static dev.rollouttest.assertions.RolloutAssertions.assertThat;

import dev.rollouttest.cluster.ClusterSettings;
import dev.rollouttest.cluster.ConfigurationSource;
import dev.rollouttest.cluster.local.LocalCluster;
import dev.rollouttest.cluster.local.RealNode;
import dev.rollouttest.probe.HttpProbe;
import dev.rollouttest.probe.ProbeResult;
import dev.rollouttest.rollout.DeploymentRollout;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints the real node's figures: cluster start with simulated and with real pods (warm caches),
 * when the node is Ready, pod created → Ready, the node's memory (RSS of kubelet, containerd,
 * kube-proxy, the relays and the containerd shims), and requests lost per 3-replica rolling update
 * with and without a preStop delay, by kind. Not a test: it asserts nothing. Run it with {@code
 * benchmarks/real-pods.sh [rollouts]}.
 */
public final class RealPodsBenchmark {

  public static void main(String[] args) throws Exception {
    int rollouts = args.length == 0 ? 3 : Integer.parseInt(args[0]);
    if (RealNode.whyUnavailable().isPresent()) {
      System.out.println("RESULT real pods cannot run here: " + RealNode.whyUnavailable().get());
      return;
    }
    long simulatedStart = System.nanoTime();
    try (LocalCluster simulated = LocalCluster.start(settings("simulated"))) {
      result("cluster start, simulated pods: %d ms", ms(System.nanoTime() - simulatedStart));
    }
    long realStart = System.nanoTime();
    try (LocalCluster cluster = LocalCluster.start(settings("real"))) {
      long started = System.nanoTime() - realStart;
      Map<String, Duration> phases = cluster.startupPhases();
      result("cluster start, real pods: %d ms", ms(started));
      result(
          "real node Ready %d ms after kube-apiserver ready (node start phase)",
          phases.get("real node ready").minus(phases.get("kube-apiserver ready")).toMillis());
      KubernetesClient client = cluster.client();
      cluster.createNamespace("bench", Map.of());
      podReadyTimes(client);
      for (String manifest : List.of("no-prestop.yaml", "pre-stop.yaml")) {
        lostRequests(cluster, manifest, rollouts);
      }
      memory(cluster.realNode().orElseThrow());
    }
  }

  static ClusterSettings settings(String pods) {
    return ClusterSettings.from(
        ConfigurationSource.of(Map.of(ClusterSettings.LOCAL_PODS, pods))
            .orElse(ConfigurationSource.systemPropertiesAndEnvironment()));
  }

  static void podReadyTimes(KubernetesClient client) {
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Pod pod =
          new PodBuilder()
              .withNewMetadata()
              .withName("ready-" + i)
              .endMetadata()
              .withNewSpec()
              .addNewContainer()
              .withName("app")
              .withImage("localhost/rollout-test/testapp:v1")
              .withImagePullPolicy("Never")
              .withNewReadinessProbe()
              .withNewHttpGet()
              .withPath("/ready")
              .withNewPort(8080)
              .endHttpGet()
              .withPeriodSeconds(1)
              .endReadinessProbe()
              .endContainer()
              .endSpec()
              .build();
      long t0 = System.nanoTime();
      client.pods().inNamespace("bench").resource(pod).create();
      client
          .pods()
          .inNamespace("bench")
          .withName("ready-" + i)
          .waitUntilCondition(
              p ->
                  p != null
                      && p.getStatus().getConditions().stream()
                          .anyMatch(
                              c -> c.getType().equals("Ready") && c.getStatus().equals("True")),
              60,
              java.util.concurrent.TimeUnit.SECONDS);
      times.add(ms(System.nanoTime() - t0));
    }
    Collections.sort(times);
    result(
        "pod created -> Ready (5 pods, one at a time, readiness probe every 1 s): min %d ms, median %d ms, max %d ms",
        times.get(0), times.get(2), times.get(4));
    client.pods().inNamespace("bench").delete();
  }

  static void lostRequests(LocalCluster cluster, String manifest, int rollouts) {
    String namespace = "bench-" + manifest.replace(".yaml", "");
    cluster.createNamespace(namespace, Map.of());
    KubernetesClient client = cluster.client();
    client
        .load(RealPodsBenchmark.class.getResourceAsStream("/dev/rollouttest/realpods/" + manifest))
        .inNamespace(namespace)
        .serverSideApply();
    DeploymentRollout web =
        dev.rollouttest.rollout.Rollouts.in(
                new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                    .withConfig(
                        new io.fabric8.kubernetes.client.ConfigBuilder(client.getConfiguration())
                            .withNamespace(namespace)
                            .build())
                    .build())
            .deployment("web");
    dev.rollouttest.rollout.internal.RolloutRecorder.awaitSettled(
        web, Duration.ofMinutes(2), dev.rollouttest.rollout.FailFast.onUnrecoverable());
    List<String> perRollout = new ArrayList<>();
    Map<String, Long> kinds = new LinkedHashMap<>();
    long failed = 0;
    long sent = 0;
    for (int i = 0; i < rollouts; i++) {
      String image = "localhost/rollout-test/testapp:" + (i % 2 == 0 ? "v2" : "v1");
      ProbeResult r =
          assertThat(web.updateImage("app", image))
              .probing(
                  HttpProbe.clusterIp("web", 80)
                      .every(Duration.ofMillis(25))
                      .requestTimeout(Duration.ofSeconds(1))
                      .tolerating(1_000_000, Duration.ofHours(1)))
              .completesWithin(Duration.ofMinutes(2))
              .probeResults()
              .get(0);
      perRollout.add(Long.toString(r.failed()));
      failed += r.failed();
      sent += r.requests();
      r.errors().forEach((k, v) -> kinds.merge(k, v, Long::sum));
      kinds.merge("5xx", r.statusClasses().getOrDefault("5xx", 0L), Long::sum);
    }
    kinds.values().removeIf(v -> v == 0);
    result(
        "%s: %d rolling updates of 3 replicas at 40 req/s through the ClusterIP: %d/%d requests failed,"
            + " per rollout %s, by kind %s",
        manifest, rollouts, failed, sent, perRollout, kinds);
    cluster.deleteNamespace(namespace);
  }

  static void memory(RealNode node) throws IOException {
    Map<String, Long> rss = new LinkedHashMap<>();
    node.pids().forEach((name, pid) -> rss.put(name, rssKib(pid)));
    long shims = 0;
    int shimCount = 0;
    String address = node.directory().resolve("run/containerd.sock").toString();
    try (var procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        try {
          String cmdline = Files.readString(p.resolve("cmdline")).replace('\0', ' ');
          if (cmdline.contains("containerd-shim") && cmdline.contains(address)) {
            shims += rssKib(Long.parseLong(p.getFileName().toString()));
            shimCount++;
          }
        } catch (IOException e) {
          // gone meanwhile
        }
      }
    }
    StringBuilder b = new StringBuilder();
    long total = shims;
    for (var e : rss.entrySet()) {
      b.append(String.format(Locale.ROOT, "%s %.0f MiB, ", e.getKey(), e.getValue() / 1024.0));
      total += e.getValue();
    }
    result(
        "node RSS: %s%d shims %.0f MiB; total %.0f MiB",
        b, shimCount, shims / 1024.0, total / 1024.0);
  }

  static long rssKib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (IOException e) {
      // gone
    }
    return 0;
  }

  static long ms(long nanos) {
    return nanos / 1_000_000;
  }

  static void result(String format, Object... args) {
    System.out.println("RESULT " + String.format(Locale.ROOT, format, args));
  }
}
