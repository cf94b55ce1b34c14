package dev.rollouttest.report;

import static dev.rollouttest.report.Html.escape;
import static dev.rollouttest.report.Html.seconds;

import dev.rollouttest.model.Moment;
import dev.rollouttest.model.RolloutTimeline;
import dev.rollouttest.model.WatchGap;
import dev.rollouttest.probe.ProbeResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Assembles the page: inline CSS, the header, what is wrong with the data if anything, the chart,
 * the probes' chart on the same time axis, the markers as a table, the probes, and the recorded
 * state at each marker (the target of the chart's links).
 */
final class Page {

  private static final String CSS =
      """
      body{font:14px system-ui,sans-serif;margin:16px;color:#222}
      h1{font-size:20px;margin:0 0 8px}
      table{border-collapse:collapse;margin:8px 0}
      td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}
      .header th{background:#f4f4f4}
      .verdict-ok{color:#2a7d2a;font-weight:bold}.verdict-bad{color:#c0392b;font-weight:bold}
      .warning{background:#fff3cd;border:1px solid #e0c46c;padding:8px;margin:8px 0}
      svg text{font:11px system-ui,sans-serif;fill:#333}
      svg .section,svg .group{font-weight:bold}
      svg .grid{stroke:#eee}
      svg .series{fill:none;stroke-width:2}
      svg .bound{stroke-dasharray:6 4;stroke-width:1.5}
      svg .gap{fill:#bbb;opacity:.35}
      svg .unready{fill:#f0ad4e}svg .warming{fill:#a6d96a}svg .available{fill:#2ca02c}
      svg .terminating{fill:#999}svg .failing{fill:url(#failing)}
      svg .reason{font-size:10px;font-weight:bold;fill:#000;pointer-events:none;
        paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
      svg .bucket{fill:#000;fill-opacity:0}svg .failures{fill:#d62728;fill-opacity:.15}
      svg .marker line{stroke-width:1.5}
      svg .write line,svg .write circle{stroke:#1f77b4;fill:#1f77b4}
      svg .probe line,svg .probe circle{stroke:#ff7f0e;fill:#ff7f0e}
      svg .violation line,svg .violation circle{stroke:#d62728;fill:#d62728}
      svg .violation line{stroke-width:2.5}
      svg .verdict line,svg .verdict circle{stroke:#000;fill:#000}
      tr.violation td{color:#c0392b}
      pre{white-space:pre-wrap;font-size:12px;background:#fafafa;padding:8px}
      details{margin:4px 0}details:target{outline:2px solid #d62728}
      dt{font-weight:bold}dd{margin:0 0 4px 16px;word-break:break-word}
      .legend-states span{display:inline-block;padding:0 6px;margin-right:6px;color:#fff}
      """;

  private Page() {}

  static String render(RolloutReport report) {
    RolloutTimeline timeline = report.timeline();
    List<Moment> moments = timeline.moments();
    Duration end = report.duration();
    String title =
        "Rollout of "
            + timeline.namespace()
            + "/"
            + timeline.deployment()
            + (report.verdict().equals("none recorded") ? "" : " — verdict: " + report.verdict());
    StringBuilder b = new StringBuilder(64 * 1024);
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(escape(title))
        .append("</title><style>")
        .append(CSS)
        .append("</style></head><body>\n<h1>")
        .append(escape(title))
        .append("</h1>\n");
    header(b, report, end);
    for (String warning : warnings(timeline)) {
      b.append("<div class=\"warning\">").append(escape(warning)).append("</div>\n");
    }
    if (moments.isEmpty()) {
      return b.append("</body></html>\n").toString();
    }
    List<PodLanes.Lane> lanes = PodLanes.of(moments, end);
    List<Marker> markers = Marker.of(timeline, report.violations());
    b.append(
        "<p class=\"legend-states\">pods: <span style=\"background:#f0ad4e\">not ready</span>"
            + "<span style=\"background:#a6d96a;color:#222\">ready, not yet available</span>"
            + "<span style=\"background:#2ca02c\">available</span>"
            + "<span style=\"background:#999\">terminating</span>"
            + "<span style=\"background:repeating-linear-gradient(45deg,#e06666 0 2px,#f7c6c6 2px"
            + " 6px);color:#000\">failing (hover for the reason)</span> markers: "
            + "<b style=\"color:#1f77b4\">write</b> <b style=\"color:#ff7f0e\">probe</b> "
            + "<b style=\"color:#d62728\">violation</b> <b>verdict</b>; hover for the state, "
            + "click for every pod</p>\n");
    b.append(TimelineSvg.render(timeline, lanes, markers, end));
    b.append(ProbeChart.render(report.probes(), TimelineSvg.axisStart(timeline), end));
    markerTable(b, markers);
    probes(b, report.probes());
    b.append("<h2>Recorded state at each marker</h2>\n");
    TreeSet<Integer> shown = new TreeSet<>();
    for (Marker m : markers) {
      if (shown.add(m.index())) {
        b.append("<details id=\"moment-")
            .append(m.index())
            .append("\"><summary>moment ")
            .append(m.index())
            .append(" at ")
            .append(seconds(m.moment().at()))
            .append(": ")
            .append(escape(m.moment().event()))
            .append("</summary>")
            .append(MomentText.details(m.moment()))
            .append("</details>\n");
      }
    }
    return b.append("</body></html>\n").toString();
  }

  private static Moment last(List<Moment> moments) {
    return moments.get(moments.size() - 1);
  }

  private static void header(StringBuilder b, RolloutReport report, Duration end) {
    RolloutTimeline timeline = report.timeline();
    List<Moment> moments = timeline.moments();
    String verdict = report.verdict();
    boolean bad = !report.violations().isEmpty() || !verdict.startsWith("complete");
    b.append("<table class=\"header\">");
    row(b, "test", report.testName() == null ? "unknown" : report.testName());
    if (report.change() != null) {
      row(b, "change", report.change());
    }
    row(b, "Deployment", timeline.namespace() + "/" + timeline.deployment());
    if (!moments.isEmpty()) {
      row(
          b,
          "revisions",
          moments.get(0).revision() + " before → " + last(moments).revision() + " after");
    }
    b.append("<tr><th>verdict</th><td id=\"verdict\" class=\"")
        .append(bad ? "verdict-bad" : "verdict-ok")
        .append("\">")
        .append(escape(verdict))
        .append("</td></tr>");
    String failure = report.failure();
    if (report.change() != null || failure != null) { // else no assertion judged it
      b.append("<tr><th>assertion</th><td id=\"assertion\" class=\"")
          .append(failure == null ? "verdict-ok\">passed" : "verdict-bad\">failed")
          .append("</td></tr>");
    }
    row(b, "violations", Integer.toString(report.violations().size()));
    row(b, "duration", seconds(end));
    row(b, "backend", report.backend() == null ? "unknown" : report.backend());
    row(
        b,
        "moments",
        moments.size() + ", change under test: generation " + timeline.changeGeneration());
    b.append("</table>\n");
    if (failure != null) {
      b.append(
              "<details id=\"failure\"><summary>the assertion's failure (click to open)</summary><pre>")
          .append(escape(failure))
          .append("</pre></details>\n");
    }
  }

  private static void row(StringBuilder b, String key, String value) {
    b.append("<tr><th>")
        .append(escape(key))
        .append("</th><td>")
        .append(escape(value))
        .append("</td></tr>");
  }

  /** What makes the recording incomplete, in words; empty when nothing does. */
  static List<String> warnings(RolloutTimeline timeline) {
    List<String> warnings = new ArrayList<>();
    List<Moment> moments = timeline.moments();
    if (moments.isEmpty()) {
      warnings.add(
          "The timeline is empty: nothing was recorded (the Deployment was never seen), so there"
              + " is nothing to draw.");
    } else if (moments.stream().noneMatch(m -> m.generation() >= timeline.changeGeneration())
        || moments.stream().allMatch(m -> m.event().equals("recording started"))) {
      warnings.add(
          "The rollout never started: the recording holds "
              + moments.size()
              + " moment(s) and none shows the change under test (generation "
              + timeline.changeGeneration()
              + "); the change was not sent, or was rejected.");
    }
    for (WatchGap gap : timeline.gaps()) {
      warnings.add(
          "Watch gap "
              + gap
              + ": the recorder was blind, so what happened then is not on this page"
              + " (grey band on the chart).");
    }
    return warnings;
  }

  private static void markerTable(StringBuilder b, List<Marker> markers) {
    b.append("<h2>Markers</h2>\n<table id=\"markers\"><tr><th>time</th><th>kind</th>")
        .append("<th>what</th><th>moment</th></tr>\n");
    for (Marker m : markers) {
      b.append("<tr class=\"")
          .append(m.kind().css)
          .append("\"><td>")
          .append(seconds(m.moment().at()))
          .append("</td><td>")
          .append(m.kind().css)
          .append("</td><td>")
          .append(escape(m.label()))
          .append("</td><td><a href=\"#moment-")
          .append(m.index())
          .append("\">#")
          .append(m.index())
          .append("</a></td></tr>\n");
    }
    b.append("</table>\n");
  }

  private static void probes(StringBuilder b, List<ProbeResult> probes) {
    if (probes.isEmpty()) {
      return;
    }
    b.append("<h2>Probes</h2>\n<table id=\"probes\">");
    for (ProbeResult p : probes) {
      b.append("<tr><td>")
          .append(escape(p.summary()))
          .append("</td><td>")
          .append(
              escape(
                  p.beyondTolerance()
                      .map(w -> "beyond tolerance: " + w)
                      .orElse("within tolerance")))
          .append("</td></tr>");
    }
    b.append("</table>\n");
  }
}
