package dev.rollouttest.assertions.error;

import static dev.rollouttest.assertions.error.ShouldBeCheckedAtEveryMoment.shouldBeCheckedAtEveryMoment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouttest.assertions.Fixtures;
import dev.rollouttest.assertions.presentation.RolloutRepresentation;
import dev.rollouttest.model.WatchGap;
import java.time.Duration;
import java.util.List;
import org.assertj.core.description.TextDescription;
import org.junit.jupiter.api.Test;

class ShouldBeCheckedAtEveryMoment_create_Test {

  @Test
  void names_every_gap_and_what_it_means_for_the_moments_after_it() {
    List<WatchGap> gaps =
        List.of(
            new WatchGap("Pod", Duration.ofMillis(957), Duration.ofMillis(2368), true),
            new WatchGap("EndpointSlice", Duration.ofMillis(3001), Duration.ofMillis(3500), false));

    String message =
        shouldBeCheckedAtEveryMoment(Fixtures.web(3, 3, false), "set image web=nginx:1.27", gaps)
            .create(new TextDescription(""), RolloutRepresentation.ROLLOUT_REPRESENTATION);

    assertThat(message)
        .isEqualTo(
            String.format(
                "%n"
                    + "Expecting the rollout of:%n"
                    + "  Deployment shop/web (revision 2, gen 4, observed 4, 3/3 updated, 3/3 available)%n"
                    + "(set image web=nginx:1.27)%n"
                    + "to be checked at every moment,%n"
                    + "but it was not checked between 0.957s and 2.368s (the Pod watch was down)%n"
                    + "  and between 3.001s and 3.500s (the EndpointSlice watch was down until the"
                    + " verdict).%n"
                    + "The moments after a gap arrived late, or, where the server had compacted its"
                    + " history, were replaced by a re-list that shows only the state at its end."));
  }

  @Test
  void the_note_that_ends_another_failure_names_every_gap() {
    List<WatchGap> gaps =
        List.of(new WatchGap("Pod", Duration.ofMillis(957), Duration.ofMillis(2368), true));

    assertThat(ShouldBeCheckedAtEveryMoment.note(gaps))
        .isEqualTo(
            String.format(
                "%n"
                    + "Note: it was not checked between 0.957s and 2.368s (the Pod watch was down).%n"
                    + "The moments after a gap arrived late, or, where the server had compacted its"
                    + " history, were replaced by a re-list that shows only the state at its end."));
  }
}
