package dev.rollouttest.assertions.error;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.apiguardian.api.API;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** A Deployment should (or should not) be paused. */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class ShouldBePaused extends BasicErrorMessageFactory {

  public static ErrorMessageFactory shouldBePaused(Deployment actual) {
    return new ShouldBePaused(
        "%nExpecting Deployment:%n  %s%nto be paused, but it is not.", actual);
  }

  public static ErrorMessageFactory shouldNotBePaused(Deployment actual) {
    return new ShouldBePaused(
        "%nExpecting Deployment:%n  %s%nnot to be paused, but it is.", actual);
  }

  private ShouldBePaused(String format, Object... arguments) {
    super(format, arguments);
  }
}
