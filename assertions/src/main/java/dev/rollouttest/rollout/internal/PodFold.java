package dev.rollouttest.rollout.internal;

import dev.rollouttest.kube.KubectlPodStatus;
import dev.rollouttest.kube.Pods;
import dev.rollouttest.kube.Revisions;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.pcollections.TreePMap;
import org.pcollections.TreePSet;

/**
 * The Deployment's pods as the watch events show them: each one available (as {@link Pods}
 * decides), Ready but not yet for minReadySeconds ("warming"), unready or terminating, counted by
 * template hash and by phase, with the failure its containers show, if any, and the failure {@code
 * kubectl get pods} shows for it ({@link KubectlPodStatus#failure}). A warming pod becomes
 * available with no event: {@link #promoteDue()} moves it when its time comes.
 *
 * <p>Each pod event moves one name between persistent sorted sets, which the moments share, so a
 * moment costs O(log n) time and memory, not O(n). Not thread-safe: the recorder folds under its
 * lock.
 */
final class PodFold {

  private final Clock clock;
  private final Map<String, PodState> pods = new HashMap<>();
  private final Map<String, int[]> byHash = new HashMap<>();
  private final Map<String, Integer> phases = new TreeMap<>();
  private final SortedMap<String, PodProblem> problems = new TreeMap<>();
  // unready pods: why, as far as they show it
  private final Map<String, String> notReady = new HashMap<>();
  private TreePSet<String> available = TreePSet.empty();
  private TreePSet<String> warming = TreePSet.empty();
  private TreePSet<String> unready = TreePSet.empty();
  private TreePSet<String> terminating = TreePSet.empty();
  // only the pods that show a failure: most moments share the same (often empty) map
  private TreePMap<String, String> reasons = TreePMap.empty();
  // warming pods: when each becomes available
  private final Map<String, Instant> availableAt = new HashMap<>();
  private int peakAvailable;

  /** Where a pod is: its template hash, its category and its phase. */
  private record PodState(String hash, Category category, String phase) {}

  private enum Category {
    AVAILABLE,
    UNREADY,
    TERMINATING,
    WARMING
  }

  /**
   * The pods of one template hash: available, warming (Ready, not yet available), unready and
   * terminating.
   */
  record Counts(int available, int warming, int unready, int terminating) {

    /** The pods that are not terminating. */
    int pods() {
      return available + warming + unready;
    }

    /** The pods that are Ready and not terminating, available or not yet. */
    int ready() {
      return available + warming;
    }
  }

  /**
   * @param clock the clock a pod's Ready time is compared with, as the controller compares it with
   *     its own
   */
  PodFold(Clock clock) {
    this.clock = clock;
  }

  /** Folds in an event of a pod, judged with the Deployment's {@code minReadySeconds}. */
  void fold(Pod pod, boolean deleted, int minReadySeconds) {
    String name = pod.getMetadata().getName();
    PodState before = pods.remove(name);
    if (before != null) {
      move(name, before, -1);
    }
    problems.remove(name);
    notReady.remove(name);
    availableAt.remove(name);
    String reason = deleted ? null : KubectlPodStatus.failure(pod).orElse(null);
    if (!java.util.Objects.equals(reason, reasons.get(name))) {
      reasons = reason == null ? reasons.minus(name) : reasons.plus(name, reason);
    }
    if (!deleted) {
      String hash = Revisions.hash(pod);
      Category category;
      if (Pods.terminating(pod)) {
        category = Category.TERMINATING;
      } else if (!Pods.ready(pod)) {
        category = Category.UNREADY;
      } else if (Pods.available(pod, minReadySeconds, clock.instant())) {
        category = Category.AVAILABLE;
      } else {
        category = Category.WARMING;
        Pods.availableFrom(pod, minReadySeconds).ifPresent(at -> availableAt.put(name, at));
      }
      String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
      PodState now = new PodState(hash, category, phase == null ? "Unknown" : phase);
      pods.put(name, now);
      move(name, now, +1);
      if (category != Category.TERMINATING) {
        PodProblem.of(pod, hash).ifPresent(p -> problems.put(name, p));
      }
      if (category == Category.UNREADY) {
        notReadyReason(pod).ifPresent(r -> notReady.put(name, r));
      }
    }
    peakAvailable = Math.max(peakAvailable, available.size());
  }

