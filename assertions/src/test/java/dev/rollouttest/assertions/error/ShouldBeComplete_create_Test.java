package dev.rollouttest.assertions.error;

import static dev.rollouttest.assertions.error.ShouldBeComplete.shouldBeComplete;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouttest.assertions.Fixtures;
import dev.rollouttest.assertions.presentation.RolloutRepresentation;
import dev.rollouttest.rollout.RolloutStatus;
import org.assertj.core.description.TextDescription;
import org.junit.jupiter.api.Test;

class ShouldBeComplete_create_Test {

  @Test
  void says_what_kubectl_would_say() {
    var web = Fixtures.web(1, 3, false);

    String message =
        shouldBeComplete(web, RolloutStatus.of(web))
            .create(new TextDescription("Test"), RolloutRepresentation.ROLLOUT_REPRESENTATION);

    assertThat(message)
        .isEqualTo(
            String.format(
                "[Test] %n"
                    + "Expecting the rollout of:%n"
                    + "  Deployment shop/web (revision 2, gen 4, observed 4, 1/3 updated, 3/3 available)%n"
                    + "to be complete (kubectl rollout status), but kubectl would say:%n"
                    + "  Waiting for deployment \"web\" rollout to finish: 1 out of 3 new replicas"
                    + " have been updated..."));
  }
}
