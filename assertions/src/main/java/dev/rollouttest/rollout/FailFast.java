package dev.rollouttest.rollout;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Which states end the wait for a rollout before {@code kubectl rollout status} would: only those
 * the Deployment controller cannot recover from by itself. Immutable; every option returns a new
 * policy.
 *
 * <p>{@code ProgressDeadlineExceeded} always ends the wait, because it is kubectl's own verdict.
 * The rules below are judged on the pods of the <em>new</em> revision only: pods whose {@code
 * pod-template-hash} is that of the ReplicaSet whose pod template equals the Deployment's (the
 * controller's "new ReplicaSet"). A pod of an old revision that crashes is replaced by the rollout
 * itself, and pods whose ReplicaSet the watches have not delivered yet are not judged.
 *
 * <ul>
 *   <li>{@link RolloutFailure#IMAGE_PULL_FAILURE}: a container waits in {@code ErrImagePull},
 *       {@code ImagePullBackOff}, {@code InvalidImageName} or {@code ErrImageNeverPull};
 *   <li>{@link RolloutFailure#CRASHING_PODS}: a container waits in {@code CrashLoopBackOff} and has
 *       restarted at least {@link #crashLoopRestarts()} times (3 by default).
 * </ul>
 *
 * Not a rule, because the controller recovers from it: a pod that ends {@code Failed} (evicted, its
 * node lost) is replaced by its ReplicaSet. Nor are {@code CreateContainerConfigError} and {@code
 * RunContainerError}: the missing ConfigMap or Secret may still be applied; such a rollout ends
 * with {@code ProgressDeadlineExceeded}, as kubectl's does.
 *
 * <pre>{@code
 * FailFast.onUnrecoverable()                    // the default
 * FailFast.onUnrecoverable().crashLoopRestarts(5)
 * FailFast.never()                              // wait exactly as kubectl rollout status does
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class FailFast {

  /** Restarts after which a crash-looping container of the new revision fails the rollout. */
  public static final int DEFAULT_CRASH_LOOP_RESTARTS = 3;

  private static final FailFast DEFAULT =
      new FailFast(
          EnumSet.of(RolloutFailure.IMAGE_PULL_FAILURE, RolloutFailure.CRASHING_PODS),
          DEFAULT_CRASH_LOOP_RESTARTS);

  private final Set<RolloutFailure> rules;
  private final int crashLoopRestarts;

  private FailFast(Set<RolloutFailure> rules, int crashLoopRestarts) {
    this.rules = rules.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(rules));
    this.crashLoopRestarts = crashLoopRestarts;
  }

  /**
   * The default: image pull errors and containers crash-looping for {@value
   * #DEFAULT_CRASH_LOOP_RESTARTS} restarts, both in the new revision.
   */
  public static FailFast onUnrecoverable() {
    return DEFAULT;
  }

  /** No early end: the wait ends as {@code kubectl rollout status}'s does. */
  public static FailFast never() {
    return new FailFast(Set.of(), DEFAULT_CRASH_LOOP_RESTARTS);
  }

  /**
   * Only these rules; {@link RolloutFailure#PROGRESS_DEADLINE_EXCEEDED} may be given and changes
   * nothing, as it always ends the wait.
   */
  public static FailFast on(RolloutFailure... rules) {
    Set<RolloutFailure> set = EnumSet.noneOf(RolloutFailure.class);
    for (RolloutFailure rule : rules) {
      set.add(Objects.requireNonNull(rule, "rule"));
    }
    set.remove(RolloutFailure.PROGRESS_DEADLINE_EXCEEDED);
    return new FailFast(set, DEFAULT_CRASH_LOOP_RESTARTS);
  }

  /** The same rules, with crash-looping judged after {@code restarts} restarts (at least 1). */
  public FailFast crashLoopRestarts(int restarts) {
    if (restarts < 1) {
      throw new IllegalArgumentException(
          "crashLoopRestarts must be at least 1, but was " + restarts);
    }
    return new FailFast(rules, restarts);
  }

  /** Restarts after which a crash-looping container of the new revision fails the rollout. */
  public int crashLoopRestarts() {
    return crashLoopRestarts;
  }

  /** Whether {@code failure} ends the wait. */
  public boolean stopsOn(RolloutFailure failure) {
    return failure == RolloutFailure.PROGRESS_DEADLINE_EXCEEDED || rules.contains(failure);
  }

  /** What the rule that fired says, for failure messages. */
  public String explain(RolloutFailure failure) {
    return switch (failure) {
      case PROGRESS_DEADLINE_EXCEEDED ->
          "the Deployment's Progressing condition has reason ProgressDeadlineExceeded, which is"
              + " kubectl rollout status's own failure";
      case IMAGE_PULL_FAILURE ->
          "fail-fast rule IMAGE_PULL_FAILURE: a container of the new revision cannot pull its"
              + " image";
      case CRASHING_PODS ->
          "fail-fast rule CRASHING_PODS: a container of the new revision is in CrashLoopBackOff"
              + " after at least "
              + crashLoopRestarts
              + " restarts";
    };
  }

  /** {@code FailFast[IMAGE_PULL_FAILURE, CRASHING_PODS after 3 restarts]}. */
  @Override
  public String toString() {
    if (rules.isEmpty()) {
      return "FailFast[never]";
    }
    return "FailFast"
        + rules.stream()
            .sorted()
            .map(
                r ->
                    r == RolloutFailure.CRASHING_PODS
                        ? r + " after " + crashLoopRestarts + " restarts"
                        : r.toString())
            .toList();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FailFast f
        && rules.equals(f.rules)
        && crashLoopRestarts == f.crashLoopRestarts;
  }

  @Override
  public int hashCode() {
    return Objects.hash(rules, crashLoopRestarts);
  }
}