  /**
   * Pods that have now been Ready for minReadySeconds become available, as the controller counts
   * them.
   *
   * @return their names, in order
   */
  List<String> promoteDue() {
    Instant now = clock.instant();
    List<String> due =
        availableAt.entrySet().stream()
            .filter(e -> !e.getValue().isAfter(now))
            .map(Map.Entry::getKey)
            .sorted()
            .toList();
    for (String name : due) {
      availableAt.remove(name);
      PodState warm = java.util.Objects.requireNonNull(pods.remove(name), name);
      move(name, warm, -1);
      PodState ready = new PodState(warm.hash(), Category.AVAILABLE, warm.phase());
      pods.put(name, ready);
      move(name, ready, +1);
    }
    peakAvailable = Math.max(peakAvailable, available.size());
    return due;
  }

  /** When the next warming pod becomes available, if one is waiting. */
  Optional<Instant> nextAvailableAt() {
    return availableAt.values().stream().min(Instant::compareTo);
  }

  /** The names of the pods that are available. */
  TreePSet<String> available() {
    return available;
  }

  /** The names of the pods that are Ready, but not yet for minReadySeconds. */
  TreePSet<String> warming() {
    return warming;
  }

  /** The names of the pods that are neither Ready nor terminating. */
  TreePSet<String> unready() {
    return unready;
  }

  /** The names of the pods that are terminating: deleted, their containers not yet gone. */
  TreePSet<String> terminating() {
    return terminating;
  }

  /** The most pods available at once so far (since the last {@link #restartPeak()}). */
  int peakAvailable() {
    return peakAvailable;
  }

  /** Counts the peak again from the pods available now. */
  void restartPeak() {
    peakAvailable = available.size();
  }

  /** The pods per phase, phases without pods left out. */
  Map<String, Integer> phases() {
    Map<String, Integer> present = new TreeMap<>();
    phases.forEach(
        (phase, n) -> {
          if (n > 0) {
            present.put(phase, n);
          }
        });
    return present;
  }

  /** The pods per template hash, hashes without pods left out. */
  Map<String, Counts> byHash() {
    Map<String, Counts> counts = new HashMap<>();
    byHash.forEach(
        (hash, c) -> {
          if (c[0] + c[1] + c[2] + c[3] > 0) {
            counts.put(hash, new Counts(c[0], c[3], c[1], c[2]));
          }
        });
    return counts;
  }

  /**
   * The failure {@code kubectl get pods} shows for each pod that shows one, e.g. {@code
   * web-5d9f-x2k4p -> CrashLoopBackOff (last exit: OOMKilled)}, by pod name in order.
   */
  TreePMap<String, String> reasons() {
    return reasons;
  }

  /** The failure each pod's containers show, by pod name in order; pods without one left out. */
  SortedMap<String, PodProblem> problems() {
    return Collections.unmodifiableSortedMap(problems);
  }

  /**
   * Why each unready pod is not Ready ({@link #notReadyReason}); pods that show nothing left out.
   */
  Map<String, String> notReadyReasons() {
    return Collections.unmodifiableMap(notReady);
  }

  private void move(String name, PodState state, int delta) {
    phases.merge(state.phase(), delta, Integer::sum);
    int[] counts = byHash.computeIfAbsent(state.hash(), h -> new int[4]);
    counts[state.category().ordinal()] += delta;
    switch (state.category()) {
      case AVAILABLE -> available = delta > 0 ? available.plus(name) : available.minus(name);
      case UNREADY -> unready = delta > 0 ? unready.plus(name) : unready.minus(name);
      case WARMING -> warming = delta > 0 ? warming.plus(name) : warming.minus(name);
      case TERMINATING ->
          terminating = delta > 0 ? terminating.plus(name) : terminating.minus(name);
    }
  }

  /**
   * Why a pod that is not Ready is stuck: its STATUS as {@code kubectl get pods} prints it ({@link
   * KubectlPodStatus#of}: {@code ImagePullBackOff}, {@code CrashLoopBackOff}, {@code
   * ContainerCreating}, {@code Evicted}...), and for a {@code Pending} pod the scheduler's reason
   * when it could not place it ({@code Unschedulable}); empty for a {@code Running} pod, whose
   * readiness probe fails.
   */
  static Optional<String> notReadyReason(Pod pod) {
    String status = KubectlPodStatus.of(pod);
    if (status.equals("Running")) {
      return Optional.empty();
    }
    if (status.equals("Pending")
        && pod.getStatus() != null
        && pod.getStatus().getConditions() != null) {
      for (PodCondition c : pod.getStatus().getConditions()) {
        if ("PodScheduled".equals(c.getType())
            && "False".equals(c.getStatus())
            && c.getReason() != null) {
          return Optional.of(c.getReason());
        }
      }
    }
    return Optional.of(status);
  }
}
