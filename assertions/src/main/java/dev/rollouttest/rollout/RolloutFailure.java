package dev.rollouttest.rollout;

import java.util.Set;

/** Terminal states in which a rollout will not complete without a new change. */
public enum RolloutFailure {
  /** The Deployment's Progressing condition has reason {@code ProgressDeadlineExceeded}. */
  PROGRESS_DEADLINE_EXCEEDED,
  /**
   * Pods of the new revision cannot pull their image ({@code ErrImagePull}, {@code
   * ImagePullBackOff}, ...).
   */
  IMAGE_PULL_FAILURE,
  /** Pods of the new revision crash ({@code CrashLoopBackOff}) or end {@code Failed}. */
  CRASHING_PODS;

  static final Set<String> IMAGE_PULL_REASONS =
      Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull");
  static final Set<String> CRASH_REASONS =
      Set.of("CrashLoopBackOff", "CreateContainerConfigError", "RunContainerError");
}
