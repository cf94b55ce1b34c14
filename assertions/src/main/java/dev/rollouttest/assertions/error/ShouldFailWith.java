package dev.rollouttest.assertions.error;

import dev.rollouttest.assertions.presentation.RolloutRepresentation;
import dev.rollouttest.rollout.RolloutFailure;
import dev.rollouttest.rollout.RolloutOutcome;
import java.time.Duration;
import org.apiguardian.api.API;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** A rollout should end in a given terminal state; it completed, or reached none in time. */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class ShouldFailWith extends BasicErrorMessageFactory {

  public static ErrorMessageFactory shouldFailWith(
      String change, RolloutFailure expected, Duration timeout, RolloutOutcome outcome) {
    String verdict =
        outcome.complete()
            ? "it completed after " + RolloutRepresentation.duration(outcome.elapsed())
            : outcome.failure().isPresent()
                ? "after "
                    + RolloutRepresentation.duration(outcome.elapsed())
                    + " it showed only "
                    + outcome.failure().get()
                : "it showed no terminal state within " + RolloutRepresentation.duration(timeout);
    return new ShouldFailWith(
        "%nExpecting the rollout of:%n  %s%n(%s)%nto fail with %s,%nbut %s.%nLast observed:%n  %s%n"
            + "kubectl rollout status:%n  %s%s",
        outcome.deployment(),
        unquotedString(change),
        expected,
        unquotedString(verdict),
        outcome.deployment(),
        unquotedString(outcome.status().message()),
        unquotedString(ShouldCompleteWithin.pods(outcome)));
  }

  private ShouldFailWith(String format, Object... arguments) {
    super(format, arguments);
  }
}
