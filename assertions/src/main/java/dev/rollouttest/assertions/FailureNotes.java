package dev.rollouttest.assertions;

import dev.rollouttest.report.RolloutPages;
import dev.rollouttest.report.RolloutReport;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Notes at the end of a rollout assertion's failure, such as the page that draws the rollout. */
final class FailureNotes {

  private FailureNotes() {}

  /**
   * Publishes the page of the judged rollout ({@link RolloutPages#publish}); returns the failure,
   * if any, with a note naming the page as a file URI when one was written.
   */
  static @Nullable AssertionError withPage(RolloutReport report, @Nullable AssertionError failure) {
    Optional<Path> page = RolloutPages.publish(report);
    return failure == null || page.isEmpty()
        ? failure
        : withNote(failure, "\nSee the rollout: " + page.get().toUri());
  }

  /** The same failure, with {@code note} at the end of its message. */
  static AssertionError withNote(AssertionError failure, String note) {
    AssertionError noted = new AssertionError(failure.getMessage() + note, failure.getCause());
    noted.setStackTrace(failure.getStackTrace());
    for (Throwable suppressed : failure.getSuppressed()) {
      noted.addSuppressed(suppressed);
    }
    return noted;
  }
}
