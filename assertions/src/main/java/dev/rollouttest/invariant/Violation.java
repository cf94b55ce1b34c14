package dev.rollouttest.invariant;

import dev.rollouttest.model.RolloutTimeline;
import dev.rollouttest.model.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The first moment an invariant broke: the entry's index in the timeline, its snapshot (and so the
 * event that caused it), and why.
 */
public record Violation(Invariant invariant, int index, Snapshot snapshot, String reason) {

  /**
   * The first violation of each invariant over the part of the timeline where invariants apply:
   * from the first entry that shows the change's generation, to the end. Not from the entry that
   * shows the controller's observedGeneration: the watch delivers that status update after the
   * ReplicaSet scaling it caused, so the first broken moment would be missed. The first entry,
   * recorded before the change was sent, is the baseline of invariants that compare with it.
   */
  public static List<Violation> evaluate(RolloutTimeline timeline, List<Invariant> invariants) {
    List<Violation> violations = new ArrayList<>();
    if (timeline.entries().isEmpty()) {
      return violations;
    }
    Snapshot baseline = timeline.entries().get(0);
    for (Invariant invariant : invariants) {
      for (int i = firstApplicable(timeline); i >= 0 && i < timeline.entries().size(); i++) {
        Snapshot s = timeline.entries().get(i);
        Optional<String> broken = invariant.check(baseline, s);
        if (broken.isPresent()) {
          violations.add(new Violation(invariant, i, s, broken.get()));
          break;
        }
      }
    }
    return violations;
  }

  /** The first entry that shows the change, or -1. */
  public static int firstApplicable(RolloutTimeline timeline) {
    for (int i = 0; i < timeline.entries().size(); i++) {
      Snapshot s = timeline.entries().get(i);
      if (s.generation() >= timeline.changeGeneration()) {
        return i;
      }
    }
    return -1;
  }
}
