package dev.rollouttest.assertions.error;

import static dev.rollouttest.assertions.error.ShouldHaveChangeCause.shouldHaveChangeCause;
import static dev.rollouttest.assertions.error.ShouldHaveChangeCause.shouldHaveNoChangeCause;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouttest.assertions.Fixtures;
import dev.rollouttest.assertions.presentation.RolloutRepresentation;
import org.assertj.core.description.TextDescription;
import org.junit.jupiter.api.Test;

class ShouldHaveChangeCause_create_Test {

  @Test
  void a_revision_without_one() {
    String message =
        shouldHaveChangeCause(Fixtures.history().revisions().get(1), "rollback")
            .create(new TextDescription("Test"), RolloutRepresentation.ROLLOUT_REPRESENTATION);

    assertThat(message)
        .isEqualTo(
            String.format(
                "[Test] %n"
                    + "Expecting revision 3 (web-7b8c6d) nginx:1.26 formerly [1] to have change-cause:%n"
                    + "  \"rollback\"%n"
                    + "but it has none"));
  }

  @Test
  void a_revision_with_another() {
    String message =
        shouldHaveChangeCause(Fixtures.history().revisions().get(0), "rollback")
            .create(new TextDescription(""), RolloutRepresentation.ROLLOUT_REPRESENTATION);

    assertThat(message)
        .isEqualTo(
            String.format(
                "%n"
                    + "Expecting revision 2 (web-5d9f7c) nginx:1.27 \"CVE fix\" to have change-cause:%n"
                    + "  \"rollback\"%n"
                    + "but it has \"CVE fix\""));
  }

  @Test
  void a_revision_that_should_have_none() {
    String message =
        shouldHaveNoChangeCause(Fixtures.history().revisions().get(0))
            .create(new TextDescription(""), RolloutRepresentation.ROLLOUT_REPRESENTATION);

    assertThat(message)
        .isEqualTo(
            String.format(
                "%n"
                    + "Expecting revision 2 (web-5d9f7c) nginx:1.27 \"CVE fix\" to have no"
                    + " change-cause, but it has:%n"
                    + "  \"CVE fix\""));
  }
}
