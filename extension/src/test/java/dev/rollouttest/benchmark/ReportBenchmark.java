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
import dev.rollouttest.rollout.internal.RolloutRecorder;
import dev.rollouttest.testing.Manifests;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Prints the rollout report's figures for a real rollout on the local backend (default 1,000
 * replicas, every moment recorded; {@code [replicas] [runs]}): the page's size and the time Java
 * takes to render it; the page's own rendering in headless Chromium, from its navigation start to
 * its first frame painted after the load event, measured by {@code render-timing.html} (written
 * next to the page) in a browser that has started, beside a blank page's; and the whole browser
 * process from start-up to the DOM dumped ({@code --dump-dom}), for the page and for a blank page.
 * Each Chromium figure is the median of {@code runs} browsers (default 5) after one not counted.
 * Not a test: it asserts nothing. Run it with {@code benchmarks/report.sh}.
 */
public final class ReportBenchmark {

  private static final String PREFIX = "RENDER-TIMING ";

  public static void main(String[] args) throws Exception {
    int replicas = args.length == 0 ? 1000 : Integer.parseInt(args[0]);
    int runs = args.length < 2 ? 5 : Integer.parseInt(args[1]);
    Chromium.unavailable()
        .ifPresent(
            why -> {
              throw new IllegalStateException(why);
            });
    ClusterSettings settings =
        ClusterSettings.from(ConfigurationSource.systemPropertiesAndEnvironment());
    RolloutTimeline timeline;
    List<Violation> violations;
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
      RecorderBenchmark.awaitDone(client);
      DeploymentRollout big = DeploymentRollout.of(client, "big");
      List<Invariant> invariants =
          List.of(Invariant.minAvailableAsConfigured(), Invariant.maxSurgeRespected());
      RolloutRecorder recorder = RolloutRecorder.start(big, List.of(), invariants);
      var sent = big.updateImage("web", "app:2").apply();
      recorder.changeGeneration(sent.deployment().getMetadata().getGeneration());
      RecorderBenchmark.awaitDone(client);
      timeline = recorder.stop();
      violations = Violation.evaluate(timeline, invariants);
      cluster.deleteNamespace(namespace);
    }
    // with the cluster stopped, so that it does not compete with the browser for the CPU
    report(timeline, violations, replicas, runs);
  }

  private static void report(
      RolloutTimeline timeline, List<Violation> violations, int replicas, int runs)
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
    Path blank = dir.resolve("blank.html");
    Files.writeString(blank, "<!DOCTYPE html><html><body></body></html>");
    Path timing = dir.resolve("render-timing.html");
    try (InputStream wrapper = ReportBenchmark.class.getResourceAsStream("render-timing.html")) {
      Files.writeString(
          timing,
          new String(Objects.requireNonNull(wrapper).readAllBytes(), StandardCharsets.UTF_8)
              .replace("PAGE_FILE_NAME", page.getFileName().toString()));
    }
    Set<String> pods = new HashSet<>();
    for (Moment m : timeline.moments()) {
      pods.addAll(m.readyPods());
      pods.addAll(m.warmingPods());
      pods.addAll(m.unreadyPods());
      pods.addAll(m.terminatingPods());
    }
    System.out.printf(
        "RESULT report: %d moments, %d pods, %d bytes; Java renders it in %.0f ms (first, cold),"
            + " %.0f ms (warm); %s%n",
        timeline.moments().size(),
        pods.size(),
        Files.size(page),
        coldMillis,
        warmMillis,
        page.toAbsolutePath());

    // the page's own rendering, in a browser that has started: see render-timing.html
    Chromium.consoleMessage(timing, PREFIX, 1400, 900); // warm-up, not counted
    Map<String, Map<String, List<Long>>> figures = new LinkedHashMap<>();
    for (int i = 0; i < runs; i++) {
      String message = Chromium.consoleMessage(timing, PREFIX, 1400, 900);
      for (String part : message.substring(PREFIX.length()).split("; ")) {
        String[] words = part.trim().split(" ");
        if (words.length < 2 || words[0].equals("error")) {
          throw new IllegalStateException("render-timing.html: " + message);
        }
        for (int w = 1; w < words.length; w++) {
          String[] kv = words[w].split("=", 2);
          figures
              .computeIfAbsent(words[0], k -> new LinkedHashMap<>())
              .computeIfAbsent(kv[0], k -> new ArrayList<>())
              .add(Long.parseLong(kv[1]));
        }
      }
    }
    Map<String, List<Long>> own = figures.get(page.getFileName().toString());
    Map<String, List<Long>> empty = figures.get("blank.html");
    System.out.printf(
        "RESULT render in Chromium: painted %d ms after the page's navigation start (median of %d"
            + " browsers, min %d, max %d): file read %d, parsed %d, load event %d, laid out %d"
            + " ms; %d elements; a blank page painted at %d ms%n",
        median(own.get("painted")),
        runs,
        Collections.min(own.get("painted")),
        Collections.max(own.get("painted")),
        median(own.get("fileRead")),
        median(own.get("parsed")),
        median(own.get("loaded")),
        median(own.get("laidOut")),
        median(own.get("elements")),
        median(empty.get("painted")));

    // the whole process, browser start-up included
    Chromium.dumpDom(blank); // warm-up, not counted
    List<Long> blankRuns = new ArrayList<>();
    List<Long> pageRuns = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      long s = System.nanoTime();
      Chromium.dumpDom(blank);
      blankRuns.add((System.nanoTime() - s) / 1_000_000);
      s = System.nanoTime();
      String dom = Chromium.dumpDom(page);
      pageRuns.add((System.nanoTime() - s) / 1_000_000);
      if (!dom.contains("class=\"lane\"")) {
        throw new IllegalStateException("Chromium's DOM has no lanes");
      }
    }
    System.out.printf(
        "RESULT whole browser process, start to DOM dumped (--dump-dom, median of %d): the page"
            + " %d ms (min %d, max %d), a blank page %d ms (min %d, max %d)%n",
        runs,
        median(pageRuns),
        Collections.min(pageRuns),
        Collections.max(pageRuns),
        median(blankRuns),
        Collections.min(blankRuns),
        Collections.max(blankRuns));
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
