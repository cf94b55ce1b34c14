package dev.rollouttest.rollout;

import java.util.Optional;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * States in which a rollout will not complete without a new change. Which of them end a wait early
 * is the {@link FailFast} policy's choice; {@link #PROGRESS_DEADLINE_EXCEEDED} always does.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum RolloutFailure {
  /** The Deployment's Progressing condition has reason {@code ProgressDeadlineExceeded}. */
  PROGRESS_DEADLINE_EXCEEDED,
  /**
   * Pods of the new revision cannot pull their image ({@code ErrImagePull}, {@code
   * ImagePullBackOff}, {@code InvalidImageName}, {@code ErrImageNeverPull}).
   */
  IMAGE_PULL_FAILURE,
  /**
   * Containers of the new revision crash-loop: {@code CrashLoopBackOff} after {@link
   * FailFast#crashLoopRestarts()} restarts.
   */
  CRASHING_PODS;

  static final Set<String> IMAGE_PULL_REASONS =
      Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull");

  /**
   * The failure a container's waiting reason shows, if any: an image pull error, or {@code
   * CrashLoopBackOff} (whose restarts the {@link FailFast} policy then weighs).
   */
  public static Optional<RolloutFailure> ofWaitingReason(String reason) {
    if (reason == null) {
      return Optional.empty();
    }
    if (IMAGE_PULL_REASONS.contains(reason)) {
      return Optional.of(IMAGE_PULL_FAILURE);
    }
    return "CrashLoopBackOff".equals(reason) ? Optional.of(CRASHING_PODS) : Optional.empty();
  }
}
