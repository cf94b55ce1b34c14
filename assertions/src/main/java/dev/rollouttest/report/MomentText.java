package dev.rollouttest.report;

import dev.rollouttest.model.Moment;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** A moment's recorded state in words: a summary for tooltips, every pod for the details. */
final class MomentText {

  private MomentText() {}

  /**
   * {@code 3/4 available, 5 pods; revision 2 d/p/r 2/2/1; endpoints web 3; Progressing True
   * (ReplicaSetUpdated)}.
   */
  static String summary(Moment m) {
    StringBuilder b = new StringBuilder();
    b.append(m.available())
        .append('/')
        .append(m.replicas())
        .append(" available (min ")
        .append(m.minAvailable())
        .append("), ")
        .append(m.pods())
        .append(" pods (max ")
        .append(m.maxTotal())
        .append(')');
    if (!m.terminatingPods().isEmpty()) {
      b.append(" + ").append(m.terminatingPods().size()).append(" terminating");
    }
    b.append("; generation ")
        .append(m.generation())
        .append(" observed ")
        .append(m.observedGeneration());
    new java.util.TreeMap<>(m.revisions())
        .forEach(
            (r, c) -> b.append("; revision ").append(r).append(" desired/pods/ready ").append(c));
    new java.util.TreeMap<>(m.endpoints())
        .forEach((s, c) -> b.append("; endpoints of ").append(s).append(' ').append(c));
    m.conditions().forEach((k, v) -> b.append("; ").append(k).append(' ').append(v));
    if (!m.podReasons().isEmpty()) {
      java.util.Map<String, Integer> failing = new java.util.TreeMap<>();
      m.podReasons().values().forEach(r -> failing.merge(r, 1, Integer::sum));
      b.append("; failing pods: ");
      failing.forEach((r, n) -> b.append(n).append(' ').append(r).append(", "));
      b.setLength(b.length() - 2);
    }
    return b.toString();
  }

  /** The moment's state as an HTML definition list, every pod named. */
  static String details(Moment m) {
    StringBuilder b = new StringBuilder("<dl>");
    item(b, "event", m.event());
    item(b, "summary", summary(m));
    item(b, "available pods", names(m.readyPods()));
    item(b, "ready, not yet available", names(m.warmingPods()));
    item(b, "not ready", names(m.unreadyPods()));
    item(b, "terminating", names(m.terminatingPods()));
    if (!m.podReasons().isEmpty()) {
      List<String> failing = new ArrayList<>();
      m.podReasons().forEach((pod, r) -> failing.add(pod + " " + r));
      item(b, "failing (kubectl get pods STATUS)", names(failing));
    }
    item(b, "pod phases", m.podPhases().toString());
    return b.append("</dl>").toString();
  }

  private static String names(Collection<String> pods) {
    return pods.isEmpty() ? "none" : pods.size() + ": " + String.join(", ", pods);
  }

  private static void item(StringBuilder b, String term, String text) {
    b.append("<dt>")
        .append(Html.escape(term))
        .append("</dt><dd>")
        .append(Html.escape(text))
        .append("</dd>");
  }
}
