package dev.rollouttest.soak;

import dev.rollouttest.cluster.KubernetesCluster;
import dev.rollouttest.kube.Revisions;
import dev.rollouttest.rollout.DeploymentRollout;
import dev.rollouttest.rollout.RolloutFailure;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a {@link SoakSequence} on a cluster, in a namespace of its own, and sorts what went wrong:
 *
 * <ul>
 *   <li>a <b>false alarm</b>: a step that a healthy controller completes, whose verdict failed (an
 *       invariant broken, a fail-fast rule fired, the time ran out, or a verb refused);
 *   <li>a <b>miss</b>: a bad release whose verdict did not name its failure, or a step whose
 *       verdict passed but whose Deployment did not end where kubectl's rules put it (revision,
 *       image, replicas).
 * </ul>
 *
 * The sequence stops at the first problem: what follows would start from a state the model does not
 * know.
 */
final class SoakRunner {

  /** What one sequence showed. */
  record Result(
      SoakSequence sequence, int stepsRun, List<String> falseAlarms, List<String> misses) {
    boolean passed() {
      return falseAlarms.isEmpty() && misses.isEmpty();
    }

    /** The command that runs this sequence again. */
    String replay() {
      return "mvn -B verify -pl extension -am -Dtest=SoakTest -Dsurefire.failIfNoSpecifiedTests=false"
          + " -Drollouttest.soak.seed="
          + sequence.seed();
    }

    /** The report of a failed sequence: the seed and the replay command first. */
    String report() {
      List<String> problems = new ArrayList<>();
      falseAlarms.forEach(p -> problems.add("false alarm " + p));
      misses.forEach(p -> problems.add("miss " + p));
      return "soak seed "
          + sequence.seed()
          + " failed; replay: "
          + replay()
          + "\n"
          + String.join("\n", problems)
          + "\nThe sequence ("
          + stepsRun
          + " of "
          + sequence.steps().size()
          + " steps run):\n"
          + sequence;
    }
  }

  private SoakRunner() {}

  /**
   * Runs the sequence in a new namespace of the cluster, printing one line per step to {@code log}.
   */
  static Result run(KubernetesCluster cluster, SoakSequence sequence, PrintStream log) {
    String namespace =
        "soak-"
            + Long.toUnsignedString(sequence.seed(), 36)
            + "-"
            + Long.toString(System.nanoTime() % 46_656, 36);
    cluster.createNamespace(namespace, Map.of());
    List<String> falseAlarms = new ArrayList<>();
    List<String> misses = new ArrayList<>();
    int run = 0;
    try {
      KubernetesClient client =
          cluster.client().adapt(NamespacedKubernetesClient.class).inNamespace(namespace);
      DeploymentRollout web = DeploymentRollout.of(client, "web");
      for (SoakSequence.Planned planned : sequence.steps()) {
        run++;
        long started = System.nanoTime();
        Optional<Problem> problem = step(web, planned);
        String where = "at step " + run + " (" + planned.step() + "): ";
        problem.ifPresent(p -> (p.falseAlarm() ? falseAlarms : misses).add(where + p.message()));
        log.printf(
            "SOAK seed %d step %d/%d %s: %s (%.1f s)%n",
            sequence.seed(),
            run,
            sequence.steps().size(),
            planned.step(),
            problem.map(p -> p.falseAlarm() ? "FALSE ALARM" : "MISS").orElse("ok"),
            (System.nanoTime() - started) / 1e9);
        if (problem.isPresent()) {
          break;
        }
      }
    } finally {
      cluster.deleteNamespace(namespace);
    }
    return new Result(sequence, run, falseAlarms, misses);
  }

  private record Problem(boolean falseAlarm, String message) {}

  /** Runs one step; the problem, if its verdict or its end differs from the model's. */
  private static Optional<Problem> step(DeploymentRollout web, SoakSequence.Planned planned) {
    RolloutFailure expected = planned.step().expectedFailure();
    try {
      planned.step().run(web);
    } catch (AssertionError | RuntimeException e) {
      return Optional.of(
          expected == null
              ? new Problem(
                  true, "the verdict failed where a healthy controller completes:\n" + head(e))
              : new Problem(false, "the verdict did not report " + expected + ":\n" + head(e)));
    }
    if (expected != null) {
      return Optional.empty();
    }
    Deployment d = web.get();
    long revision = Revisions.of(d);
    String image = d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    int replicas = d.getSpec().getReplicas();
    if (revision == planned.revision()
        && image.equals(planned.image())
        && replicas == planned.replicas()) {
      return Optional.empty();
    }
    return Optional.of(
        new Problem(
            false,
            String.format(
                "the verdict passed, but the Deployment ended at revision %d, image %s, %d"
                    + " replicas, where kubectl's rules put it at revision %d, image %s, %d"
                    + " replicas",
                revision,
                image,
                replicas,
                planned.revision(),
                planned.image(),
                planned.replicas())));
  }

  /** The first lines of a failure: the verdict and the moment that decided it. */
  private static String head(Throwable e) {
    String message = e.getClass().getSimpleName() + ": " + e.getMessage();
    List<String> lines = message.lines().limit(40).toList();
    return String.join("\n", lines);
  }
}
