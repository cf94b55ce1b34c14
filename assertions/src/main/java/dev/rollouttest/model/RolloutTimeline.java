package dev.rollouttest.model;

import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.apiguardian.api.API;

/**
 * Every moment of a recorded rollout, in order, and the times the recorder was blind. Feeds
 * invariants, failure messages and reports alike.
 *
 * @param gaps the times a watch was down: nothing was checked then
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record RolloutTimeline(
    String namespace,
    String deployment,
    long changeGeneration,
    List<Moment> moments,
    List<WatchGap> gaps) {

  /** Copies the moments and gaps, so the timeline cannot change. */
  public RolloutTimeline {
    moments = List.copyOf(moments);
    gaps = List.copyOf(gaps);
  }

  /** A timeline without watch gaps. */
  public RolloutTimeline(
      String namespace, String deployment, long changeGeneration, List<Moment> moments) {
    this(namespace, deployment, changeGeneration, moments, List.of());
  }

  /**
   * The moments from {@code from} (inclusive) to {@code to} (exclusive) as a compact text table.
   */
  public String table(int from, int to) {
    int start = Math.max(0, from);
    int end = Math.min(moments.size(), to);
    TreeSet<Long> revisions = new TreeSet<>();
    TreeSet<String> services = new TreeSet<>();
    for (Moment s : moments.subList(start, end)) {
      revisions.addAll(s.revisions().keySet());
      services.addAll(s.endpoints().keySet());
    }
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "%5s %9s %5s %4s", "#", "time", "avail", "pods"));
    revisions.forEach(r -> b.append(String.format(Locale.ROOT, " %11s", "rev" + r + " d/p/r")));
    services.forEach(s -> b.append(String.format(Locale.ROOT, " %8s", "ep:" + s)));
    b.append("  event\n");
    for (int i = start; i < end; i++) {
      Moment s = moments.get(i);
      b.append(
          String.format(
              Locale.ROOT,
              "%5d %8.3fs %5d %4d",
              i,
              s.at().toNanos() / 1e9,
              s.available(),
              s.pods()));
      for (Long r : revisions) {
        Moment.RevisionCounts c = s.revisions().get(r);
        b.append(String.format(Locale.ROOT, " %11s", c == null ? "-" : c.toString()));
      }
      for (String svc : services) {
        Moment.EndpointCounts c = s.endpoints().get(svc);
        b.append(String.format(Locale.ROOT, " %8s", c == null ? "-" : c.toString()));
      }
      b.append("  ").append(s.event()).append('\n');
    }
    return b.toString().stripTrailing();
  }

  /**
   * The timeline as JSON, for reports: {@code {"namespace":…, "deployment":…, "changeGeneration":…,
   * "moments":[{"at": seconds, "event":…, …}]}}; a moment where a pod fails has {@code
   * "podReasons":{"web-…": "CrashLoopBackOff"}}, the others have no such field.
   */
  public String toJson() {
    java.util.Map<String, Object> root = new java.util.LinkedHashMap<>();
    root.put("namespace", namespace);
    root.put("deployment", deployment);
    root.put("changeGeneration", changeGeneration);
    java.util.List<Object> list = new java.util.ArrayList<>();
    for (Moment s : moments) {
      java.util.Map<String, Object> e = new java.util.LinkedHashMap<>();
      e.put("at", s.at().toNanos() / 1e9);
      e.put("event", s.event());
      e.put("generation", s.generation());
      e.put("observedGeneration", s.observedGeneration());
      e.put("revision", s.revision());
      e.put("newRevision", s.newRevision());
      e.put("replicas", s.replicas());
      e.put("minAvailable", s.minAvailable());
      e.put("maxTotal", s.maxTotal());
      java.util.Map<String, Object> revisions = new java.util.LinkedHashMap<>();
      s.revisions().entrySet().stream()
          .sorted(java.util.Map.Entry.comparingByKey())
          .forEach(
              r ->
                  revisions.put(
                      r.getKey().toString(),
                      java.util.Map.of(
                          "desired", r.getValue().desired(),
                          "pods", r.getValue().pods(),
                          "ready", r.getValue().ready(),
                          "available", r.getValue().available(),
                          "terminating", r.getValue().terminating())));
      e.put("revisions", revisions);
      e.put("readyPods", s.readyPods());
      e.put("warmingPods", s.warmingPods());
      e.put("unreadyPods", s.unreadyPods());
      e.put("terminatingPods", s.terminatingPods());
      java.util.Map<String, Object> endpoints = new java.util.TreeMap<>();
      s.endpoints()
          .forEach(
              (k, v) ->
                  endpoints.put(
                      k, java.util.Map.of("ready", v.ready(), "terminating", v.terminating())));
      e.put("endpoints", endpoints);
      e.put("conditions", s.conditions());
      e.put("podPhases", s.podPhases());
      if (!s.podReasons().isEmpty()) {
        // optional: only where a pod fails, so timelines written before it read the same
        e.put("podReasons", s.podReasons());
      }
      list.add(e);
    }
    root.put("moments", list);
    java.util.List<Object> blind = new java.util.ArrayList<>();
    for (WatchGap gap : gaps) {
      blind.add(
          java.util.Map.of(
              "watch",
              gap.watch(),
              "from",
              gap.from().toNanos() / 1e9,
              "to",
              gap.to().toNanos() / 1e9,
              "ended",
              gap.ended()));
    }
    root.put("watchGaps", blind);
    return JSON.asJson(root);
  }

  private static final io.fabric8.kubernetes.client.utils.KubernetesSerialization JSON =
      new io.fabric8.kubernetes.client.utils.KubernetesSerialization();

  /** The whole timeline as a table. */
  public String table() {
    return table(0, moments.size());
  }
}
