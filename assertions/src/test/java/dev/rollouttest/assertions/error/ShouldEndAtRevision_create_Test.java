package dev.rollouttest.assertions.error;

import static dev.rollouttest.assertions.error.ShouldEndAtRevision.shouldEndAtRevision;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouttest.assertions.Fixtures;
import dev.rollouttest.assertions.presentation.RolloutRepresentation;
import org.assertj.core.description.TextDescription;
import org.junit.jupiter.api.Test;

class ShouldEndAtRevision_create_Test {

  private static final String WEB =
      "  Deployment shop/web (revision 2, gen 4, observed 4, 3/3 updated, 3/3 available)%n";

  @Test
  void names_the_revision_it_ended_at() {
    String message =
        shouldEndAtRevision(Fixtures.web(3, 3, false), 3, "2")
            .create(new TextDescription("Test"), RolloutRepresentation.ROLLOUT_REPRESENTATION);

    assertThat(message)
        .isEqualTo(
            String.format(
                "[Test] %nExpecting the rollout of:%n"
                    + WEB
                    + "to end at revision 3, but it ended at revision 2."));
  }

  @Test
  void a_deployment_without_a_revision_ended_at_none() {
    String message =
        shouldEndAtRevision(Fixtures.web(3, 3, false), 1, null)
            .create(new TextDescription(""), RolloutRepresentation.ROLLOUT_REPRESENTATION);

    assertThat(message)
        .isEqualTo(
            String.format(
                "%nExpecting the rollout of:%n"
                    + WEB
                    + "to end at revision 1, but it ended at revision null."));
  }
}
