package dev.rollouttest.assertions.error;

import static dev.rollouttest.assertions.error.ShouldScaleInProportion.shouldScaleInProportion;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouttest.assertions.Fixtures;
import dev.rollouttest.assertions.presentation.RolloutRepresentation;
import java.util.Map;
import java.util.TreeMap;
import org.assertj.core.description.TextDescription;
import org.junit.jupiter.api.Test;

class ShouldScaleInProportion_create_Test {

  private static final String WEB =
      "  Deployment shop/web (revision 2, gen 4, observed 4, 3/3 updated, 3/3 available)%n";

  @Test
  void another_spread_than_the_controllers_rule() {
    String message =
        shouldScaleInProportion(
                Fixtures.web(3, 3, false),
                "scale --replicas=6",
                new TreeMap<>(Map.of(1L, 3, 2L, 1)),
                new TreeMap<>(Map.of(1L, 6, 2L, 2)),
                new TreeMap<>(Map.of(1L, 3, 2L, 5)))
            .create(new TextDescription("Test"), RolloutRepresentation.ROLLOUT_REPRESENTATION);

    assertThat(message)
        .isEqualTo(
            String.format(
                "[Test] %n"
                    + "Expecting the rollout of:%n"
                    + WEB
                    + "(scale --replicas=6)%n"
                    + "to spread its scaling over the ReplicaSets in proportion,%n"
                    + "but from desired replicas per revision {1=3, 2=1} the controller's rule gives"
                    + " {1=6, 2=2},%n"
                    + "and the ReplicaSets went to {1=3, 2=5}."));
  }

  @Test
  void no_rollout_in_progress_to_spread_over() {
    String message =
        shouldScaleInProportion(Fixtures.web(3, 3, false), "scale --replicas=6")
            .create(new TextDescription(""), RolloutRepresentation.ROLLOUT_REPRESENTATION);

    assertThat(message)
        .isEqualTo(
            String.format(
                "%n"
                    + "Expecting the rollout of:%n"
                    + WEB
                    + "(scale --replicas=6)%n"
                    + "to spread its scaling over the ReplicaSets in proportion,%n"
                    + "but no recorded moment had more than one ReplicaSet with replicas: there was"
                    + " no rollout in progress to spread it over."));
  }
}
