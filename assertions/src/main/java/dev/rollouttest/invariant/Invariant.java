package dev.rollouttest.invariant;

import dev.rollouttest.model.Moment;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.apiguardian.api.API;

/**
 * A property that must hold at every moment of a rollout, from the moment the controller has
 * observed the change until the rollout settles (not during creation or pure scaling).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface Invariant {

  /**
   * Which property an invariant checks: one kind per built-in invariant of this interface's
   * factories, {@link #CUSTOM} for every other (those of {@link #satisfies} and your own
   * implementations). Code that acts on a violation switches on the kind, never on the
   * description's words.
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  enum Kind {
    /** {@link #minAvailable}: available pods ≥ a number. */
    MIN_AVAILABLE,
    /** {@link #minAvailableAsConfigured}: available pods ≥ replicas − maxUnavailable. */
    MIN_AVAILABLE_AS_CONFIGURED,
    /** {@link #maxPods}: pods, not terminating, ≤ a number. */
    MAX_PODS,
    /** {@link #maxPodsIncludingTerminating}: all pods ≤ a number. */
    MAX_PODS_INCLUDING_TERMINATING,
    /** {@link #maxSurgeRespected}: the ReplicaSets' desired replicas ≤ replicas + maxSurge. */
    MAX_SURGE,
    /** {@link #minReadyEndpoints}: a Service's ready endpoints ≥ a number. */
    ENDPOINTS,
    /** {@link #onlyOldAndNewRevisions}: pods only of the old and the new revision. */
    REVISIONS,
    /** {@link #revisionAdvancesAsExpected}: the revision moves once, forwards. */
    REVISION_ADVANCE,
    /** Any other invariant: user-defined. */
    CUSTOM
  }

  /** What must hold, e.g. {@code available pods >= 3}. */
  String description();

  /** Which property this is; {@link Kind#CUSTOM} unless it is one of the built-in invariants. */
  default Kind kind() {
    return Kind.CUSTOM;
  }

  /** The Service whose endpoints an {@link Kind#ENDPOINTS} invariant counts; else empty. */
  default Optional<String> service() {
    return Optional.empty();
  }

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
   * How the moment breaks the invariant, given the {@code baseline}, or empty when it holds: the
   * reason of {@link #check(Moment, Moment)}, with the bound that applied and the observed count
   * for the built-in invariants that bound a count. This is what the recorder keeps of a violation.
   */
  default Optional<Breach> breach(Moment baseline, Moment moment) {
    return check(baseline, moment).map(Breach::of);
  }

  /**
   * Ready, non-terminating pods ≥ {@code n}, once reached: while fewer than {@code n} pods have
   * ever been available during the recording (a new Deployment, or one that was not complete when
   * the recording started), the minimum is the most that have been, so a creation passes as its
   * pods become available and fails when one that was available drops out again. The message names
   * the pods that are not available.
   */
  static Invariant minAvailable(int n) {
    return BuiltIn.minAvailable(n);
  }

  /**
   * Ready, non-terminating pods ≥ replicas − maxUnavailable, rounded as the Deployment controller
   * rounds. When the change also scales, the floor is the lower of before and after: scaling 3 → 6
   * promises 6 − maxUnavailable only once the new pods are ready, scaling 6 → 3 lowers the floor at
   * once. While the controller has not observed the latest spec, the floor is the lower of that
   * spec's and the observed one's. Like {@link #minAvailable}, the floor applies once reached.
   */
  static Invariant minAvailableAsConfigured() {
    return BuiltIn.minAvailableAsConfigured();
  }

  /**
   * Non-terminating pods ≤ {@code n}. Terminating pods are not counted, as the Deployment
   * controller does not count them against maxSurge: counting them would flag every correct rollout
   * whose old pods take time to stop.
   */
  static Invariant maxPods(int n) {
    return BuiltIn.maxPods(n);
  }

  /** All pods, terminating ones included, ≤ {@code n}: what the nodes actually carry. */
  static Invariant maxPodsIncludingTerminating(int n) {
    return BuiltIn.maxPodsIncludingTerminating(n);
  }

  /**
   * The ReplicaSets' desired replicas add up to at most replicas + maxSurge (rounded as the
   * controller rounds): the bound the Deployment controller guarantees. Counting pods instead can
   * exceed it for a moment, because the old and the new ReplicaSet are synced independently: the
   * new one may create its pod before the old one has marked its pod for deletion (seen on the
   * local backend; see docs/local-backend.md). Use {@link #maxPods} to bound pods.
   */
  static Invariant maxSurgeRespected() {
    return BuiltIn.maxSurgeRespected();
  }

  /**
   * The Service's EndpointSlices list at least {@code n} ready endpoints, once reached: while fewer
   * have ever been listed during the recording (a new Service or Deployment), the minimum is the
   * most that have been. The Service's EndpointSlices must be recorded: the rollout assertions
   * record every Service that selects the Deployment's pods, and those given to {@code
   * watchingServices}.
   */
  static Invariant minReadyEndpoints(String service, int n) {
    return BuiltIn.minReadyEndpoints(service, n);
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
    return BuiltIn.onlyOldAndNewRevisions();
  }

  /**
   * The Deployment's revision is the one it had when the recording started, or the one after the
   * highest revision that existed then: a change (or an undo, which renumbers the revision it
   * brings back) makes exactly one new revision, and the revision never moves backwards or twice.
   * Checked without a baseline, it always holds.
   */
  static Invariant revisionAdvancesAsExpected() {
    return BuiltIn.revisionAdvancesAsExpected();
  }

  /** A user-defined property of a moment. */
  static Invariant satisfies(String description, Predicate<Moment> property) {
    return new Simple(description, property, s -> "it does not hold");
  }

  /**
   * An invariant from a description, a property and how to explain a violation; {@link #satisfies}
   * makes one with a generic explanation.
   *
   * <pre>{@code
   * new Invariant.Simple("no pod pending", m -> !m.podPhases().containsKey("Pending"),
   *     m -> m.podPhases().get("Pending") + " pods pending")
   * }</pre>
   *
   * @param description what must hold
   * @param holds whether it holds at a moment
   * @param explain why it does not, for a moment where {@code holds} is false
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  record Simple(
      String description,
      Predicate<Moment> holds,
      java.util.function.Function<Moment, String> explain)
      implements Invariant {
    /**
     * An invariant with everything given.
     *
     * @throws NullPointerException when {@code description} is null
     */
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
