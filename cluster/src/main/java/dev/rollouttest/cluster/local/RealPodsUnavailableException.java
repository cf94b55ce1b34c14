package dev.rollouttest.cluster.local;

import org.apiguardian.api.API;

/**
 * Real pods were asked for ({@code rollouttest.local.pods=real}) on a machine that cannot run them;
 * the message says why. The JUnit extension turns it into a skipped test with that reason.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class RealPodsUnavailableException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  RealPodsUnavailableException(String message) {
    super(message);
  }
}
