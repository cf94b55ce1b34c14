package dev.rollouttest.assertions.error;

import dev.rollouttest.rollout.RolloutStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.apiguardian.api.API;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** A Deployment's rollout should be complete by kubectl's rule. */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class ShouldBeComplete extends BasicErrorMessageFactory {

  public static ErrorMessageFactory shouldBeComplete(Deployment actual, RolloutStatus status) {
    return new ShouldBeComplete(
        "%nExpecting the rollout of:%n  %s%nto be complete (kubectl rollout status), but kubectl would say:%n  %s",
        actual, unquotedString(status.message()));
  }

  private ShouldBeComplete(String format, Object... arguments) {
    super(format, arguments);
  }
}
