package dev.rollouttest.assertions.error;

import dev.rollouttest.rollout.RolloutHistory;
import java.util.List;
import org.apiguardian.api.API;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** A rollout history should hold exactly some revisions, or at least one given revision. */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class ShouldHaveRevisions extends BasicErrorMessageFactory {

  public static ErrorMessageFactory shouldHaveRevisions(
      RolloutHistory actual, List<Long> expected) {
    return new ShouldHaveRevisions(
        "%nExpecting the revisions of Deployment %s to be:%n  %s%nbut they are:%n  %s%nHistory:%n%s",
        unquotedString(actual.namespace() + "/" + actual.deployment()),
        unquotedString(expected.toString()),
        unquotedString(actual.numbers().toString()),
        unquotedString(lines(actual)));
  }

  public static ErrorMessageFactory shouldHaveRevision(RolloutHistory actual, long expected) {
    return new ShouldHaveRevisions(
        "%nExpecting Deployment %s to have revision %s, but its revisions are:%n  %s%nHistory:%n%s",
        unquotedString(actual.namespace() + "/" + actual.deployment()),
        unquotedString(String.valueOf(expected)),
        unquotedString(actual.numbers().toString()),
        unquotedString(lines(actual)));
  }

  static String lines(RolloutHistory history) {
    StringBuilder b = new StringBuilder();
    history.revisions().forEach(r -> b.append("  ").append(r).append(String.format("%n")));
    return b.length() == 0 ? "  (no revisions)" : b.toString().stripTrailing();
  }

  private ShouldHaveRevisions(String format, Object... arguments) {
    super(format, arguments);
  }
}
