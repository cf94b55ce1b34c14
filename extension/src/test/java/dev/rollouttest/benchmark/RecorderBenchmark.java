package dev.rollouttest.benchmark;

import dev.rollouttest.cluster.ClusterSettings;
import dev.rollouttest.cluster.ConfigurationSource;
import dev.rollouttest.cluster.local.LocalCluster;
import dev.rollouttest.invariant.Invariant;
import dev.rollouttest.model.RolloutTimeline;
import dev.rollouttest.rollout.DeploymentRollout;
import dev.rollouttest.rollout.RolloutStatus;
import dev.rollouttest.rollout.internal.RecorderStats;
import dev.rollouttest.rollout.internal.RolloutRecorder;
import dev.rollouttest.testing.Manifests;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Prints the invariant engine's figures on the local backend: events per second handled, the
 * recorder's heap at each replica count, and the latency from an event's arrival to its moment
 * recorded with every invariant checked (p50/p99), for all events and for the events that recorded
 * a violation. Not a test: it asserts nothing. Run it with {@code benchmarks/recorder.sh}.
 *
 * <p>To have many violations to time, the second recording checks 200 thresholds that the rollout
 * crosses one after the other ("fewer than k pods of the new revision ready", k = N/200 … N).
 */
public final class RecorderBenchmark {

  public static void main(String[] args) throws Exception {
    int[] sizes =
        args.length == 0
            ? new int[] {500, 1000}
            : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    ClusterSettings settings =
        ClusterSettings.from(ConfigurationSource.systemPropertiesAndEnvironment());
    try (LocalCluster cluster = LocalCluster.start(settings)) {
      for (int replicas : sizes) {
        run(cluster, replicas);
      }
    }
  }

  private static void run(LocalCluster cluster, int replicas) throws Exception {
    String namespace = "recorder-" + replicas;
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

    // 1. the built-in invariants, as a gate checks them
    long before = usedHeapAfterGc();
    RolloutRecorder recorder =
        RolloutRecorder.start(
            big,
            List.of(),
            List.of(
                Invariant.minAvailableAsConfigured(),
                Invariant.maxSurgeRespected(),
                Invariant.onlyOldAndNewRevisions(),
                Invariant.revisionAdvancesAsExpected()));
    long t0 = System.nanoTime();
    var sent = big.updateImage("web", "app:2").apply();
    recorder.changeGeneration(sent.deployment().getMetadata().getGeneration());
    awaitDone(client);
    double seconds = (System.nanoTime() - t0) / 1e9;
    long heap = usedHeapAfterGc() - before;
    RecorderStats stats = recorder.stats();
    RolloutTimeline timeline = recorder.stop();
    double busySeconds = java.util.Arrays.stream(stats.evaluationNanos()).sum() / 1e9;
    System.out.printf(
        "RESULT %d replicas: %d moments recorded in %.1f s of rollout (%.0f events/s arrived); handler busy %.2f s in all,"
            + " capacity %.0f events/s; recorder heap (informer caches, folded state and timeline) %.1f MiB;"
            + " event to moment recorded and 4 invariants checked: p50 %.3f ms, p99 %.3f ms, max %.3f ms;"
            + " violations %d%n",
        replicas,
        timeline.moments().size(),
        seconds,
        timeline.moments().size() / seconds,
        busySeconds,
        stats.evaluationNanos().length / busySeconds,
        heap / 1048576.0,
        RecorderStats.percentileMillis(stats.evaluationNanos(), 50),
        RecorderStats.percentileMillis(stats.evaluationNanos(), 99),
        RecorderStats.percentileMillis(stats.evaluationNanos(), 100),
        recorder.violations().size());

    // 2. thresholds the rollout crosses one after the other, to time violations (200 of them)
    List<Invariant> thresholds = new ArrayList<>();
    for (int i = 1; i <= 200; i++) {
      int k = Math.max(1, replicas * i / 200);
      thresholds.add(
          Invariant.satisfies(
              "fewer than " + k + " pods of the new revision ready",
              s ->
                  s.revisions().entrySet().stream()
                          .filter(e -> e.getKey() == s.newRevision())
                          .mapToInt(e -> e.getValue().ready())
                          .sum()
                      < k));
    }
    recorder = RolloutRecorder.start(big, List.of(), thresholds);
    sent = big.updateImage("web", "app:3").apply();
    recorder.changeGeneration(sent.deployment().getMetadata().getGeneration());
    awaitDone(client);
    stats = recorder.stats();
    recorder.stop();
    System.out.printf(
        "RESULT %d replicas: event to violation recorded (200 thresholds checked on each of %d moments): %d violations,"
            + " p50 %.3f ms, p99 %.3f ms, max %.3f ms%n",
        replicas,
        stats.moments(),
        stats.violationNanos().length,
        RecorderStats.percentileMillis(stats.violationNanos(), 50),
        RecorderStats.percentileMillis(stats.violationNanos(), 99),
        RecorderStats.percentileMillis(stats.violationNanos(), 100));
    cluster.deleteNamespace(namespace);
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Waits until the benchmark's Deployment {@code big} has rolled out (kubectl's rule). */
  static void awaitDone(KubernetesClient client) {
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
