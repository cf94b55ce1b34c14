package dev.rollouttest.benchmark;

import dev.rollouttest.cluster.ClusterSettings;
import dev.rollouttest.cluster.ConfigurationSource;
import dev.rollouttest.cluster.local.LocalCluster;
import dev.rollouttest.invariant.Invariant;
import dev.rollouttest.invariant.Violation;
import dev.rollouttest.model.Moment;
import dev.rollouttest.model.RolloutTimeline;
import dev.rollouttest.report.Chromium;
import dev.rollouttest.report.RolloutReport;
import dev.rollouttest.rollout.DeploymentRollout;
import dev.rollouttest.rollout.RolloutStatus;
import dev.rollouttest.rollout.internal.RolloutRecorder;
import dev.rollouttest.testing.Manifests;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Prints the rollout report's figures for a real rollout on the local backend (default 1,000
 * replicas, every moment recorded): the page's size, the time Java takes to render it, and the time
 * headless Chromium takes from its start to the page's DOM dumped ({@code --dump-dom}: loaded,
 * parsed and laid out), beside the same for a blank page (the browser's own start-up). Not a test:
 * it asserts nothing. Run it with {@code benchmarks/report.sh}.
 */
public final class ReportBenchmark {

  public static void main(String[] args) throws Exception {
    int replicas = args.length == 0 ? 1000 : Integer.parseInt(args[0]);
    Chromium.unavailable()
        .ifPresent(
            why -> {
              throw new IllegalStateException(why);
            });
    ClusterSettings settings =
        ClusterSettings.from(ConfigurationSource.systemPropertiesAndEnvironment());
    try (LocalCluster cluster = LocalCluster.start(settings)) {
      String namespace = "report-" + replicas;
      cluster.createNamespace(namespace, Map.of());
      KubernetesClient client =
          cluster.client().adapt(NamespacedKubernetesClient.class).inNamespace(namespace);
      client
          .apps()
          .deployments()
          .resource(Manifests.deployment("big", replicas, "app:1", Map.of()))
          .create();
      awaitDone(client);
      DeploymentRollout big = DeploymentRollout.of(client, "big");
      List<Invariant> invariants =
          List.of(Invariant.minAvailableAsConfigured(), Invariant.maxSurgeRespected());
      RolloutRecorder recorder = RolloutRecorder.start(big, List.of(), invariants);
      var sent = big.updateImage("web", "app:2").apply();
      recorder.changeGeneration(sent.deployment().getMetadata().getGeneration());
      awaitDone(client);
      RolloutTimeline timeline = recorder.stop();
      List<Violation> violations = Violation.evaluate(timeline, invariants);
      report(timeline, violations, replicas);
      cluster.deleteNamespace(namespace);
    }
  }

  private static void report(RolloutTimeline timeline, List<Violation> violations, int replicas)
      throws Exception {
    RolloutReport report =
        new RolloutReport(
            "ReportBenchmark: " + replicas + " replicas", "local", timeline, violations, List.of());
    long t0 = System.nanoTime();
    String html = report.html();
    double coldMillis = (System.nanoTime() - t0) / 1e6;
    double warmMillis = Double.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      long s = System.nanoTime();
      report.html();
      warmMillis = Math.min(warmMillis, (System.nanoTime() - s) / 1e6);
    }
    Path dir = Files.createDirectories(Path.of("target", "report-benchmark"));
    Path page = dir.resolve("timeline-" + replicas + ".html");
    Files.writeString(page, html);
    Path empty = dir.resolve("empty.html");
    Files.writeString(empty, "<!DOCTYPE html><html><body></body></html>");
    Chromium.dumpDom(empty); // warm the disk cache
    long[] blank = new long[5];
    long[] loaded = new long[5];
    for (int i = 0; i < 5; i++) {
      long s = System.nanoTime();
      Chromium.dumpDom(empty);
      blank[i] = System.nanoTime() - s;
      s = System.nanoTime();
      String dom = Chromium.dumpDom(page);
      loaded[i] = System.nanoTime() - s;
      if (!dom.contains("class=\"lane\"")) {
        throw new IllegalStateException("Chromium's DOM has no lanes");
      }
    }
    java.util.Arrays.sort(blank);
    java.util.Arrays.sort(loaded);
    Set<String> pods = new HashSet<>();
    for (Moment m : timeline.moments()) {
      pods.addAll(m.readyPods());
      pods.addAll(m.warmingPods());
      pods.addAll(m.unreadyPods());
      pods.addAll(m.terminatingPods());
    }
    System.out.printf(
        "RESULT report: %d moments, %d pods, %d bytes, rendered in Chromium in %d ms"
            + " (median of 5 headless runs from start-up to the DOM dumped; a blank page takes %d ms);"
            + " Java renders it in %.0f ms (first, cold), %.0f ms (warm); %s%n",
        timeline.moments().size(),
        pods.size(),
        Files.size(page),
        loaded[2] / 1_000_000,
        blank[2] / 1_000_000,
        coldMillis,
        warmMillis,
        page.toAbsolutePath());
  }

  private static void awaitDone(KubernetesClient client) {
    client
        .apps()
        .deployments()
        .withName("big")
        .waitUntilCondition(
            d ->
                d != null
                    && RolloutStatus.of(d).done()
                    && d.getStatus()
                        .getObservedGeneration()
                        .equals(d.getMetadata().getGeneration()),
            10,
            TimeUnit.MINUTES);
  }
}
