package dev.rollouttest.junit;

import org.apiguardian.api.API;

/** When a test's namespace is deleted. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
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
