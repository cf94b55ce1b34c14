package dev.rollouttest.report;

import static dev.rollouttest.report.Html.coordinate;
import static dev.rollouttest.report.Html.escape;
import static dev.rollouttest.report.Html.seconds;

import dev.rollouttest.probe.ProbeResult;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * What the HTTP probes saw over time, as a second SVG below the timeline on the same time axis (the
 * same width and margins, so the two line up): per probe, requests and failed requests per second
 * in one panel, the median and slowest answer in another below, a bucket's seconds tinted red where
 * requests failed, and each bucket's figures on hover. Probes without a series over time are left
 * to the table of results.
 */
final class ProbeChart {

  private static final int TITLE = 20;
  private static final int RATES = 80;
  private static final int SPACE = 14;
  private static final int LATENCY = 60;
  private static final int BLOCK = TITLE + RATES + SPACE + LATENCY + 16;
  private static final String REQUESTS = "#1f77b4";
  private static final String FAILED = "#d62728";
  private static final String MEDIAN = "#2ca02c";
  private static final String SLOWEST = "#9467bd";

  private final StringBuilder b = new StringBuilder();
  private final double start;
  private final double end;

  private ProbeChart(Duration start, Duration end) {
    this.start = start.toNanos() / 1e9;
    this.end = Math.max(end.toNanos() / 1e9, this.start + 0.001);
  }

  /**
   * The SVG element for the probes that have a series, on the axis from {@code start} to {@code
   * end}; empty when none has one.
   */
  static String render(List<ProbeResult> probes, Duration start, Duration end) {
    List<ProbeResult> drawn = probes.stream().filter(p -> !p.series().isEmpty()).toList();
    if (drawn.isEmpty()) {
      return "";
    }
    ProbeChart chart = new ProbeChart(start, end);
    int height = drawn.size() * BLOCK + 24;
    chart
        .b
        .append("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"probe-chart\" viewBox=\"0 0 ")
        .append(TimelineSvg.WIDTH)
        .append(' ')
        .append(height)
        .append("\" width=\"100%\" role=\"img\" aria-label=\"HTTP probe results over time\">\n");
    chart.axis(height);
    int top = 0;
    for (ProbeResult probe : drawn) {
      chart.probe(probe, top);
      top += BLOCK;
    }
    return chart.b.append("</svg>\n").toString();
  }

  /** The x of a time, kept within the axis: a probe stops a little after the verdict. */
  private double x(Duration at) {
    double t = Math.max(start, Math.min(end, at.toNanos() / 1e9));
    return TimelineSvg.LEFT
        + (t - start) / (end - start) * (TimelineSvg.WIDTH - TimelineSvg.LEFT - TimelineSvg.RIGHT);
  }

  /** The grid and the seconds, as on the timeline. */
  private void axis(int height) {
    double step = TimelineSvg.niceStep((end - start) / 10);
    String format = step < 0.1 ? "%.2fs" : step < 1 ? "%.1fs" : "%.0fs";
    b.append("<g class=\"axis\">");
    for (double t = Math.ceil(start / step - 1e-9) * step; t <= end + 1e-9; t += step) {
      String x = coordinate(x(Duration.ofNanos((long) (t * 1e9))));
      b.append("<line x1=\"")
          .append(x)
          .append("\" x2=\"")
          .append(x)
          .append("\" y1=\"0\" y2=\"")
          .append(height - 20)
          .append("\" class=\"grid\"/><text x=\"")
          .append(x)
          .append("\" y=\"")
          .append(height - 6)
          .append("\" text-anchor=\"middle\">")
          .append(String.format(Locale.ROOT, format, t + 0.0))
          .append("</text>");
    }
    b.append("</g>\n");
  }

  private void probe(ProbeResult probe, int top) {
    // what the probe saw before the first moment or after the last is not on the axis
    List<ProbeResult.Bucket> series =
        probe.series().stream()
            .filter(k -> k.from().toNanos() / 1e9 < end && k.to().toNanos() / 1e9 > start)
            .toList();
    double rate = 1;
    double latency = 0.001;
    for (ProbeResult.Bucket bucket : series) {
      rate = Math.max(rate, bucket.requestsPerSecond());
      latency = Math.max(latency, bucket.max().toNanos() / 1e6);
    }
    b.append("<g class=\"probe-series\" data-target=\"")
        .append(escape(probe.target()))
        .append("\"><text x=\"4\" y=\"")
        .append(top + 14)
        .append("\" class=\"section\">")
        .append(escape("probe " + probe.target()))
        .append(probe.requests() == 0 ? " (no request got an answer or an error)" : "")
        .append("</text>\n");
    int rates = top + TITLE;
    int latencies = rates + RATES + SPACE;
    tints(series, rates, RATES);
    legend(rates, "per second (0–" + round(rate) + ")", REQUESTS, "requests", FAILED, "failed");
    legend(
        latencies, "latency (0–" + round(latency) + " ms)", MEDIAN, "median", SLOWEST, "slowest");
    line(series, ProbeResult.Bucket::requestsPerSecond, rate, rates, false, "requests", REQUESTS);
    line(series, ProbeResult.Bucket::failuresPerSecond, rate, rates, false, "failed", FAILED);
    line(series, k -> k.p50().toNanos() / 1e6, latency, latencies, true, "median", MEDIAN);
    line(series, k -> k.max().toNanos() / 1e6, latency, latencies, true, "slowest", SLOWEST);
    hovers(probe.target(), series, rates, latencies + LATENCY - rates);
    b.append("</g>\n");
  }

