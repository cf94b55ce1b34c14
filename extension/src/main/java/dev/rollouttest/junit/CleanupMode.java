package dev.rollouttest.junit;

/** When a test's namespace is deleted. */
public enum CleanupMode {
  /** The configured default, {@value RolloutTest#CLEANUP_KEY} ({@link #ON_SUCCESS} unless set). */
  DEFAULT,
  /** Delete the namespace after the test, whatever its outcome. */
  ALWAYS,
  /** Delete it when the test passed; keep it for inspection when it failed. */
  ON_SUCCESS,
  /**
   * Never delete it (it still carries the run id, and goes with the cluster on the k3s and local
   * backends).
   */
  NEVER
}
