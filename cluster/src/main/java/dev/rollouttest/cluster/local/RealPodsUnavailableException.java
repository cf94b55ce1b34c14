package dev.rollouttest.cluster.local;

/**
 * Real pods were asked for ({@code rollouttest.local.pods=real}) on a machine that cannot run them;
 * the message says why. The JUnit extension turns it into a skipped test with that reason.
 */
public final class RealPodsUnavailableException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  RealPodsUnavailableException(String message) {
    super(message);
  }
}
