package dev.rollouttest.assertions.error;

import dev.rollouttest.assertions.presentation.RolloutRepresentation;
import dev.rollouttest.rollout.FailFast;
import dev.rollouttest.rollout.RolloutFailure;
import dev.rollouttest.rollout.RolloutOutcome;
import java.time.Duration;
import org.apiguardian.api.API;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** A rollout should complete (kubectl's rule) within a time; it failed fast or ran out of time. */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class ShouldCompleteWithin extends BasicErrorMessageFactory {

  /** With the default {@link FailFast#onUnrecoverable()} policy. */
  public static ErrorMessageFactory shouldCompleteWithin(
      String change, Duration timeout, RolloutOutcome outcome) {
    return shouldCompleteWithin(change, timeout, outcome, FailFast.onUnrecoverable());
  }

  /** The rule of {@code failFast} that ended the wait, if one did, is named. */
  public static ErrorMessageFactory shouldCompleteWithin(
      String change, Duration timeout, RolloutOutcome outcome, FailFast failFast) {
    String verdict =
        outcome.failure().isPresent()
            ? "it failed after "
                + RolloutRepresentation.duration(outcome.elapsed())
                + " with "
                + outcome.failure().get()
            : "it had not completed after " + RolloutRepresentation.duration(outcome.elapsed());
    return new ShouldCompleteWithin(
        "%nExpecting the rollout of:%n  %s%n(%s)%nto complete within %s,%nbut %s.%n%sLast observed:%n  %s%n"
            + "kubectl rollout status:%n  %s%s",
        outcome.deployment(),
        unquotedString(change),
        unquotedString(RolloutRepresentation.duration(timeout)),
        unquotedString(verdict),
        unquotedString(rule(outcome, failFast)),
        outcome.deployment(),
        unquotedString(outcome.status().message()),
        unquotedString(pods(outcome)));
  }

  static String rule(RolloutOutcome outcome, FailFast failFast) {
    return outcome
        .failure()
        .map(
            f -> String.format("Rule that fired:%n  %s%n", failFast.explain(f) + hint(f, failFast)))
        .orElse("");
  }

  private static String hint(RolloutFailure failure, FailFast failFast) {
    return failure == RolloutFailure.PROGRESS_DEADLINE_EXCEEDED
        ? ""
        : " (policy "
            + failFast
            + "; withFailFast(FailFast.never()) waits as kubectl rollout status does)";
  }

  static String pods(RolloutOutcome outcome) {
    if (outcome.failingPods().isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder(String.format("%nFailing pods of the new revision:"));
    outcome.failingPods().forEach(p -> b.append(String.format("%n  ")).append(p));
    return b.toString();
  }

  private ShouldCompleteWithin(String format, Object... arguments) {
    super(format, arguments);
  }
}
