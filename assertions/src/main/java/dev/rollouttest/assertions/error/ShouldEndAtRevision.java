package dev.rollouttest.assertions.error;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.apiguardian.api.API;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;
import org.jspecify.annotations.Nullable;

/** A rollout should end with the Deployment at a revision. */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class ShouldEndAtRevision extends BasicErrorMessageFactory {

  public static ErrorMessageFactory shouldEndAtRevision(
      Deployment actual, long expected, @Nullable String revision) {
    return new ShouldEndAtRevision(
        "%nExpecting the rollout of:%n  %s%nto end at revision %s, but it ended at revision %s.",
        actual, unquotedString(String.valueOf(expected)), unquotedString(String.valueOf(revision)));
  }

  private ShouldEndAtRevision(String format, Object... arguments) {
    super(format, arguments);
  }
}
