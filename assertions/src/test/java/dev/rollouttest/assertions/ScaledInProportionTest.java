package dev.rollouttest.assertions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rollouttest.model.Moment;
import dev.rollouttest.model.RolloutTimeline;
import dev.rollouttest.rollout.RolloutOutcome;
import dev.rollouttest.rollout.RolloutStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@code scaledInProportion()} replays recorded ReplicaSet sizes: 3 replicas (25%) in the middle of
 * a rollout, scaled to 6. The controller spreads 3 old + 1 new into 6 + 2.
 */
class ScaledInProportionTest {

  @Test
  void the_controllers_spread_passes() {
    var outcome = outcome(moment(3, 1), moment(3, 1), moment(6, 1), moment(6, 2), moment(5, 3));

    outcome.scaledInProportion();
  }

  @Test
  void another_spread_fails_naming_what_the_rule_gives_and_what_happened() {
    var outcome = outcome(moment(3, 1), moment(3, 5), moment(3, 5));

    AssertionError error = catchThrowableOfType(AssertionError.class, outcome::scaledInProportion);

    assertThat(error)
        .hasMessage(
            String.format(
                "%nExpecting the rollout of:%n"
                    + "  Deployment shop/web (revision 2, gen 4, observed 4, 3/6 updated, 6/6 available)%n"
                    + "(scale --replicas=6)%n"
                    + "to spread its scaling over the ReplicaSets in proportion,%n"
                    + "but from desired replicas per revision {1=3, 2=1} the controller's rule gives"
                    + " {1=6, 2=2},%n"
                    + "and the ReplicaSets went to {1=3, 2=5}."));
  }

  @Test
  void a_scaling_without_a_rollout_in_progress_has_nothing_to_spread() {
    var outcome = outcome(moment(3, 0), moment(6, 0));

    assertThat(catchThrowableOfType(AssertionError.class, outcome::scaledInProportion))
        .hasMessageContaining("but no recorded moment had more than one ReplicaSet with replicas");
  }

  private static RolloutOutcomeAssert outcome(Moment... moments) {
    Deployment web = Fixtures.web(3, 6, false);
    web.getSpec().setReplicas(6);
    RolloutOutcome outcome =
        new RolloutOutcome(
            web, RolloutStatus.of(web), Optional.empty(), List.of(), Duration.ofSeconds(5), false);
    return new RolloutOutcomeAssert(
        outcome,
        new RolloutTimeline("shop", "web", 5, List.of(moments)),
        List.of(),
        "scale --replicas=6",
        null,
        null);
  }

  /** ReplicaSet sizes of revisions 1 (old) and 2 (new); 3 replicas and maxSurge 1 before. */
  private static Moment moment(int old, int fresh) {
    Map<Long, Moment.RevisionCounts> revisions = new TreeMap<>();
    revisions.put(1L, new Moment.RevisionCounts(old, old, old, 0));
    revisions.put(2L, new Moment.RevisionCounts(fresh, fresh, 0, 0));
    return new Moment(
        Duration.ZERO,
        "x",
        5,
        5,
        2,
        2,
        3,
        2,
        4,
        revisions,
        new TreeSet<>(),
        new TreeSet<>(),
        new TreeSet<>(),
        Map.of(),
        Map.of(),
        Map.of());
  }
}
