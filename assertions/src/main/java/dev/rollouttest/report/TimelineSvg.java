package dev.rollouttest.report;

import static dev.rollouttest.report.Html.coordinate;
import static dev.rollouttest.report.Html.escape;
import static dev.rollouttest.report.Html.seconds;

import dev.rollouttest.model.Moment;
import dev.rollouttest.model.RolloutTimeline;
import dev.rollouttest.model.WatchGap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToIntFunction;

/**
 * The chart, as one inline SVG over one time axis: on top, lines for the counts (desired replicas,
 * available pods, pods per revision, ready endpoints per Service) with the invariants' bounds
 * dashed; below, a lane per pod grouped by revision; across both, a marker per write, probe
 * transition, violation and the verdict, and a grey band per watch gap. Plain SVG drawn here rather
 * than a charting library: the page stays a single small file that works offline, with no script
 * bundle to pin, license or keep up to date.
 */
final class TimelineSvg {

  static final int WIDTH = 1200;
  static final int LEFT = 200;
  static final int RIGHT = 20;
  private static final int TOP = 40;
  private static final int COUNTS_HEIGHT = 200;
  private static final int GROUP_HEADER = 18;
  private static final String[] PALETTE = {
    "#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"
  };

  private final StringBuilder b = new StringBuilder();
  // the axis runs from the first moment (the recorder's start-up before it is left out) to the end
  private final double start;
  private final double end;

  private TimelineSvg(Duration start, Duration end) {
    this.start = start.toNanos() / 1e9;
    this.end = Math.max(end.toNanos() / 1e9, this.start + 0.001);
  }

  /** Where the time axis begins: the first moment, or the first watch gap if earlier. */
  static Duration axisStart(RolloutTimeline timeline) {
    Duration first = timeline.moments().isEmpty() ? Duration.ZERO : timeline.moments().get(0).at();
    for (WatchGap gap : timeline.gaps()) {
      first = gap.from().compareTo(first) < 0 ? gap.from() : first;
    }
    return first;
  }

