package dev.rollouttest.assertions.error;

import dev.rollouttest.model.WatchGap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import org.apiguardian.api.API;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * A rollout should be checked at every moment (the assertion asked to fail on watch gaps), but the
 * recorder was blind for a while: nothing was checked then.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class ShouldBeCheckedAtEveryMoment extends BasicErrorMessageFactory {

  public static ErrorMessageFactory shouldBeCheckedAtEveryMoment(
      Deployment deployment, String change, List<WatchGap> gaps) {
    return new ShouldBeCheckedAtEveryMoment(
        "%nExpecting the rollout of:%n  %s%n(%s)%nto be checked at every moment,%nbut %s",
        deployment, unquotedString(change), unquotedString(notChecked(gaps)));
  }

  /**
   * The note that ends the failure of a verdict that spans watch gaps: {@code Note: it was not
   * checked between ...}, on a line of its own.
   */
  public static String note(List<WatchGap> gaps) {
    return String.format("%nNote: ") + notChecked(gaps);
  }

  /**
   * {@code it was not checked between 0.957s and 2.368s (the Pod watch was down): ...}, one line
   * per gap, with what that means for the moments after it.
   */
  public static String notChecked(List<WatchGap> gaps) {
    StringBuilder b = new StringBuilder("it was not checked ");
    for (int i = 0; i < gaps.size(); i++) {
      b.append(i == 0 ? "" : String.format("%n  and ")).append(gaps.get(i));
    }
    return b.append(
            String.format(
                ".%nThe moments after a gap arrived late, or, where the server had compacted its"
                    + " history, were replaced by a re-list that shows only the state at its end."))
        .toString();
  }

  private ShouldBeCheckedAtEveryMoment(String format, Object... arguments) {
    super(format, arguments);
  }
}
