package dev.rollouttest.assertions.error;

import static dev.rollouttest.assertions.error.ShouldHoldAtEveryMoment.shouldHoldAtEveryMoment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouttest.assertions.Fixtures;
import dev.rollouttest.assertions.presentation.RolloutRepresentation;
import dev.rollouttest.invariant.Invariant;
import dev.rollouttest.invariant.Violation;
import dev.rollouttest.model.Moment;
import dev.rollouttest.model.RolloutTimeline;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.description.TextDescription;
import org.junit.jupiter.api.Test;

class ShouldHoldAtEveryMoment_create_Test {

  private static Moment at(
      long millis, String event, List<String> ready, List<String> terminating) {
    return new Moment(
        Duration.ofMillis(millis),
        event,
        2,
        2,
        1,
        1,
        2,
        1,
        3,
        Map.of(1L, new Moment.RevisionCounts(2, ready.size(), ready.size(), terminating.size())),
        new java.util.TreeSet<>(ready),
        new java.util.TreeSet<>(),
        new java.util.TreeSet<>(terminating),
        Map.of(),
        Map.of(),
        Map.of());
  }

  @Test
  void names_the_first_moment_the_pods_and_the_timeline_around_it() {
    RolloutTimeline timeline =
        new RolloutTimeline(
            "shop",
            "web",
            2,
            List.of(
                at(0, "recording started", List.of("a", "b"), List.of()),
                at(420, "Pod a MODIFIED: terminating", List.of("b"), List.of("a"))));
    List<Invariant> invariants = List.of(Invariant.minAvailable(2), Invariant.maxPods(3));
    List<Violation> violations = Violation.evaluate(timeline, invariants);

    String message =
        shouldHoldAtEveryMoment(
                Fixtures.web(3, 3, false),
                "set image web=nginx:1.27",
                invariants,
                timeline,
                violations)
            .create(new TextDescription(""), RolloutRepresentation.ROLLOUT_REPRESENTATION);

    assertThat(message)
        .isEqualTo(
            String.format(
                "%n"
                    + "Expecting the rollout of:%n"
                    + "  Deployment shop/web (revision 2, gen 4, observed 4, 3/3 updated, 3/3 available)%n"
                    + "(set image web=nginx:1.27)%n"
                    + "to keep \"available pods >= 2\", \"pods (not terminating) <= 3\" at every moment,%n"
                    + "but 1 of them broke.%n"
                    + "\"available pods >= 2\" broke at 0.420s (entry #1, Pod a MODIFIED: terminating):%n"
                    + "  1 available: [b]; not ready: []; terminating: [a]%n"
                    + "Timeline around it:%n"
                    + "    #      time avail pods  rev1 d/p/r  event\n"
                    + "    0    0.000s     2    2       2/2/2  recording started\n"
                    + "    1    0.420s     1    1    2/1/1+1t  Pod a MODIFIED: terminating"));
  }
}