  /** The SVG element for the recording. */
  static String render(
      RolloutTimeline timeline, List<PodLanes.Lane> lanes, List<Marker> markers, Duration end) {
    TimelineSvg svg = new TimelineSvg(axisStart(timeline), end);
    int laneHeight = lanes.size() <= 60 ? 14 : lanes.size() <= 300 ? 6 : 3;
    long groups = lanes.stream().mapToLong(PodLanes.Lane::revision).distinct().count();
    int lanesTop = TOP + COUNTS_HEIGHT + 40;
    int height = lanesTop + (int) groups * GROUP_HEADER + lanes.size() * laneHeight + 30;
    svg.b
        .append("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"timeline\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(height)
        .append("\" width=\"100%\" role=\"img\" aria-label=\"rollout timeline\">\n")
        // the fill of a failing pod's span: red stripes
        .append(
            "<defs><pattern id=\"failing\" width=\"6\" height=\"6\""
                + " patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
                + "<rect width=\"6\" height=\"6\" fill=\"#f7c6c6\"/>"
                + "<rect width=\"2\" height=\"6\" fill=\"#e06666\"/></pattern></defs>\n");
    svg.axis(height);
    svg.gaps(timeline.gaps(), height);
    svg.counts(timeline.moments());
    svg.lanes(lanes, lanesTop, laneHeight);
    svg.markers(markers, height);
    svg.b.append("</svg>\n");
    return svg.b.toString();
  }

  private double x(Duration at) {
    return LEFT + (at.toNanos() / 1e9 - start) / (end - start) * (WIDTH - LEFT - RIGHT);
  }

  private void axis(int height) {
    double step = niceStep((end - start) / 10);
    String format = step < 0.1 ? "%.2fs" : step < 1 ? "%.1fs" : "%.0fs";
    b.append("<g class=\"axis\">");
    for (double t = Math.ceil(start / step - 1e-9) * step; t <= end + 1e-9; t += step) {
      double x = x(Duration.ofNanos((long) (t * 1e9)));
      b.append("<line x1=\"")
          .append(coordinate(x))
          .append("\" x2=\"")
          .append(coordinate(x))
          .append("\" y1=\"")
          .append(TOP - 5)
          .append("\" y2=\"")
          .append(height - 20)
          .append("\" class=\"grid\"/><text x=\"")
          .append(coordinate(x))
          .append("\" y=\"")
          .append(height - 6)
          .append("\" text-anchor=\"middle\">")
          // + 0.0: no "-0.0s"
          .append(String.format(java.util.Locale.ROOT, format, t + 0.0))
          .append("</text>");
    }
    b.append("</g>\n");
  }

  /** A round step for about {@code raw} seconds between two ticks of the axis. */
  static double niceStep(double raw) {
    double magnitude = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-3))));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * magnitude >= raw) {
        return m * magnitude;
      }
    }
    return 10 * magnitude;
  }

  private void gaps(List<WatchGap> gaps, int height) {
    for (WatchGap gap : gaps) {
      double from = x(gap.from());
      b.append("<rect class=\"gap\" x=\"")
          .append(coordinate(from))
          .append("\" y=\"")
          .append(TOP)
          .append("\" width=\"")
          .append(coordinate(Math.max(1, x(gap.to()) - from)))
          .append("\" height=\"")
          .append(height - TOP - 20)
          .append("\"><title>")
          .append(escape("watch gap " + gap))
          .append("</title></rect>\n");
    }
  }

  /** The count lines: one step path per series, a point only where the value changes. */
  private void counts(List<Moment> moments) {
    Map<String, ToIntFunction<Moment>> series = new LinkedHashMap<>();
    series.put("desired replicas", Moment::replicas);
    series.put("available", Moment::available);
    TreeSet<Long> revisions = new TreeSet<>();
    TreeSet<String> services = new TreeSet<>();
    for (Moment m : moments) {
      revisions.addAll(m.revisions().keySet());
      services.addAll(m.endpoints().keySet());
    }
    series.put(
        "updated (new revision's pods)",
        m -> {
          Moment.RevisionCounts c = m.revisions().get(m.newRevision());
          return c == null ? 0 : c.pods();
        });
    for (long r : revisions) {
      if (r != 0) {
        series.put(
            "revision " + r + " pods",
            m -> {
              Moment.RevisionCounts c = m.revisions().get(r);
              return c == null ? 0 : c.pods();
            });
      }
    }
    for (String s : services) {
      series.put(
          "ready endpoints of Service " + s,
          m -> {
            Moment.EndpointCounts c = m.endpoints().get(s);
            return c == null ? 0 : c.ready();
          });
    }
    Map<String, ToIntFunction<Moment>> bounds = new LinkedHashMap<>();
    bounds.put("min available (bound)", m -> Math.max(0, m.minAvailable()));
    bounds.put("max pods (bound)", Moment::maxTotal);
    int max = 1;
    for (Moment m : moments) {
      for (ToIntFunction<Moment> f : series.values()) {
        max = Math.max(max, f.applyAsInt(m));
      }
      max = Math.max(max, m.maxTotal());
    }
    b.append("<g class=\"counts\"><text x=\"4\" y=\"")
        .append(TOP + 12)
        .append("\" class=\"section\">counts (0–")
        .append(max)
        .append(")</text>");
    List<String> legend = new ArrayList<>();
    int colour = 0;
    for (Map.Entry<String, ToIntFunction<Moment>> e : series.entrySet()) {
      String stroke = PALETTE[colour++ % PALETTE.length];
      line(moments, e.getValue(), max, stroke, false, e.getKey());
      legend.add(stroke + "|" + e.getKey());
    }
    for (Map.Entry<String, ToIntFunction<Moment>> e : bounds.entrySet()) {
      line(moments, e.getValue(), max, "#d62728", true, e.getKey());
      legend.add("#d62728|" + e.getKey());
    }
    int y = TOP + 30;
    for (String l : legend) {
      String[] parts = l.split("\\|", 2);
      b.append("<rect x=\"4\" y=\"")
          .append(y - 8)
          .append("\" width=\"10\" height=\"3\" fill=\"")
          .append(parts[0])
          .append("\"/><text x=\"18\" y=\"")
          .append(y)
          .append("\" class=\"legend\">")
          .append(escape(parts[1]))
          .append("</text>");
      y += 13;
    }
    b.append("</g>\n");
  }

  private void line(
      List<Moment> moments,
      ToIntFunction<Moment> value,
      int max,
      String stroke,
      boolean dashed,
      String name) {
    if (moments.isEmpty()) {
      return;
    }
    StringBuilder d = new StringBuilder();
    int last = Integer.MIN_VALUE;
    for (Moment m : moments) {
      int v = value.applyAsInt(m);
      if (v == last) {
        continue;
      }
      String x = coordinate(x(m.at()));
      String y = coordinate(TOP + COUNTS_HEIGHT - (double) v / max * COUNTS_HEIGHT);
      d.append(last == Integer.MIN_VALUE ? "M" + x + " " + y : "H" + x + "V" + y);
      last = v;
    }
    d.append("H").append(coordinate(x(Duration.ofNanos((long) (end * 1e9)))));
    b.append("<path class=\"series")
        .append(dashed ? " bound" : "")
        .append("\" stroke=\"")
        .append(stroke)
        .append("\" d=\"")
        .append(d)
        .append("\"><title>")
        .append(escape(name))
        .append("</title></path>\n");
  }

  private void lanes(List<PodLanes.Lane> lanes, int top, int laneHeight) {
    b.append("<g class=\"lanes\"><text x=\"4\" y=\"")
        .append(top - 12)
        .append("\" class=\"section\">pods (")
        .append(lanes.size())
        .append(")</text>\n");
    int y = top;
    long revision = Long.MIN_VALUE;
    for (PodLanes.Lane lane : lanes) {
      if (lane.revision() != revision) {
        revision = lane.revision();
        b.append("<text class=\"group\" x=\"4\" y=\"")
            .append(y + 13)
            .append("\">")
            .append(revision == 0 ? "revision unknown" : "revision " + revision)
            .append("</text>\n");
        y += GROUP_HEADER;
      }
      b.append("<g class=\"lane\" data-pod=\"")
          .append(escape(lane.pod()))
          .append("\" data-revision=\"")
          .append(lane.revision())
          .append("\">");
      if (laneHeight >= 10) {
        b.append("<text class=\"pod\" x=\"")
            .append(LEFT - 4)
            .append("\" y=\"")
            .append(y + laneHeight - 3)
            .append("\" text-anchor=\"end\">")
            .append(escape(lane.pod()))
            .append("</text>");
      }
      for (PodLanes.Segment s : lane.segments()) {
        double from = x(s.from());
        double width = Math.max(0.5, x(s.to()) - from);
        b.append("<rect class=\"")
            .append(s.state().name().toLowerCase(java.util.Locale.ROOT))
            .append(s.reason() == null ? "" : " failing\" data-reason=\"" + escape(s.reason()))
            .append("\" x=\"")
            .append(coordinate(from))
            .append("\" y=\"")
            .append(y + 1)
            .append("\" width=\"")
            .append(coordinate(width))
            .append("\" height=\"")
            .append(laneHeight - 2)
            .append("\"><title>")
            .append(escape(lane.pod()))
            .append(' ')
            .append(s.state().words)
            .append(s.reason() == null ? "" : ": " + escape(s.reason()))
            .append(' ')
            .append(seconds(s.from()))
            .append('–')
            .append(seconds(s.to()))
            .append("</title></rect>");
        if (s.reason() != null) {
          reasonLabel(s.reason(), from, width, y + laneHeight - 3, laneHeight);
        }
      }
      b.append("</g>\n");
      y += laneHeight;
    }
    b.append("</g>\n");
  }

  /**
   * The failure's name ({@code CrashLoopBackOff}, without how the container last ended) written on
   * its span, where the lane is tall and the span wide enough for it.
   */
  private void reasonLabel(String reason, double from, double width, int baseline, int height) {
    int cut = reason.indexOf(" (");
    String label = cut < 0 ? reason : reason.substring(0, cut);
    // about 6 px a character at the lanes' 11 px font
    if (height >= 10 && width >= label.length() * 6 + 4) {
      b.append("<text class=\"reason\" x=\"")
          .append(coordinate(from + 2))
          .append("\" y=\"")
          .append(baseline)
          .append("\">")
          .append(escape(label))
          .append("</text>");
    }
  }

  private void markers(List<Marker> markers, int height) {
    b.append("<g class=\"markers\">");
    for (Marker m : markers) {
      String x = coordinate(x(m.moment().at()));
      b.append("<a href=\"#moment-")
          .append(m.index())
          .append("\"><g class=\"marker ")
          .append(m.kind().css)
          .append("\" data-at=\"")
          .append(seconds(m.moment().at()))
          .append("\"><line x1=\"")
          .append(x)
          .append("\" x2=\"")
          .append(x)
          .append("\" y1=\"")
          .append(TOP - 12)
          .append("\" y2=\"")
          .append(height - 20)
          .append("\"/><circle cx=\"")
          .append(x)
          .append("\" cy=\"")
          .append(TOP - 16)
          .append("\" r=\"5\"/><title>")
          .append(
              escape(
                  m.label()
                      + " at "
                      + seconds(m.moment().at())
                      + "\n"
                      + MomentText.summary(m.moment())))
          .append("</title></g></a>\n");
    }
    b.append("</g>\n");
  }
}
