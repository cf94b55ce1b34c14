package dev.rollouttest.report;

import static dev.rollouttest.report.Html.escape;
import static dev.rollouttest.report.Html.seconds;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The index of a run's pages: a row per rollout, in the order they were judged, with the test, the
 * assertion's result, the rollout's verdict, the violations and the duration first (what a reader
 * scans for), then the change, the Deployment and the backend, linking to the rollout's page by a
 * relative path, so the directory can be archived or moved as a whole.
 */
final class IndexPage {

  /**
   * A written page and what the index shows of its report; not the report itself, whose timeline
   * the run need not keep.
   */
  record Entry(
      String page,
      String test,
      String change,
      String deployment,
      String verdict,
      boolean passed,
      int violations,
      String duration,
      String backend) {

    static Entry of(String page, RolloutReport r) {
      return new Entry(
          page,
          r.testName() == null ? page : r.testName(),
          r.change() == null ? "" : r.change(),
          r.timeline().namespace() + "/" + r.timeline().deployment(),
          r.verdict(),
          r.passed(),
          r.violations().size(),
          seconds(r.duration()),
          r.backend() == null ? "" : r.backend());
    }
  }

  private IndexPage() {}

  static String render(List<Entry> entries, Instant started) {
    long failed = entries.stream().filter(e -> !e.passed()).count();
    String title =
        "rollout-test: "
            + entries.size()
            + (entries.size() == 1 ? " rollout, " : " rollouts, ")
            + failed
            + " failed";
    StringBuilder b = new StringBuilder(4096 + entries.size() * 512);
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(escape(title))
        .append("</title><style>")
        .append(
            """
            body{font:14px system-ui,sans-serif;margin:16px;color:#222}
            h1{font-size:20px;margin:0 0 8px}
            table{border-collapse:collapse;margin:8px 0}
            td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}
            th{background:#f4f4f4}
            .passed{color:#2a7d2a;font-weight:bold}.failed{color:#c0392b;font-weight:bold}
            tr.failed-row td{background:#fdf0ef}
            """)
        .append("</style></head><body>\n<h1>")
        .append(escape(title))
        .append("</h1>\n<p>Run started ")
        .append(escape(started.truncatedTo(ChronoUnit.SECONDS).toString()))
        .append(". Each page is self-contained and opens offline.</p>\n")
        .append("<table id=\"rollouts\"><tr><th>#</th><th>test</th><th>assertion</th>")
        .append("<th>verdict</th><th>violations</th><th>duration</th><th>change</th>")
        .append("<th>Deployment</th><th>backend</th></tr>\n");
    int n = 0;
    for (Entry e : entries) {
      b.append(e.passed() ? "<tr>" : "<tr class=\"failed-row\">")
          .append("<td>")
          .append(++n)
          .append("</td><td><a href=\"")
          .append(escape(e.page()))
          .append("\">")
          .append(escape(e.test()))
          .append("</a></td><td class=\"")
          .append(e.passed() ? "passed\">passed" : "failed\">failed")
          .append("</td><td>")
          .append(escape(e.verdict()))
          .append("</td><td>")
          .append(e.violations())
          .append("</td><td>")
          .append(e.duration())
          .append("</td><td>")
          .append(escape(e.change()))
          .append("</td><td>")
          .append(escape(e.deployment()))
          .append("</td><td>")
          .append(escape(e.backend()))
          .append("</td></tr>\n");
    }
    return b.append("</table>\n</body></html>\n").toString();
  }
}
