package dev.rollouttest.assertions.error;

import dev.rollouttest.invariant.Invariant;
import dev.rollouttest.invariant.Violation;
import dev.rollouttest.model.RolloutTimeline;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Locale;
import org.apiguardian.api.API;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Invariants should hold at every moment of a rollout; some broke. Shows the first moment and the
 * timeline around it.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class ShouldHoldAtEveryMoment extends BasicErrorMessageFactory {

  public static ErrorMessageFactory shouldHoldAtEveryMoment(
      Deployment deployment,
      String change,
      List<Invariant> invariants,
      RolloutTimeline timeline,
      List<Violation> violations) {
    StringBuilder details = new StringBuilder();
    for (Violation v : violations) {
      details.append(
          String.format(
              Locale.ROOT,
              "%n\"%s\" broke at %.3fs (entry #%d, %s):%n  %s%nTimeline around it:%n%s",
              v.invariant().description(),
              v.moment().at().toNanos() / 1e9,
              v.index(),
              v.moment().event(),
              v.reason(),
              timeline.table(v.index() - 5, v.index() + 4)));
    }
    return new ShouldHoldAtEveryMoment(
        "%nExpecting the rollout of:%n  %s%n(%s)%nto keep %s at every moment,%nbut %s of them broke.%s",
        deployment,
        unquotedString(change),
        unquotedString(
            String.join(
                ", ", invariants.stream().map(i -> "\"" + i.description() + "\"").toList())),
        unquotedString(String.valueOf(violations.size())),
        unquotedString(details.toString()));
  }

  private ShouldHoldAtEveryMoment(String format, Object... arguments) {
    super(format, arguments);
  }
}
