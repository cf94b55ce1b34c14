package dev.rollouttest.assertions.error;

import dev.rollouttest.probe.ProbeResult;
import java.time.Duration;
import org.apiguardian.api.API;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * A probe's target should answer before the change is sent, so that a failure during the rollout is
 * the rollout's; it did not answer in time, and the change was not sent.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class ShouldAnswerBeforeTheChange extends BasicErrorMessageFactory {

  /**
   * @param probed what the probe saw while it waited
   * @param change the change that was not sent
   * @param waited how long the probe waited for a first answer
   */
  public static ErrorMessageFactory shouldAnswerBeforeTheChange(
      ProbeResult probed, String change, Duration waited) {
    return new ShouldAnswerBeforeTheChange(
        "%nExpecting %s to answer before the change to %s is sent, but no request succeeded in %s"
            + " s; the change was not sent:%n  %s",
        unquotedString(probed.target()),
        unquotedString(change),
        unquotedString(String.valueOf(waited.toSeconds())),
        unquotedString(probed.summary()));
  }

  private ShouldAnswerBeforeTheChange(String format, Object... arguments) {
    super(format, arguments);
  }
}
