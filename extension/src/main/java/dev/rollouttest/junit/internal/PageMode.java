package dev.rollouttest.junit.internal;

/** Which rollouts get a page ({@code rollouttest.reports}). */
enum PageMode {
  /** Every rollout judged in a test. */
  ALL,
  /** The rollouts whose assertion failed. */
  FAILED,
  /** None; a failed test's diagnostics bundle still holds its rollout's page. */
  OFF
}
