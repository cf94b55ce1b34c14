package dev.rollouttest.verdict;

import dev.rollouttest.cluster.local.LocalCluster;
import dev.rollouttest.rollout.DeploymentRollout;
import dev.rollouttest.rollout.FailFast;
import dev.rollouttest.rollout.RolloutOutcome;
import dev.rollouttest.rollout.internal.RolloutRecorder;
import dev.rollouttest.testing.Manifests;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Races our verdict against the built {@code kubectl rollout status} on the same rollout: the
 * change is sent, then both start watching at the same instant, and each verdict is timed from
 * there. The rollouts are the shapes a user meets (issue "Verdicts a CI gate can trust": complete,
 * creation, paused, progress deadline exceeded, scale mid-rollout, undo, restart, no-op apply).
 */
public final class VerdictRace {

  /** The three verdicts both can give. */
  enum Verdict {
    COMPLETE,
    FAILED,
    TIMED_OUT
  }

  /**
   * One rollout shape: what is there before, the change that is sent, how long both may wait, and
   * our fail-fast policy.
   */
  record Case(
      String name,
      Consumer<KubernetesClient> before,
      Consumer<KubernetesClient> change,
      Duration timeout,
      FailFast failFast) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** Both verdicts, each timed from the instant both started watching. */
  record Result(
      Case of,
      Verdict ours,
      Duration oursAfter,
      Verdict kubectl,
      Duration kubectlAfter,
      String kubectlSaid) {

    /** How much earlier (negative) or later than kubectl our verdict came. */
    Duration lead() {
      return oursAfter.minus(kubectlAfter);
    }

    @Override
    public String toString() {
      return String.format(
          java.util.Locale.ROOT,
          "%-34s ours %-9s after %6d ms | kubectl %-9s after %6d ms | ours %+7d ms (%s)",
          of.name(),
          ours,
          oursAfter.toMillis(),
          kubectl,
          kubectlAfter.toMillis(),
          lead().toMillis(),
          kubectlSaid);
    }
  }

  static final Duration LONG = Duration.ofSeconds(60);
  private static final Duration SHORT = Duration.ofSeconds(3);

  /** The rollouts, each starting from a Deployment "web" of 3 replicas unless it creates one. */
  static List<Case> cases() {
    return List.of(
        new Case(
            "complete (image update)",
            VerdictRace::web,
            c -> DeploymentRollout.of(c, "web").updateImage("web", "nginx:1.27").apply(),
            LONG,
            FailFast.onUnrecoverable()),
        new Case(
            "creation",
            c -> {},
            c -> c.apps().deployments().resource(deployment()).create(),
            LONG,
            FailFast.onUnrecoverable()),
        new Case(
            "paused mid-change (times out)",
            c -> {
              web(c);
              DeploymentRollout.of(c, "web").pause().apply();
            },
            c -> DeploymentRollout.of(c, "web").updateImage("web", "nginx:1.27").apply(),
            SHORT,
            FailFast.onUnrecoverable()),
        new Case(
            "progress deadline (fail-fast)",
            VerdictRace::webWithDeadline,
            VerdictRace::unpullable,
            LONG,
            FailFast.onUnrecoverable()),
        new Case(
            "progress deadline (FailFast.never)",
            VerdictRace::webWithDeadline,
            VerdictRace::unpullable,
            LONG,
            FailFast.never()),
        new Case(
            "scale mid-rollout",
            c -> {
              web(c);
              DeploymentRollout.of(c, "web")
                  .patchTemplate(
                      t -> {
                        t.getMetadata().getAnnotations().put("rollout-test.dev/ready-delay", "2s");
                        t.getSpec().getContainers().get(0).setImage("nginx:1.27");
                      })
                  .apply();
            },
            c -> DeploymentRollout.of(c, "web").scale(6).apply(),
            LONG,
            FailFast.onUnrecoverable()),
        new Case(
            "undo",
            c -> {
              web(c);
              DeploymentRollout.of(c, "web").updateImage("web", "nginx:1.27").apply();
              settle(c);
            },
            c -> DeploymentRollout.of(c, "web").undo().apply(),
            LONG,
            FailFast.onUnrecoverable()),
        new Case(
            "restart",
            VerdictRace::web,
            c -> DeploymentRollout.of(c, "web").restart().apply(),
            LONG,
            FailFast.onUnrecoverable()),
        new Case(
            "no-op apply",
            VerdictRace::web,
            c -> c.apps().deployments().resource(deployment()).forceConflicts().serverSideApply(),
            LONG,
            FailFast.onUnrecoverable()));
  }

