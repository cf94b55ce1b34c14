package dev.rollouttest.gate;

import dev.rollouttest.invariant.Violation;
import dev.rollouttest.manifest.ManifestDocument;
import dev.rollouttest.model.RolloutTimeline;
import dev.rollouttest.rollout.RolloutOutcome;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The problems one gate run found, in the words of the gate's failure: each starts with the file,
 * the document and the field to look at, and says what went wrong.
 */
final class GateProblems {

  private final List<String> problems = new ArrayList<>();

  /** The pages of the recorded phases, each with its phase, for the failure to link. */
  private final List<String> pages = new ArrayList<>();

  /** A problem found by someone else (the rollout-safety check), in its own words. */
  void add(String problem) {
    problems.add(problem);
  }

  /** The current manifests do not roll out: there is nothing to upgrade from. */
  void currentDoesNotRollOut(ManifestDocument document, RolloutOutcome outcome) {
    problems.add(
        document.describe()
            + " spec.template: the current manifests do not roll out, so there is nothing to"
            + " upgrade from: "
            + describe(outcome));
  }

  /**
   * An invariant broke during a phase: where to look ({@code culprit}), the moment, why, and the
   * timeline around it.
   */
  void broke(String culprit, String phase, Violation v, RolloutTimeline timeline) {
    problems.add(
        culprit
            + ": the "
            + phase
            + " broke \""
            + v.invariant().description()
            + "\" at "
            + String.format(Locale.ROOT, "%.3fs", v.moment().at().toNanos() / 1e9)
            + " (entry #"
            + v.index()
            + ", "
            + v.moment().event()
            + "): "
            + v.reason()
            + "\n"
            + timeline.table(v.index() - 3, v.index() + 3).indent(4).stripTrailing());
  }

  /** A phase timed out, or failed (fail-fast), without breaking an invariant. */
  void unfinished(
      ManifestDocument document, String phase, RolloutOutcome outcome, Duration timeout) {
    problems.add(
        document.describe()
            + " spec.template: the "
            + phase
            + (outcome.timedOut()
                ? " did not complete within " + timeout.toSeconds() + " s: "
                : String.format(
                    Locale.ROOT, " failed after %.1f s: ", outcome.elapsed().toMillis() / 1000.0))
            + describe(outcome));
  }

  /** The undo could not be sent. */
  void undoFailed(ManifestDocument document, RuntimeException e) {
    problems.add(
        document.describe() + " spec.revisionHistoryLimit: the undo failed: " + e.getMessage());
  }

  /** The undo completed, but to another pod template than current's. */
  void undoDidNotRestore(ManifestDocument document, @Nullable Path current, Deployment deployment) {
    problems.add(
        document.describe()
            + " spec.template: the undo did not bring back the pod template of "
            + current
            + "; images now "
            + Manifests.images(deployment));
  }

  boolean isEmpty() {
    return problems.isEmpty();
  }

  /** How many problems were found so far. */
  int size() {
    return problems.size();
  }

  /** The problems found since there were {@code from}, one per line; null when none. */
  @Nullable String since(int from) {
    return problems.size() == from
        ? null
        : String.join("\n", problems.subList(from, problems.size()));
  }

  /** A recorded phase's page, which the failure links. */
  void page(String phase, java.nio.file.Path page) {
    pages.add(phase + ": " + page.toUri());
  }

  /** The gate's failure, listing every problem, numbered. */
  AssertionError failure() {
    StringBuilder b = new StringBuilder();
    b.append("The manifest gate failed with ").append(problems.size()).append(" problem(s):");
    for (int i = 0; i < problems.size(); i++) {
      b.append("\n").append(i + 1).append(". ").append(problems.get(i));
    }
    if (!pages.isEmpty()) {
      b.append("\nSee the rollouts:");
      pages.forEach(p -> b.append("\n  ").append(p));
    }
    return new AssertionError(b.toString());
  }

  /** The outcome in kubectl's words, with the failing pods. */
  private static String describe(RolloutOutcome outcome) {
    return outcome.status().message()
        + (outcome.timedOut() ? " (timed out)" : "")
        + (outcome.failingPods().isEmpty() ? "" : "; failing pods: " + outcome.failingPods());
  }
}
