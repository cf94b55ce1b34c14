package dev.rollouttest.model;

import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Every moment of a recorded rollout, in order. Feeds invariants, failure messages and reports
 * alike.
 */
public record RolloutTimeline(
    String namespace, String deployment, long changeGeneration, List<Snapshot> entries) {

  public RolloutTimeline {
    entries = List.copyOf(entries);
  }

  /**
   * The entries from {@code from} (inclusive) to {@code to} (exclusive) as a compact text table.
   */
  public String table(int from, int to) {
    int start = Math.max(0, from);
    int end = Math.min(entries.size(), to);
    TreeSet<Long> revisions = new TreeSet<>();
    TreeSet<String> services = new TreeSet<>();
    for (Snapshot s : entries.subList(start, end)) {
      revisions.addAll(s.revisions().keySet());
      services.addAll(s.endpoints().keySet());
    }
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "%5s %9s %5s %4s", "#", "time", "avail", "pods"));
    revisions.forEach(r -> b.append(String.format(Locale.ROOT, " %11s", "rev" + r + " d/p/r")));
    services.forEach(s -> b.append(String.format(Locale.ROOT, " %8s", "ep:" + s)));
    b.append("  event\n");
    for (int i = start; i < end; i++) {
      Snapshot s = entries.get(i);
      b.append(
          String.format(
              Locale.ROOT,
              "%5d %8.3fs %5d %4d",
              i,
              s.at().toNanos() / 1e9,
              s.available(),
              s.pods()));
      for (Long r : revisions) {
        Snapshot.RevisionCounts c = s.revisions().get(r);
        b.append(String.format(Locale.ROOT, " %11s", c == null ? "-" : c.toString()));
      }
      for (String svc : services) {
        Snapshot.EndpointCounts c = s.endpoints().get(svc);
        b.append(String.format(Locale.ROOT, " %8s", c == null ? "-" : c.toString()));
      }
      b.append("  ").append(s.event()).append('\n');
    }
    return b.toString().stripTrailing();
  }

  /** The whole timeline as a table. */
  public String table() {
    return table(0, entries.size());
  }
}
