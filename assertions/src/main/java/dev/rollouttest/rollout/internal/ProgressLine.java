package dev.rollouttest.rollout.internal;

import dev.rollouttest.model.Moment;
import dev.rollouttest.rollout.RolloutStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The words of a progress line: the counts of the latest moment, then what the wait is waiting for,
 * so that a stuck rollout shows why:
 *
 * <pre>
 * web: revision 2, 3/6 updated, 5/6 available, 0 violations, 12 s; kubectl: 3 out of 6 new replicas have been updated...; 2 pods not ready: ImagePullBackOff
 * </pre>
 */
final class ProgressLine {

  /** The longest note; a longer one (a list of pods) is cut. */
  private static final int MAX_NOTE = 200;

  private ProgressLine() {}

  /**
   * The line.
   *
   * @param deployment the Deployment's name
   * @param latest the latest recorded moment, or null before there is one
   * @param violations how many invariants are broken so far
   * @param elapsed since the wait began
   * @param notes what it waits for ({@link #notes}), or the verdict
   */
  static String of(
      String deployment,
      @Nullable Moment latest,
      int violations,
      Duration elapsed,
      List<String> notes) {
    StringBuilder line = new StringBuilder(deployment).append(": ");
    if (latest == null) {
      line.append("nothing recorded yet");
    } else {
      long revision = latest.newRevision() > 0 ? latest.newRevision() : latest.revision();
      Moment.RevisionCounts fresh = latest.revisions().get(latest.newRevision());
      int updated = latest.newRevision() > 0 && fresh != null ? fresh.pods() : 0;
      line.append("revision ")
          .append(revision)
          .append(", ")
          .append(updated)
          .append('/')
          .append(latest.replicas())
          .append(" updated, ")
          .append(latest.available())
          .append('/')
          .append(latest.replicas())
          .append(" available");
      if (!latest.terminatingPods().isEmpty()) {
        line.append(", ").append(latest.terminatingPods().size()).append(" terminating");
      }
    }
    line.append(", ")
        .append(violations)
        .append(violations == 1 ? " violation, " : " violations, ")
        .append(seconds(elapsed));
    for (String note : notes) {
      line.append("; ")
          .append(note.length() > MAX_NOTE ? note.substring(0, MAX_NOTE) + "..." : note);
    }
    return line.toString();
  }

  /**
   * What the wait is waiting for, as the view shows it: the Deployment paused; kubectl's words
   * while it would still wait, else the Services that do not list the ready pods yet or the pods
   * still terminating (when the wait needs them settled or drained); then the pods that are not
   * Ready and why, and those Ready for less than minReadySeconds.
   */
  static List<String> notes(RolloutView view, Verdict.Terms terms, List<String> selecting) {
    Deployment deployment = view.deployment();
    if (deployment == null) {
      return List.of("the Deployment is not there");
    }
    List<String> notes = new ArrayList<>();
    if (Boolean.TRUE.equals(deployment.getSpec().getPaused())) {
      notes.add("paused");
    }
    RolloutStatus status = view.status();
    if (!status.done()) {
      String waiting =
          "Waiting for deployment \""
              + deployment.getMetadata().getName()
              + "\" rollout to finish: ";
      notes.add(
          "kubectl: "
              + (status.message().startsWith(waiting)
                  ? status.message().substring(waiting.length())
                  : status.message()));
    } else if (terms.settled() && view.unsettled(selecting).isPresent()) {
      notes.add("waiting: " + view.unsettled(selecting).get());
    } else if (terms.drained() && !view.terminating().isEmpty()) {
      notes.add("waiting for the terminating pods to be gone");
    }
    int unready = view.pods().unready().size();
    if (unready > 0) {
      notes.add(pods(unready) + " not ready" + reasons(unready, view.pods().notReadyReasons()));
    }
    int warming = view.pods().warming().size();
    if (warming > 0) {
      notes.add(
          pods(warming)
              + " Ready for less than minReadySeconds ("
              + view.minReadySeconds()
              + " s)");
    }
    return notes;
  }

  /**
   * The reasons of the {@code unready} pods, most frequent first: {@code : ImagePullBackOff} when
   * every pod shows the same, else {@code : 2 ImagePullBackOff, 1 ErrImagePull}; nothing when no
   * pod shows one.
   */
  private static String reasons(int unready, Map<String, String> byPod) {
    if (byPod.isEmpty()) {
      return "";
    }
    Map<String, Integer> counts = new TreeMap<>();
    byPod.values().forEach(r -> counts.merge(r, 1, Integer::sum));
    if (counts.size() == 1 && byPod.size() == unready) {
      return ": " + counts.keySet().iterator().next();
    }
    return ": "
        + String.join(
            ", ",
            counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
                .map(e -> e.getValue() + " " + e.getKey())
                .toList());
  }

  /** {@code 12 s}; under 10 s with a tenth, {@code 0.8 s}, for intervals shorter than 1 s. */
  private static String seconds(Duration elapsed) {
    long millis = elapsed.toMillis();
    return millis < 10_000
        ? String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0)
        : elapsed.toSeconds() + " s";
  }

  private static String pods(int n) {
    return n + (n == 1 ? " pod" : " pods");
  }
}
