package dev.rollouttest.report;

import dev.rollouttest.invariant.Violation;
import dev.rollouttest.model.Moment;
import dev.rollouttest.model.RolloutTimeline;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Something of note at one moment, drawn as a vertical marker over the chart and listed below it: a
 * write the test made (a new generation of the Deployment), an HTTP probe starting or stopping to
 * fail, a violation of an invariant, the verdict.
 *
 * @param kind what it marks, also its CSS class
 * @param index the moment's index in the timeline
 * @param moment the moment it marks
 * @param label what happened, in words
 */
record Marker(Kind kind, int index, Moment moment, String label) {

  enum Kind {
    WRITE("write"),
    PROBE("probe"),
    VIOLATION("violation"),
    VERDICT("verdict");

    final String css;

    Kind(String css) {
      this.css = css;
    }
  }

  /** The markers of a recording, in time order (violations after what else is at their moment). */
  static List<Marker> of(RolloutTimeline timeline, List<Violation> violations) {
    List<Marker> markers = new ArrayList<>();
    List<Moment> moments = timeline.moments();
    for (int i = 0; i < moments.size(); i++) {
      Moment m = moments.get(i);
      if (i > 0 && m.generation() > moments.get(i - 1).generation()) {
        markers.add(
            new Marker(
                Kind.WRITE,
                i,
                m,
                "write: generation "
                    + m.generation()
                    + (m.generation() == timeline.changeGeneration()
                        ? " (the change under test)"
                        : "")
                    + " — "
                    + m.event()));
      }
      if (m.event().startsWith("HTTP probe")) {
        markers.add(new Marker(Kind.PROBE, i, m, m.event()));
      }
      if (m.event().startsWith("verdict: ")) {
        markers.add(new Marker(Kind.VERDICT, i, m, m.event()));
      }
    }
    for (Violation v : violations) {
      markers.add(
          new Marker(
              Kind.VIOLATION,
              v.index(),
              v.moment(),
              "violation of " + v.invariant().description() + ": " + v.reason()));
    }
    markers.sort(Comparator.comparing((Marker k) -> k.moment().at()).thenComparing(Marker::index));
    return markers;
  }
}
