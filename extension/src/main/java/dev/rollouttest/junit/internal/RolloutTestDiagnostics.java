package dev.rollouttest.junit.internal;

/**
 * Attached to a failure as a suppressed exception: where the diagnostics are and whether the
 * namespace was kept.
 */
final class RolloutTestDiagnostics extends RuntimeException {

  private static final long serialVersionUID = 1L;

  RolloutTestDiagnostics(String message) {
    super(message, null, false, false);
  }
}
