package dev.rollouttest.rollout;

import org.apiguardian.api.API;

/**
 * A rollout action that kubectl would refuse, with kubectl's own message: undo or restart of a
 * paused Deployment, an unknown revision, no history, pausing a paused Deployment; or a Deployment
 * controller that does not observe a generation within the driver's timeout.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class RolloutException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  /** A refusal or timeout described by {@code message}. */
  public RolloutException(String message) {
    super(message);
  }

  /** A refusal or timeout described by {@code message}, caused by {@code cause}. */
  public RolloutException(String message, Throwable cause) {
    super(message, cause);
  }
}