  private static String round(double v) {
    return v >= 10 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
  }

  private void legend(
      int top, String title, String first, String firstName, String second, String secondName) {
    b.append("<text x=\"4\" y=\"")
        .append(top + 10)
        .append("\">")
        .append(escape(title))
        .append("</text>");
    int y = top + 24;
    for (String[] entry : new String[][] {{first, firstName}, {second, secondName}}) {
      b.append("<rect x=\"4\" y=\"")
          .append(y - 8)
          .append("\" width=\"10\" height=\"3\" fill=\"")
          .append(entry[0])
          .append("\"/><text x=\"18\" y=\"")
          .append(y)
          .append("\" class=\"legend\">")
          .append(entry[1])
          .append("</text>");
      y += 13;
    }
    b.append('\n');
  }

  /** A red tint behind the buckets in which requests failed. */
  private void tints(List<ProbeResult.Bucket> series, int top, int height) {
    for (ProbeResult.Bucket bucket : series) {
      if (bucket.failed() > 0) {
        rect("failures", bucket, top, height);
        b.append("/>");
      }
    }
  }

  /**
   * A step line of one figure per bucket, over the bucket's time; in the latency panel, broken
   * where no request of a bucket got an answer.
   */
  private void line(
      List<ProbeResult.Bucket> series,
      ToDoubleFunction<ProbeResult.Bucket> value,
      double max,
      int top,
      boolean latency,
      String css,
      String stroke) {
    int height = latency ? LATENCY : RATES;
    StringBuilder d = new StringBuilder();
    boolean open = false;
    for (ProbeResult.Bucket bucket : series) {
      if (latency && bucket.answered() == 0) {
        open = false;
        continue;
      }
      String y = coordinate(top + height - value.applyAsDouble(bucket) / max * height);
      // buckets follow one another: a line goes on where the last one ended
      d.append(open ? "V" : "M" + coordinate(x(bucket.from())) + " ")
          .append(y)
          .append('H')
          .append(coordinate(x(bucket.to())));
      open = true;
    }
    if (d.length() > 0) {
      b.append("<path class=\"series ")
          .append(css)
          .append("\" stroke=\"")
          .append(stroke)
          .append("\" d=\"")
          .append(d)
          .append("\"><title>")
          .append(latency ? css + " latency (ms)" : css + " per second")
          .append("</title></path>\n");
    }
  }

  /** A transparent column per bucket over both panels: hovering it shows the bucket's figures. */
  private void hovers(String target, List<ProbeResult.Bucket> series, int top, int height) {
    for (ProbeResult.Bucket bucket : series) {
      rect("bucket", bucket, top, height);
      b.append(" data-from=\"")
          .append(seconds(bucket.from()))
          .append("\"><title>")
          .append(escape(target + " " + text(bucket)))
          .append("</title></rect>\n");
    }
  }

  /** Opens a rect over the bucket's time, without closing it. */
  private void rect(String css, ProbeResult.Bucket bucket, int top, int height) {
    double from = x(bucket.from());
    b.append("<rect class=\"")
        .append(css)
        .append("\" x=\"")
        .append(coordinate(from))
        .append("\" y=\"")
        .append(top)
        .append("\" width=\"")
        .append(coordinate(Math.max(0.5, x(bucket.to()) - from)))
        .append("\" height=\"")
        .append(height)
        .append('"');
  }

  /**
   * {@code 2.000s–3.000s: 10 requests (10.0/s), 3 failed (3.0/s): 503 (5xx) 1, connection refused
   * 2; latency median 3.1 ms, max 15.2 ms}.
   */
  static String text(ProbeResult.Bucket bucket) {
    StringBuilder t = new StringBuilder();
    t.append(seconds(bucket.from()))
        .append('–')
        .append(seconds(bucket.to()))
        .append(": ")
        .append(bucket.requests())
        .append(String.format(Locale.ROOT, " requests (%.1f/s), ", bucket.requestsPerSecond()))
        .append(bucket.failed())
        .append(String.format(Locale.ROOT, " failed (%.1f/s)", bucket.failuresPerSecond()));
    if (!bucket.failures().isEmpty()) {
      t.append(':');
      bucket
          .failures()
          .forEach((kind, n) -> t.append(' ').append(kind).append(' ').append(n).append(','));
      t.setLength(t.length() - 1);
    }
    if (bucket.answered() == 0) {
      t.append("; no answer");
    } else {
      t.append(
          String.format(
              Locale.ROOT,
              "; latency median %.1f ms, max %.1f ms",
              bucket.p50().toNanos() / 1e6,
              bucket.max().toNanos() / 1e6));
    }
    return t.toString();
  }
}
