package dev.rollouttest.assertions.error;

import static dev.rollouttest.assertions.error.ShouldHaveRevisions.shouldHaveRevision;
import static dev.rollouttest.assertions.error.ShouldHaveRevisions.shouldHaveRevisions;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouttest.assertions.Fixtures;
import dev.rollouttest.assertions.presentation.RolloutRepresentation;
import dev.rollouttest.rollout.RolloutHistory;
import java.util.List;
import org.assertj.core.description.TextDescription;
import org.junit.jupiter.api.Test;

class ShouldHaveRevisions_create_Test {

  private static final String HISTORY =
      "History:%n  2 (web-5d9f7c) nginx:1.27 \"CVE fix\"%n  3 (web-7b8c6d) nginx:1.26 formerly [1]";

  @Test
  void exactly_these_revisions() {
    String message =
        shouldHaveRevisions(Fixtures.history(), List.of(1L, 2L))
            .create(new TextDescription("Test"), RolloutRepresentation.ROLLOUT_REPRESENTATION);

    assertThat(message)
        .isEqualTo(
            String.format(
                "[Test] %n"
                    + "Expecting the revisions of Deployment shop/web to be:%n"
                    + "  [1, 2]%n"
                    + "but they are:%n"
                    + "  [2, 3]%n"
                    + HISTORY));
  }

  @Test
  void one_revision() {
    String message =
        shouldHaveRevision(Fixtures.history(), 1)
            .create(new TextDescription(""), RolloutRepresentation.ROLLOUT_REPRESENTATION);

    assertThat(message)
        .isEqualTo(
            String.format(
                "%n"
                    + "Expecting Deployment shop/web to have revision 1, but its revisions are:%n"
                    + "  [2, 3]%n"
                    + HISTORY));
  }

  @Test
  void an_empty_history() {
    String message =
        shouldHaveRevision(new RolloutHistory("shop", "web", List.of()), 1)
            .create(new TextDescription(""), RolloutRepresentation.ROLLOUT_REPRESENTATION);

    assertThat(message)
        .isEqualTo(
            String.format(
                "%n"
                    + "Expecting Deployment shop/web to have revision 1, but its revisions are:%n"
                    + "  []%n"
                    + "History:%n"
                    + "  (no revisions)"));
  }
}
