package dev.rollouttest.rollout.internal;

import dev.rollouttest.invariant.Invariant;
import dev.rollouttest.invariant.Violation;
import dev.rollouttest.model.Moment;
import dev.rollouttest.model.RolloutTimeline;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks invariants on the moments of a recording as they come, from the first moment of the change
 * on, against the first moment as the baseline; keeps the first violation of each invariant. Not
 * thread-safe: the recorder calls it under its lock.
 */
final class InvariantChecker {

  private final String namespace;
  private final String name;
  private final List<Invariant> invariants;
  private final Map<Invariant, Violation> violations = new LinkedHashMap<>();
  private int checkedUpTo;
  private int windowStart = -1;

  /**
   * @param namespace the Deployment's namespace
   * @param name the Deployment's name
   */
  InvariantChecker(String namespace, String name, List<Invariant> invariants) {
    this.namespace = namespace;
    this.name = name;
    this.invariants = List.copyOf(invariants);
  }

  /** What a call of {@link #check} did. */
  enum Checked {
    /** Nothing to check: no invariants, no change yet, or no moment of the change yet. */
    NOTHING,
    /** Every moment checked kept every invariant not broken before. */
    HELD,
    /** A moment checked broke an invariant. */
    BROKEN
  }

  /** The invariants apply from the moment at {@code position} on, whatever the generation. */
  void startAt(int position) {
    windowStart = position;
  }

  /**
   * Checks the moments not checked yet, once the change is known ({@code changeGeneration} not 0).
   *
   * @return whether there was something to check, and whether it broke an invariant
   */
  Checked check(List<Moment> moments, long changeGeneration) {
    if (changeGeneration == 0 || invariants.isEmpty()) {
      return Checked.NOTHING;
    }
    if (checkedUpTo == 0) {
      int first =
          windowStart >= 0
              ? windowStart
              : Violation.firstApplicable(
                  new RolloutTimeline(namespace, name, changeGeneration, moments));
      if (first < 0 || first >= moments.size()) {
        return Checked.NOTHING;
      }
      checkedUpTo = first;
    }
    Moment baseline = moments.get(0);
    boolean violated = false;
    for (; checkedUpTo < moments.size(); checkedUpTo++) {
      Moment s = moments.get(checkedUpTo);
      for (Invariant invariant : invariants) {
        if (violations.containsKey(invariant)) {
          continue;
        }
        var broken = invariant.breach(baseline, s);
        if (broken.isPresent()) {
          violations.put(invariant, new Violation(invariant, checkedUpTo, s, broken.get()));
          violated = true;
        }
      }
    }
    return violated ? Checked.BROKEN : Checked.HELD;
  }

  /** Whether an invariant is broken. */
  boolean violated() {
    return !violations.isEmpty();
  }

  /** The first violation of each invariant so far, in the order the invariants were given. */
  List<Violation> violations() {
    return List.copyOf(violations.values());
  }
}
