package dev.rollouttest.assertions.error;

import dev.rollouttest.assertions.presentation.RolloutRepresentation;
import dev.rollouttest.rollout.RolloutOutcome;
import java.time.Duration;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** A rollout should complete (kubectl's rule) within a time; it failed fast or ran out of time. */
public final class ShouldCompleteWithin extends BasicErrorMessageFactory {

  public static ErrorMessageFactory shouldCompleteWithin(
      String change, Duration timeout, RolloutOutcome outcome) {
    String verdict =
        outcome.failure().isPresent()
            ? "it failed after "
                + RolloutRepresentation.duration(outcome.elapsed())
                + " with "
                + outcome.failure().get()
            : "it had not completed after " + RolloutRepresentation.duration(outcome.elapsed());
    return new ShouldCompleteWithin(
        "%nExpecting the rollout of:%n  %s%n(%s)%nto complete within %s,%nbut %s.%nLast observed:%n  %s%n"
            + "kubectl rollout status:%n  %s%s",
        outcome.deployment(),
        unquotedString(change),
        unquotedString(RolloutRepresentation.duration(timeout)),
        unquotedString(verdict),
        outcome.deployment(),
        unquotedString(outcome.status().message()),
        unquotedString(pods(outcome)));
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
