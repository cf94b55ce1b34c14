package dev.rollouttest.invariant;

import dev.rollouttest.model.Moment;
import dev.rollouttest.model.RolloutTimeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apiguardian.api.API;

/**
 * The first moment an invariant broke: the moment's index in the timeline, its moment (and so the
 * event that caused it), and how it broke ({@link Breach}: why, and the bound and the observed
 * count where the invariant bounds one).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Violation(Invariant invariant, int index, Moment moment, Breach breach) {

  /** Why the moment breaks the invariant. */
  public String reason() {
    return breach.reason();
  }

  /** Which invariant broke: one of the built-in kinds, or {@link Invariant.Kind#CUSTOM}. */
  public Invariant.Kind kind() {
    return invariant.kind();
  }

  /** The bound that applied at the moment, when the invariant bounds a count. */
  public OptionalLong bound() {
    return breach.bound();
  }

  /** The count the moment showed, when the invariant bounds a count. */
  public OptionalLong observed() {
    return breach.observed();
  }

  /**
   * The first violation of each invariant over the part of the timeline where invariants apply:
   * from the first moment that shows the change's generation, to the end. Not from the moment that
   * shows the controller's observedGeneration: the watch delivers that status update after the
   * ReplicaSet scaling it caused, so the first broken moment would be missed. The first moment,
   * recorded before the change was sent, is the baseline of invariants that compare with it.
   */
  public static List<Violation> evaluate(RolloutTimeline timeline, List<Invariant> invariants) {
    List<Violation> violations = new ArrayList<>();
    if (timeline.moments().isEmpty()) {
      return violations;
    }
    Moment baseline = timeline.moments().get(0);
    for (Invariant invariant : invariants) {
      for (int i = firstApplicable(timeline); i >= 0 && i < timeline.moments().size(); i++) {
        Moment s = timeline.moments().get(i);
        Optional<Breach> broken = invariant.breach(baseline, s);
        if (broken.isPresent()) {
          violations.add(new Violation(invariant, i, s, broken.get()));
          break;
        }
      }
    }
    return violations;
  }

  /** The first moment that shows the change, or -1. */
  public static int firstApplicable(RolloutTimeline timeline) {
    for (int i = 0; i < timeline.moments().size(); i++) {
      Moment s = timeline.moments().get(i);
      if (s.generation() >= timeline.changeGeneration()) {
        return i;
      }
    }
    return -1;
  }
}
