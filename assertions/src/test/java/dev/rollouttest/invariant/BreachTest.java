package dev.rollouttest.invariant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouttest.invariant.Invariant.Kind;
import dev.rollouttest.model.Moment;
import dev.rollouttest.model.RolloutTimeline;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The structured data of a broken invariant: its kind, the bound and the observed count. */
class BreachTest {

  /**
   * Revision 2 of 3 replicas (minAvailable 3, maxTotal 4), revision 1 with 3 desired replicas and
   * revision 2 with 2: pods a and b available, c not ready, d terminating, Service web with no
   * ready endpoint of the 3 it had.
   */
  private static final Moment MOMENT =
      new Moment(
          Duration.ofMillis(5),
          "Pod c MODIFIED",
          2,
          2,
          2,
          2,
          3,
          3,
          4,
          3,
          Map.of(
              1L, new Moment.RevisionCounts(3, 1, 1, 1), 2L, new Moment.RevisionCounts(2, 2, 1, 0)),
          new TreeSet<>(List.of("a", "b")),
          new TreeSet<>(),
          new TreeSet<>(List.of("c")),
          new TreeSet<>(List.of("d")),
          Map.of("web", new Moment.EndpointCounts(0, 2, 3)),
          Map.of(),
          Map.of());

  private static Breach breach(Invariant invariant) {
    return invariant.breach(MOMENT, MOMENT).orElseThrow();
  }

  @Test
  void minimums_carry_the_floor_that_applied_and_the_count() {
    assertThat(breach(Invariant.minAvailable(3)))
        .isEqualTo(Breach.of("2 available: [a, b]; not ready: [c]; terminating: [d]", 3, 2));
    assertThat(breach(Invariant.minAvailableAsConfigured()))
        .isEqualTo(
            Breach.of("minimum 3; 2 available: [a, b]; not ready: [c]; terminating: [d]", 3, 2));
    assertThat(breach(Invariant.minReadyEndpoints("web", 1)))
        .isEqualTo(Breach.of("Service web has 0+2t endpoints (ready+terminating)", 1, 0));
  }

  @Test
  void a_minimum_not_reached_yet_carries_the_most_seen_so_far() {
    assertThat(breach(Invariant.minAvailable(5)))
        .isEqualTo(
            Breach.of(
                "minimum 3 (the most available so far); 2 available: [a, b]; not ready: [c];"
                    + " terminating: [d]",
                3,
                2));
  }

  @Test
  void maximums_carry_the_ceiling_and_the_count() {
    assertThat(breach(Invariant.maxPods(2)))
        .isEqualTo(Breach.of("3 pods: ready [a, b], not ready [c]", 2, 3));
    assertThat(breach(Invariant.maxPodsIncludingTerminating(3)))
        .isEqualTo(Breach.of("4 pods, of which terminating: [d]", 3, 4));
    // a moment keeps its revisions in no particular order
    assertThat(breach(Invariant.maxSurgeRespected()))
        .isIn(
            Breach.of("maximum 4; desired replicas per revision: [rev1=3, rev2=2]", 4, 5),
            Breach.of("maximum 4; desired replicas per revision: [rev2=2, rev1=3]", 4, 5));
  }

  @Test
  void what_bounds_no_count_is_explained_in_words_only() {
    Breach unrecorded = breach(Invariant.minReadyEndpoints("api", 1));
    Breach custom = breach(Invariant.satisfies("no pod terminates", s -> false));

    assertThat(unrecorded.reason()).startsWith("Service api is not recorded");
    assertThat(List.of(unrecorded, custom))
        .allSatisfy(
            b -> {
              assertThat(b.bound()).isEmpty();
              assertThat(b.observed()).isEmpty();
            });
    assertThat(custom.reason()).isEqualTo("it does not hold");
  }

  @Test
  void a_violation_carries_kind_bound_and_observed_count() {
    Moment baseline =
        new Moment(
            Duration.ZERO,
            "recording started",
            1,
            1,
            1,
            1,
            3,
            3,
            4,
            3,
            Map.of(1L, new Moment.RevisionCounts(3, 3, 3, 0)),
            new TreeSet<>(List.of("a", "b", "x")),
            new TreeSet<>(),
            new TreeSet<>(),
            new TreeSet<>(),
            Map.of("web", new Moment.EndpointCounts(3, 0, 3)),
            Map.of(),
            Map.of());
    RolloutTimeline timeline =
        new RolloutTimeline("shop", "web", 2, List.of(baseline, MOMENT), List.of());

    List<Violation> violations =
        Violation.evaluate(
            timeline,
            List.of(
                Invariant.minAvailableAsConfigured(),
                Invariant.maxSurgeRespected(),
                Invariant.revisionAdvancesAsExpected()));

    assertThat(violations)
        .extracting(Violation::kind, Violation::index, Violation::bound, Violation::observed)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                Kind.MIN_AVAILABLE_AS_CONFIGURED, 1, OptionalLong.of(3), OptionalLong.of(2)),
            org.assertj.core.groups.Tuple.tuple(
                Kind.MAX_SURGE, 1, OptionalLong.of(4), OptionalLong.of(5)));
  }

  @Test
  void checked_without_a_baseline_a_moment_is_its_own() {
    assertThat(Invariant.revisionAdvancesAsExpected().check(MOMENT)).isEmpty();
    assertThat(Invariant.minAvailable(3).check(MOMENT))
        .contains("2 available: [a, b]; not ready: [c]; terminating: [d]");
  }
}
