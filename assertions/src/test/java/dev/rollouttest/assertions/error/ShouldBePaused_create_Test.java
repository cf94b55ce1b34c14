package dev.rollouttest.assertions.error;

import static dev.rollouttest.assertions.error.ShouldBePaused.shouldBePaused;
import static dev.rollouttest.assertions.error.ShouldBePaused.shouldNotBePaused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouttest.assertions.Fixtures;
import dev.rollouttest.assertions.presentation.RolloutRepresentation;
import org.assertj.core.description.TextDescription;
import org.junit.jupiter.api.Test;

class ShouldBePaused_create_Test {

  @Test
  void should_be_paused() {
    String message =
        shouldBePaused(Fixtures.web(3, 3, false))
            .create(new TextDescription("Test"), RolloutRepresentation.ROLLOUT_REPRESENTATION);

    assertThat(message)
        .isEqualTo(
            String.format(
                "[Test] %n"
                    + "Expecting Deployment:%n"
                    + "  Deployment shop/web (revision 2, gen 4, observed 4, 3/3 updated, 3/3 available)%n"
                    + "to be paused, but it is not."));
  }

  @Test
  void should_not_be_paused() {
    String message =
        shouldNotBePaused(Fixtures.web(3, 3, true))
            .create(new TextDescription(""), RolloutRepresentation.ROLLOUT_REPRESENTATION);

    assertThat(message)
        .isEqualTo(
            String.format(
                "%n"
                    + "Expecting Deployment:%n"
                    + "  Deployment shop/web (revision 2, gen 4, observed 4, 3/3 updated, 3/3 available,"
                    + " paused)%n"
                    + "not to be paused, but it is."));
  }
}
