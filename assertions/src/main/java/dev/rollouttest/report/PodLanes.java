package dev.rollouttest.report;

import dev.rollouttest.model.Moment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Each pod's states over time, derived from the moments' pod sets: a lane per pod, of segments
 * (unready, warming, available, terminating), grouped by revision, each with the failure the pod
 * showed then ({@link Moment#podReasons()}), if any. Only the sets that changed since the moment
 * before are compared, in one merge pass each: consecutive moments share the sets they have in
 * common, and the failures too.
 */
final class PodLanes {

  /** What a pod was during a segment. */
  enum State {
    UNREADY("not ready"),
    WARMING("ready, not yet available"),
    AVAILABLE("available"),
    TERMINATING("terminating"),
    /** Left every set: deleted. Never drawn. */
    GONE("gone");

    final String words;

    State(String words) {
      this.words = words;
    }
  }

  /**
   * A pod in one state from {@code from} to {@code to}, with the failure it showed all along
   * ({@code CrashLoopBackOff}, {@code Evicted}...) or null.
   */
  record Segment(State state, Duration from, Duration to, @Nullable String reason) {}

  /** One pod: its revision (0 when unknown) and its segments in order. */
  record Lane(String pod, long revision, List<Segment> segments) {

    Duration firstSeen() {
      return segments.get(0).from();
    }

    /** Whether the pod was still there at the end of the recording. */
    boolean presentAtEnd(Duration end) {
      return segments.get(segments.size() - 1).to().equals(end);
    }
  }

  /** The state a pod is in and the failure it shows, since when. */
  private record Open(State state, Duration since, @Nullable String reason) {}

  private PodLanes() {}

  /**
   * The lanes of every pod seen, ordered by revision, then by the time each pod appeared; a pod's
   * last segment ends when it left the sets, or at {@code end}.
   */
  static List<Lane> of(List<Moment> moments, Duration end) {
    Map<String, Open> current = new HashMap<>();
    Map<String, List<Segment>> segments = new LinkedHashMap<>();
    Map<String, Long> revisions = new HashMap<>();
    List<SortedSet<String>> before = List.of();
    SortedMap<String, String> reasonsBefore = java.util.Collections.emptySortedMap();
    for (Moment m : moments) {
      List<SortedSet<String>> sets =
          List.of(m.unreadyPods(), m.warmingPods(), m.readyPods(), m.terminatingPods());
      Map<String, State> changed = new TreeMap<>();
      for (int s = 0; s < sets.size(); s++) {
        SortedSet<String> now = sets.get(s);
        SortedSet<String> was =
            before.isEmpty() ? java.util.Collections.emptySortedSet() : before.get(s);
        if (now == was) {
          continue;
        }
        State state = State.values()[s];
        // both sets in natural order: one merge pass finds who left and who came
        Iterator<String> left = was.iterator();
        Iterator<String> right = now.iterator();
        @Nullable String a = left.hasNext() ? left.next() : null;
        @Nullable String b = right.hasNext() ? right.next() : null;
        while (a != null || b != null) {
          int order = a == null ? 1 : b == null ? -1 : a.compareTo(b);
          if (order < 0 && a != null) {
            Open open = current.get(a);
            if (open != null && open.state() == state) {
              changed.putIfAbsent(a, State.GONE);
            }
          } else if (order > 0 && b != null) {
            changed.put(b, state);
          }
          if (order <= 0) {
            a = left.hasNext() ? left.next() : null;
          }
          if (order >= 0) {
            b = right.hasNext() ? right.next() : null;
          }
        }
      }
      SortedMap<String, String> reasons = m.podReasons();
      if (reasons != reasonsBefore) {
        // a pod whose failure changed starts a segment in the state it is in
        for (String pod : reasonsChanged(reasonsBefore, reasons)) {
          Open open = current.get(pod);
          if (open != null) {
            changed.putIfAbsent(pod, open.state());
          }
        }
        reasonsBefore = reasons;
      }
      for (Map.Entry<String, State> e : changed.entrySet()) {
        String pod = e.getKey();
        Open was = current.get(pod);
        @Nullable String reason = e.getValue() == State.GONE ? null : reasons.get(pod);
        if (was != null
            && was.state() == e.getValue()
            && java.util.Objects.equals(was.reason(), reason)) {
          continue;
        }
        List<Segment> lane = segments.computeIfAbsent(pod, p -> new ArrayList<>());
        if (was != null) {
          lane.add(new Segment(was.state(), was.since(), m.at(), was.reason()));
        }
        if (e.getValue() == State.GONE) {
          current.remove(pod);
        } else {
          current.put(pod, new Open(e.getValue(), m.at(), reason));
        }
      }
      for (String pod : changed.keySet()) {
        if (!revisions.containsKey(pod) || revisions.get(pod) == 0) {
          revisions.put(pod, m.revisionOf(pod));
        }
      }
      before = sets;
    }
    current.forEach(
        (pod, open) ->
            segments
                .computeIfAbsent(pod, p -> new ArrayList<>())
                .add(new Segment(open.state(), open.since(), end, open.reason())));
    if (!moments.isEmpty()) {
      // a pod seen before its ReplicaSet: the last moment may know its revision
      Moment last = moments.get(moments.size() - 1);
      revisions.replaceAll((pod, r) -> r == 0 ? last.revisionOf(pod) : r);
    }
    List<Lane> lanes = new ArrayList<>();
    segments.forEach(
        (pod, list) -> {
          if (!list.isEmpty()) {
            list.sort(Comparator.comparing(Segment::from));
            lanes.add(new Lane(pod, revisions.getOrDefault(pod, 0L), List.copyOf(list)));
          }
        });
    lanes.sort(
        Comparator.comparingLong(Lane::revision)
            .thenComparing(Lane::firstSeen)
            .thenComparing(Lane::pod));
    return lanes;
  }

  /** The pods whose failure differs between two moments, both maps in pod order. */
  private static List<String> reasonsChanged(
      SortedMap<String, String> before, SortedMap<String, String> now) {
    List<String> pods = new ArrayList<>();
    before.forEach(
        (pod, reason) -> {
          if (!reason.equals(now.get(pod))) {
            pods.add(pod);
          }
        });
    now.keySet().stream().filter(pod -> !before.containsKey(pod)).forEach(pods::add);
    return pods;
  }
}
