package dev.rollouttest.assertions.error;

import static dev.rollouttest.assertions.error.ShouldFailWith.shouldFailWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouttest.assertions.Fixtures;
import dev.rollouttest.assertions.presentation.RolloutRepresentation;
import dev.rollouttest.rollout.RolloutFailure;
import dev.rollouttest.rollout.RolloutOutcome;
import dev.rollouttest.rollout.RolloutStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.assertj.core.description.TextDescription;
import org.junit.jupiter.api.Test;

class ShouldFailWith_create_Test {

  @Test
  void completed_instead() {
    var web = Fixtures.web(3, 3, false);
    RolloutOutcome outcome =
        new RolloutOutcome(
            web,
            RolloutStatus.of(web),
            Optional.empty(),
            List.of(),
            Duration.ofMillis(4100),
            false);

    String message =
        shouldFailWith(
                "set image web=nginx:1.27",
                RolloutFailure.PROGRESS_DEADLINE_EXCEEDED,
                Duration.ofSeconds(70),
                outcome)
            .create(new TextDescription(""), RolloutRepresentation.ROLLOUT_REPRESENTATION);

    assertThat(message)
        .isEqualTo(
            String.format(
                "%n"
                    + "Expecting the rollout of:%n"
                    + "  Deployment shop/web (revision 2, gen 4, observed 4, 3/3 updated, 3/3 available)%n"
                    + "(set image web=nginx:1.27)%n"
                    + "to fail with PROGRESS_DEADLINE_EXCEEDED,%n"
                    + "but it completed after 4.1s.%n"
                    + "Last observed:%n"
                    + "  Deployment shop/web (revision 2, gen 4, observed 4, 3/3 updated, 3/3 available)%n"
                    + "kubectl rollout status:%n"
                    + "  deployment \"web\" successfully rolled out"));
  }

  @Test
  void no_terminal_state_in_time() {
    var web = Fixtures.web(1, 3, false);
    RolloutOutcome outcome =
        new RolloutOutcome(
            web, RolloutStatus.of(web), Optional.empty(), List.of(), Duration.ofSeconds(60), true);

    String message =
        shouldFailWith(
                "set image web=app:2",
                RolloutFailure.CRASHING_PODS,
                Duration.ofSeconds(60),
                outcome)
            .create(new TextDescription(""), RolloutRepresentation.ROLLOUT_REPRESENTATION);

    assertThat(message)
        .contains(
            "to fail with CRASHING_PODS,%nbut it showed no terminal state within 1m.".formatted());
  }
}