  /** Runs one case in a namespace of its own, which it deletes after. */
  static Result run(LocalCluster cluster, Case race) throws IOException, InterruptedException {
    String namespace =
        "race-"
            + race.name().replaceAll("[^a-z]+", "-").replaceAll("^-|-$", "")
            + "-"
            + Long.toString(System.nanoTime() % 1_000_000L, 36);
    namespace = namespace.length() > 63 ? namespace.substring(namespace.length() - 63) : namespace;
    cluster.createNamespace(namespace, Map.of());
    try {
      KubernetesClient client =
          cluster.client().adapt(NamespacedKubernetesClient.class).inNamespace(namespace);
      race.before().accept(client);
      race.change().accept(client);

      long start = System.nanoTime();
      Process kubectl =
          new ProcessBuilder(
                  cluster.binaries().resolve("kubectl").toString(),
                  "--kubeconfig=" + cluster.kubeconfigFile(),
                  "--cache-dir=" + cluster.workDirectory().resolve("kubectl-cache"),
                  "--namespace=" + namespace,
                  "rollout",
                  "status",
                  "deployment/web",
                  "--timeout=" + race.timeout().toSeconds() + "s")
              .redirectErrorStream(true)
              .start();
      CompletableFuture<Long> kubectlDone = kubectl.onExit().thenApply(p -> System.nanoTime());
      RolloutOutcome outcome;
      long ours;
      try (RolloutRecorder recorder =
          RolloutRecorder.start(DeploymentRollout.of(client, "web"), List.of(), List.of())) {
        recorder.changeGeneration(recorder.currentGeneration());
        outcome = recorder.awaitOutcome(race.timeout(), race.failFast(), true, false);
        ours = System.nanoTime();
      }
      if (!kubectl.waitFor(race.timeout().toSeconds() + 30, TimeUnit.SECONDS)) {
        kubectl.destroyForcibly();
        throw new IllegalStateException("kubectl rollout status did not end: " + race);
      }
      long theirs = kubectlDone.join();
      String said =
          new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      String last = said.lines().reduce((a, b) -> b).orElse("");
      return new Result(
          race,
          outcome.complete()
              ? Verdict.COMPLETE
              : outcome.failure().isPresent() ? Verdict.FAILED : Verdict.TIMED_OUT,
          Duration.ofNanos(ours - start),
          kubectl.exitValue() == 0
              ? Verdict.COMPLETE
              : last.contains("exceeded its progress deadline")
                  ? Verdict.FAILED
                  : Verdict.TIMED_OUT,
          Duration.ofNanos(theirs - start),
          last);
    } finally {
      cluster.deleteNamespace(namespace);
    }
  }

  private static Deployment deployment() {
    return Manifests.deployment("web", 3, "nginx:1.26", Map.of());
  }

  /** Deployment web of 3 replicas, rolled out. */
  private static void web(KubernetesClient client) {
    client.apps().deployments().resource(deployment()).forceConflicts().serverSideApply();
    settle(client);
  }

  private static void webWithDeadline(KubernetesClient client) {
    Deployment d = deployment();
    d.getSpec().setProgressDeadlineSeconds(5);
    client.apps().deployments().resource(d).forceConflicts().serverSideApply();
    settle(client);
  }

  private static void unpullable(KubernetesClient client) {
    DeploymentRollout.of(client, "web")
        .patchTemplate(
            t -> {
              t.getMetadata().getAnnotations().put("rollout-test.dev/simulate", "never-ready");
              t.getSpec().getContainers().get(0).setImage("nginx:does-not-exist");
            })
        .apply();
  }

  private static void settle(KubernetesClient client) {
    client
        .apps()
        .deployments()
        .withName("web")
        .waitUntilCondition(
            d ->
                Boolean.TRUE.equals(d.getSpec().getPaused())
                    ? d.getStatus() != null
                        && d.getStatus().getObservedGeneration() != null
                        && d.getStatus().getObservedGeneration() >= d.getMetadata().getGeneration()
                    : dev.rollouttest.rollout.RolloutStatus.of(d).done(),
            60,
            TimeUnit.SECONDS);
  }
}
