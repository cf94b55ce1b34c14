package dev.rollouttest.invariant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouttest.model.Moment;
import dev.rollouttest.model.RolloutTimeline;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RevisionInvariantsTest {

  /** A moment at Deployment revision {@code revision} with pods per revision. */
  private static Moment at(long revision, Map<Long, Moment.RevisionCounts> revisions) {
    return at(revision, revision, revisions);
  }

  private static Moment at(
      long revision, long newRevision, Map<Long, Moment.RevisionCounts> revisions) {
    return new Moment(
        Duration.ZERO,
        "event",
        2,
        2,
        revision,
        newRevision,
        3,
        3,
        4,
        revisions,
        new java.util.TreeSet<>(),
        new java.util.TreeSet<>(),
        new java.util.TreeSet<>(),
        Map.of(),
        Map.of(),
        Map.of());
  }

  private static Moment.RevisionCounts pods(int n) {
    return new Moment.RevisionCounts(n, n, n, 0);
  }

  private static Moment.RevisionCounts terminating(int n) {
    return new Moment.RevisionCounts(0, 0, 0, n);
  }

  private final Moment baseline =
      at(2, Map.of(1L, new Moment.RevisionCounts(0, 0, 0, 0), 2L, pods(3)));

  @Test
  void old_and_new_revision_pods_together_hold() {
    Moment midway = at(3, Map.of(1L, pods(0), 2L, pods(2), 3L, pods(2)));

    assertThat(Invariant.onlyOldAndNewRevisions().check(baseline, midway)).isEmpty();
  }

  @Test
  void a_running_pod_of_a_third_revision_breaks_it_a_terminating_one_does_not() {
    Moment third = at(3, Map.of(1L, pods(1), 2L, pods(2), 3L, pods(2)));
    Moment leftover = at(3, Map.of(1L, terminating(1), 2L, pods(2), 3L, pods(2)));

    assertThat(Invariant.onlyOldAndNewRevisions().check(baseline, third))
        .hasValue(
            "old revision 2, new revision 3, but running pods of revision(s) [1] exist: [rev1 1/1/1]"
                + " (desired/pods/ready+terminating)");
    assertThat(Invariant.onlyOldAndNewRevisions().check(baseline, leftover)).isEmpty();
  }

  @Test
  void the_new_revision_is_the_one_whose_template_the_deployment_has_before_its_number_moves() {
    // an undo of a stalled rollout: the Deployment already has revision 1's template, and neither
    // the Deployment nor the ReplicaSet shows the new number (3) yet
    Moment undoing = at(2, 1, Map.of(1L, pods(3), 2L, new Moment.RevisionCounts(1, 1, 0, 0)));
    Moment stillOld = at(2, 2, Map.of(1L, pods(3), 2L, pods(1)));

    assertThat(Invariant.onlyOldAndNewRevisions().check(baseline, undoing)).isEmpty();
    assertThat(Invariant.onlyOldAndNewRevisions().check(baseline, stillOld))
        .hasValue(
            "old revision 2, new revision 2, but running pods of revision(s) [1] exist: [rev1 3/3/3]"
                + " (desired/pods/ready+terminating)");
  }

  @Test
  void a_replica_set_created_during_the_recording_counts_as_new_before_the_deployment_shows_it() {
    // seen in CI: the new ReplicaSet (revision 3) and its pod arrived before the Deployment's
    // update,
    // so the Deployment still showed revision 2 and its old template
    Moment early = at(2, 2, Map.of(2L, pods(3), 3L, new Moment.RevisionCounts(1, 1, 0, 0)));

    assertThat(Invariant.onlyOldAndNewRevisions().check(baseline, early)).isEmpty();
  }

  @Test
  void pods_whose_replica_set_is_not_delivered_yet_are_not_counted() {
    Moment unknown = at(3, Map.of(0L, pods(1), 2L, pods(3), 3L, pods(0)));

    assertThat(Invariant.onlyOldAndNewRevisions().check(baseline, unknown)).isEmpty();
  }

  @Test
  void the_revision_may_stay_or_become_the_next_after_the_highest() {
    Invariant advances = Invariant.revisionAdvancesAsExpected();
    Moment undoBase = at(3, Map.of(1L, pods(0), 2L, pods(0), 3L, pods(3)));

    assertThat(advances.check(baseline, at(2, Map.of()))).isEmpty();
    assertThat(advances.check(baseline, at(3, Map.of()))).isEmpty();
    assertThat(advances.check(undoBase, at(4, Map.of()))).isEmpty();
    assertThat(advances.check(baseline, at(4, Map.of())))
        .hasValue("revision 4, expected 2 (old) or 3 (next)");
    assertThat(advances.check(baseline, at(1, Map.of())))
        .hasValue("revision 1, expected 2 (old) or 3 (next)");
  }

  @Test
  void evaluation_uses_the_first_entry_as_baseline() {
    RolloutTimeline timeline =
        new RolloutTimeline(
            "shop",
            "web",
            2,
            List.of(
                baseline,
                at(3, Map.of(2L, pods(3), 3L, pods(1))),
                at(3, Map.of(1L, pods(1), 3L, pods(3))),
                at(5, Map.of(5L, pods(3)))));

    List<Violation> violations =
        Violation.evaluate(
            timeline,
            List.of(Invariant.onlyOldAndNewRevisions(), Invariant.revisionAdvancesAsExpected()));

    assertThat(violations)
        .extracting(v -> v.invariant().description(), Violation::index, Violation::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "pods belong only to the old and the new revision",
                2,
                "old revision 2, new revision 3, but running pods of revision(s) [1] exist: [rev1 1/1/1]"
                    + " (desired/pods/ready+terminating)"),
            org.assertj.core.groups.Tuple.tuple(
                "the revision is the old one or the next one",
                3,
                "revision 5, expected 2 (old) or 3 (next)"));
  }
}
