package dev.rollouttest.benchmark;

import dev.rollouttest.cluster.ClusterSettings;
import dev.rollouttest.cluster.ConfigurationSource;
import dev.rollouttest.cluster.local.LocalCluster;
import dev.rollouttest.rollout.RolloutStatus;
import dev.rollouttest.testing.Manifests;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Prints figures for the local backend: start-up to a ready cluster (with the binaries cached) and
 * where the time goes, the components' resident memory, and the wall time of a 100-replica rollout.
 * Not a test: it asserts nothing and fails only if the cluster fails. Run it with {@code
 * benchmarks/local-backend.sh}; the cold build time is measured by that script with {@code
 * --cold-build}.
 */
public final class LocalBackendBenchmark {

  public static void main(String[] args) throws Exception {
    int starts = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int replicas = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    ClusterSettings settings =
        ClusterSettings.from(ConfigurationSource.systemPropertiesAndEnvironment());

    List<Long> readyMillis = new ArrayList<>();
    for (int i = 1; i <= starts; i++) {
      long t0 = System.nanoTime();
      try (LocalCluster cluster = LocalCluster.start(settings)) {
        long ms = (System.nanoTime() - t0) / 1_000_000;
        readyMillis.add(ms);
        StringBuilder phases = new StringBuilder();
        cluster
            .startupPhases()
            .forEach(
                (phase, at) -> phases.append(String.format("  %s +%d ms", phase, at.toMillis())));
        System.out.printf("start %d: ready in %d ms;%s%n", i, ms, phases);
        if (i == starts) {
          namespaceOverhead(cluster);
          rollout(cluster, replicas, settings);
        }
      }
    }
    Collections.sort(readyMillis);
    System.out.printf(
        "RESULT start-to-ready (binaries cached): median %d ms, min %d ms, max %d ms over %d starts%n",
        readyMillis.get(readyMillis.size() / 2),
        readyMillis.get(0),
        readyMillis.get(readyMillis.size() - 1),
        starts);
  }

  /**
   * What @RolloutTest adds to each test: a namespace made ready (default ServiceAccount) and its
   * deletion request.
   */
  private static void namespaceOverhead(LocalCluster cluster) {
    List<Long> create = new ArrayList<>();
    List<Long> delete = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      long t0 = System.nanoTime();
      cluster.createNamespace("overhead-" + i, Map.of());
      long t1 = System.nanoTime();
      cluster.deleteNamespace("overhead-" + i);
      long t2 = System.nanoTime();
      create.add((t1 - t0) / 1_000_000);
      delete.add((t2 - t1) / 1_000_000);
    }
    Collections.sort(create);
    Collections.sort(delete);
    System.out.printf(
        "RESULT per-test namespace overhead over 20 tests: create until default ServiceAccount median %d ms (max %d);"
            + " delete request median %d ms (max %d); the namespace controller finishes deletion off the test's path%n",
        create.get(10), create.get(19), delete.get(10), delete.get(19));
  }

  private static void rollout(LocalCluster cluster, int replicas, ClusterSettings settings)
      throws Exception {
    KubernetesClient client = cluster.client();
    cluster.createNamespace("benchmark", Map.of());
    Deployment d = Manifests.deployment("big", replicas, "app:1", Map.of());
    long t0 = System.nanoTime();
    client.apps().deployments().inNamespace("benchmark").resource(d).create();
    awaitDone(client, replicas);
    long created = System.nanoTime() - t0;

    long t1 = System.nanoTime();
    client
        .apps()
        .deployments()
        .inNamespace("benchmark")
        .withName("big")
        .edit(
            x -> {
              x.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("app:2");
              return x;
            });
    awaitDone(client, replicas);
    long rolled = System.nanoTime() - t1;

    System.out.printf(
        "RESULT %d-replica Deployment (25%%/25%%, pods Ready after %d ms, Terminating for %d ms): created and available"
            + " in %.1f s; image update rolled out (kubectl's rule) in %.1f s%n",
        replicas,
        settings.podReadyDelay().toMillis(),
        settings.podTerminationDelay().toMillis(),
        created / 1e9,
        rolled / 1e9);

    long total = 0;
    StringBuilder each = new StringBuilder();
    for (Map.Entry<String, Long> c : cluster.components().entrySet()) {
      long kb = rssKb(c.getValue());
      total += kb;
      each.append(String.format("  %s %d MiB", c.getKey(), kb / 1024));
    }
    System.out.printf(
        "RESULT resident memory after the rollout: %d MiB in all;%s%n", total / 1024, each);
  }

  private static void awaitDone(KubernetesClient client, int replicas) {
    client
        .apps()
        .deployments()
        .inNamespace("benchmark")
        .withName("big")
        .waitUntilCondition(d -> d != null && RolloutStatus.of(d).done(), 10, TimeUnit.MINUTES);
  }

  private static long rssKb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return 0;
  }
}
