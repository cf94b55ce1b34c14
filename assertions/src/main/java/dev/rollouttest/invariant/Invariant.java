package dev.rollouttest.invariant;

import dev.rollouttest.model.Moment;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A property that must hold at every moment of a rollout, from the moment the controller has
 * observed the change until the rollout settles (not during creation or pure scaling).
 */
public interface Invariant {

  /** What must hold, e.g. {@code available pods >= 3}. */
  String description();

  /** Why the moment breaks the invariant, or empty when it holds. */
  Optional<String> check(Moment moment);

  /**
   * Why the moment breaks the invariant, given the {@code baseline}: the moment the recording
   * started, before the change was sent. Invariants that compare with the state before the change
   * (revisions) override this; the others ignore the baseline.
   */
  default Optional<String> check(Moment baseline, Moment moment) {
    return check(moment);
  }

  /**
   * Ready, non-terminating pods ≥ {@code n}, once reached: while fewer than {@code n} pods have
   * ever been available during the recording (a new Deployment, or one that was not complete when
   * the recording started), the minimum is the most that have been, so a creation passes as its
   * pods become available and fails when one that was available drops out again. The message names
   * the pods that are not available.
   */
  static Invariant minAvailable(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("minAvailable must not be negative, but was " + n);
    }
    return new Simple(
        "available pods >= " + n,
        s -> s.available() >= Math.min(n, s.peakAvailable()),
        s ->
            (n > s.peakAvailable()
                    ? "minimum " + s.peakAvailable() + " (the most available so far); "
                    : "")
                + s.available()
                + " available: "
                + s.readyPods()
                + (s.warmingPods().isEmpty()
                    ? ""
                    : "; Ready, not yet for minReadySeconds: " + s.warmingPods())
                + "; not ready: "
                + s.unreadyPods()
                + "; terminating: "
                + s.terminatingPods());
  }

  /**
   * Ready, non-terminating pods ≥ replicas − maxUnavailable, rounded as the Deployment controller
   * rounds. When the change also scales, the floor is the lower of before and after: scaling 3 → 6
   * promises 6 − maxUnavailable only once the new pods are ready, scaling 6 → 3 lowers the floor at
   * once. While the controller has not observed the latest spec, the floor is the lower of that
   * spec's and the observed one's. Like {@link #minAvailable}, the floor applies once reached.
   */
  static Invariant minAvailableAsConfigured() {
    return new Invariant() {
      @Override
      public String description() {
        return "available pods >= replicas - maxUnavailable";
      }

      @Override
      public Optional<String> check(Moment s) {
        return check(s, s);
      }

      @Override
      public Optional<String> check(Moment baseline, Moment s) {
        int floor = Math.max(0, Math.min(s.minAvailable(), baseline.minAvailable()));
        return minAvailable(floor)
            .check(s)
            .map(m -> m.startsWith("minimum ") ? m : "minimum " + floor + "; " + m);
      }

      @Override
      public String toString() {
        return description();
      }
    };
  }

  /**
   * Non-terminating pods ≤ {@code n}. Terminating pods are not counted, as the Deployment
   * controller does not count them against maxSurge: counting them would flag every correct rollout
   * whose old pods take time to stop.
   */
  static Invariant maxPods(int n) {
    return new Simple(
        "pods (not terminating) <= " + n,
        s -> s.pods() <= n,
        s ->
            s.pods()
                + " pods: ready "
                + s.readyPods()
                + (s.warmingPods().isEmpty()
                    ? ""
                    : ", ready for less than minReadySeconds " + s.warmingPods())
                + ", not ready "
                + s.unreadyPods());
  }

  /** All pods, terminating ones included, ≤ {@code n}: what the nodes actually carry. */
  static Invariant maxPodsIncludingTerminating(int n) {
    return new Simple(
        "pods (terminating included) <= " + n,
        s -> s.podsIncludingTerminating() <= n,
        s -> s.podsIncludingTerminating() + " pods, of which terminating: " + s.terminatingPods());
  }

  /**
   * The ReplicaSets' desired replicas add up to at most replicas + maxSurge (rounded as the
   * controller rounds): the bound the Deployment controller guarantees. Counting pods instead can
   * exceed it for a moment, because the old and the new ReplicaSet are synced independently: the
   * new one may create its pod before the old one has marked its pod for deletion (seen on the
   * local backend; see docs/local-backend.md). Use {@link #maxPods} to bound pods.
   */
  static Invariant maxSurgeRespected() {
    return new Simple(
        "ReplicaSets' desired replicas <= replicas + maxSurge",
        s ->
            s.revisions().values().stream().mapToInt(Moment.RevisionCounts::desired).sum()
                <= s.maxTotal(),
        s ->
            "maximum "
                + s.maxTotal()
                + "; desired replicas per revision: "
                + s.revisions().entrySet().stream()
                    .map(e -> "rev" + e.getKey() + "=" + e.getValue().desired())
                    .toList());
  }

  /**
   * The Service's EndpointSlices list at least {@code n} ready endpoints, once reached: while fewer
   * have ever been listed during the recording (a new Service or Deployment), the minimum is the
   * most that have been. The Service's EndpointSlices must be recorded: the rollout assertions
   * record every Service that selects the Deployment's pods, and those given to {@code
   * watchingServices}.
   */
  static Invariant minReadyEndpoints(String service, int n) {
    Objects.requireNonNull(service, "service");
    if (n < 0) {
      throw new IllegalArgumentException("minReadyEndpoints must not be negative, but was " + n);
    }
    return new Simple(
        "ready endpoints of Service " + service + " >= " + n,
        s ->
            s.endpoints().containsKey(service)
                && s.endpoints().get(service).ready()
                    >= Math.min(n, s.endpoints().get(service).peakReady()),
        s ->
            !s.endpoints().containsKey(service)
                ? "Service "
                    + service
                    + " is not recorded: it does not select the Deployment's pods; name it in"
                    + " watchingServices(\""
                    + service
                    + "\")"
                : (n > s.endpoints().get(service).peakReady()
                        ? "minimum "
                            + s.endpoints().get(service).peakReady()
                            + " (the most ready so far); "
                        : "")
                    + "Service "
                    + service
                    + " has "
                    + s.endpoints().get(service)
                    + " endpoints (ready+terminating)");
  }

  /**
   * No running pod belongs to a revision other than the old one (the Deployment's revision when the
   * recording started) and the new one (the Deployment's revision at that moment, or that of the
   * ReplicaSet whose pod template the Deployment has: an undo brings an old ReplicaSet back before
   * its number moves; or any revision numbered after those that existed when the recording started,
   * since the watches may deliver the new ReplicaSet and its pods before the Deployment's own
   * update): a rollout replaces one revision by another, and pods of a third mean an earlier
   * rollout had not finished or a ReplicaSet was brought back. Terminating pods are not counted:
   * they receive no new traffic, and a completed rollout may leave some behind. Nor are pods whose
   * ReplicaSet the watches have not delivered yet. A change that makes no new revision (scaling,
   * pausing or resuming in the middle of a rollout) keeps every revision that had pods when it
   * began. Checked without a baseline, only the newest revision is allowed.
   */
  static Invariant onlyOldAndNewRevisions() {
    return new Invariant() {
      @Override
      public String description() {
        return "pods belong only to the old and the new revision";
      }

      @Override
      public Optional<String> check(Moment moment) {
        return check(moment, moment);
      }

      @Override
      public Optional<String> check(Moment baseline, Moment s) {
        long newest = s.newRevision() == 0 ? s.revision() : s.newRevision();
        long highestBefore =
            Math.max(
                baseline.revision(),
                baseline.revisions().keySet().stream().mapToLong(Long::longValue).max().orElse(0));
        // a change that makes no new revision (scaling, pausing, resuming) in the middle of a
        // rollout keeps the revisions that were running when it began
        boolean sameRollout = s.newRevision() != 0 && s.newRevision() == baseline.newRevision();
        java.util.SortedSet<Long> others = new java.util.TreeSet<>();
        s.revisions()
            .forEach(
                (r, c) -> {
                  boolean runningBefore =
                      sameRollout
                          && baseline.revisions().containsKey(r)
                          && baseline.revisions().get(r).pods() > 0;
                  if (c.pods() > 0
                      && r != 0
                      && r != baseline.revision()
                      && r != s.revision()
                      && r != newest
                      && !runningBefore
                      && r <= highestBefore) {
                    others.add(r);
                  }
                });
        if (others.isEmpty()) {
          return Optional.empty();
        }
        return Optional.of(
            "old revision "
                + baseline.revision()
                + ", new revision "
                + newest
                + ", but running pods of revision(s) "
                + others
                + " exist: "
                + others.stream().map(r -> "rev" + r + " " + s.revisions().get(r)).toList()
                + " (desired/pods/ready+terminating)");
      }

      @Override
      public String toString() {
        return description();
      }
    };
  }

  /**
   * The Deployment's revision is the one it had when the recording started, or the one after the
   * highest revision that existed then: a change (or an undo, which renumbers the revision it
   * brings back) makes exactly one new revision, and the revision never moves backwards or twice.
   * Checked without a baseline, it always holds.
   */
  static Invariant revisionAdvancesAsExpected() {
    return new Invariant() {
      @Override
      public String description() {
        return "the revision is the old one or the next one";
      }

      @Override
      public Optional<String> check(Moment moment) {
        return Optional.empty();
      }

      @Override
      public Optional<String> check(Moment baseline, Moment s) {
        long old = baseline.revision();
        long next =
            Math.max(
                    old,
                    baseline.revisions().keySet().stream()
                        .mapToLong(Long::longValue)
                        .max()
                        .orElse(0))
                + 1;
        if (s.revision() == old || s.revision() == next) {
          return Optional.empty();
        }
        return Optional.of(
            "revision " + s.revision() + ", expected " + old + " (old) or " + next + " (next)");
      }

      @Override
      public String toString() {
        return description();
      }
    };
  }

  /** A user-defined property of a moment. */
  static Invariant satisfies(String description, Predicate<Moment> property) {
    return new Simple(description, property, s -> "it does not hold");
  }

  /** An invariant from a description, a property and how to explain a violation. */
  record Simple(
      String description,
      Predicate<Moment> holds,
      java.util.function.Function<Moment, String> explain)
      implements Invariant {
    public Simple {
      Objects.requireNonNull(description);
    }

    @Override
    public Optional<String> check(Moment moment) {
      return holds.test(moment) ? Optional.empty() : Optional.of(explain.apply(moment));
    }

    @Override
    public String toString() {
      return description;
    }
  }
}
