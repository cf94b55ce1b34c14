package dev.rollouttest.assertions.error;

import dev.rollouttest.rollout.Revision;
import org.apiguardian.api.API;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;
import org.jspecify.annotations.Nullable;

/**
 * A revision should carry a change-cause (kubernetes.io/change-cause on its ReplicaSet), or none.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class ShouldHaveChangeCause extends BasicErrorMessageFactory {

  public static ErrorMessageFactory shouldHaveChangeCause(
      Revision actual, @Nullable String expected) {
    return new ShouldHaveChangeCause(
        "%nExpecting revision %s to have change-cause:%n  %s%nbut it has %s",
        unquotedString(actual.toString()),
        expected,
        actual.changeCause().<Object>map(c -> c).orElse(unquotedString("none")));
  }

  public static ErrorMessageFactory shouldHaveNoChangeCause(Revision actual) {
    return new ShouldHaveChangeCause(
        "%nExpecting revision %s to have no change-cause, but it has:%n  %s",
        unquotedString(actual.toString()), actual.changeCause().orElse(null));
  }

  private ShouldHaveChangeCause(String format, @Nullable Object... arguments) {
    super(format, arguments);
  }
}
