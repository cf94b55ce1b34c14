package dev.rollouttest.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouttest.invariant.Invariant;
import dev.rollouttest.invariant.Violation;
import dev.rollouttest.model.Moment;
import dev.rollouttest.model.RolloutTimeline;
import dev.rollouttest.model.WatchGap;
import dev.rollouttest.probe.ProbeResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RolloutReportTest {

  /**
   * A rollout of web from revision 1 (hash aaa) to 2 (hash bbb), 2 replicas, that drops to one
   * available pod at 1.5s: old pod 1 terminates before new pod 1 is Ready.
   */
  static RolloutTimeline rollout() {
    List<Moment> moments = new ArrayList<>();
    moments.add(moment(0, "recording started", 1, Map.of("web-aaa-1", "a", "web-aaa-2", "a")));
    moments.add(
        moment(1000, "Deployment web MODIFIED", 2, Map.of("web-aaa-1", "a", "web-aaa-2", "a")));
    moments.add(
        moment(
            1200,
            "Pod web-bbb-1 ADDED",
            2,
            Map.of("web-aaa-1", "a", "web-aaa-2", "a", "web-bbb-1", "u")));
    moments.add(
        moment(
            1500,
            "Pod web-aaa-1 MODIFIED",
            2,
            Map.of("web-aaa-1", "t", "web-aaa-2", "a", "web-bbb-1", "u")));
    moments.add(
        moment(1700, "HTTP probe failing: 503", 2, Map.of("web-aaa-2", "a", "web-bbb-1", "u")));
    moments.add(
        moment(2500, "Pod web-bbb-1 MODIFIED", 2, Map.of("web-aaa-2", "a", "web-bbb-1", "a")));
    moments.add(
        moment(
            3000,
            "HTTP probe succeeds again (3 after 1.300s of failures)",
            2,
            Map.of("web-aaa-2", "t", "web-bbb-1", "a", "web-bbb-2", "a")));
    moments.add(
        moment(
            3400,
            "verdict: complete (2/2 updated)",
            2,
            Map.of("web-bbb-1", "a", "web-bbb-2", "a")));
    return new RolloutTimeline("shop", "web", 2, moments);
  }

  /** pods: name → a(vailable), u(nready), t(erminating). */
  private static Moment moment(
      long millis, String event, long generation, Map<String, String> pods) {
    return moment(millis, event, generation, pods, Map.of());
  }

  /** As above, with the failure of each failing pod. */
  private static Moment moment(
      long millis,
      String event,
      long generation,
      Map<String, String> pods,
      Map<String, String> reasons) {
    TreeSet<String> available = new TreeSet<>();
    TreeSet<String> unready = new TreeSet<>();
    TreeSet<String> terminating = new TreeSet<>();
    Map<Long, int[]> counts = new TreeMap<>();
    pods.forEach(
        (pod, state) -> {
          long revision = pod.contains("-aaa-") ? 1 : 2;
          int[] c = counts.computeIfAbsent(revision, r -> new int[3]);
          switch (state) {
            case "a" -> {
              available.add(pod);
              c[0]++;
              c[1]++;
            }
            case "u" -> {
              unready.add(pod);
              c[0]++;
            }
            default -> {
              terminating.add(pod);
              c[2]++;
            }
          }
        });
    Map<Long, Moment.RevisionCounts> revisions = new TreeMap<>();
    counts.forEach((r, c) -> revisions.put(r, new Moment.RevisionCounts(2, c[0], c[1], c[2])));
    return new Moment(
        Duration.ofMillis(millis),
        event,
        generation,
        generation,
        generation,
        generation,
        2,
        generation == 1 ? 2 : 2,
        3,
        Integer.MAX_VALUE,
        revisions,
        available,
        new TreeSet<>(),
        unready,
        terminating,
        Map.of("web", new Moment.EndpointCounts(available.size(), terminating.size())),
        Map.of("Progressing", "True (ReplicaSetUpdated)"),
        Map.of("Running", pods.size()),
        Map.of("aaa", 1L, "bbb", 2L),
        new TreeMap<>(reasons));
  }

  @Test
  void draws_a_lane_per_pod_grouped_by_revision() {
    String html = RolloutReport.of(rollout()).html();

    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .contains("<title>Rollout of shop/web — verdict: complete (2/2 updated)</title>")
        .contains(
            "data-pod=\"web-aaa-1\" data-revision=\"1\"",
            "data-pod=\"web-aaa-2\" data-revision=\"1\"",
            "data-pod=\"web-bbb-1\" data-revision=\"2\"",
            "data-pod=\"web-bbb-2\" data-revision=\"2\"")
        .containsSubsequence(">revision 1<", "web-aaa-1", ">revision 2<", "web-bbb-1")
        // web-bbb-1: not ready from 1.2s, available from 2.5s to the end
        .contains("web-bbb-1 not ready 1.200s–2.500s", "web-bbb-1 available 2.500s–3.400s")
        .contains("web-aaa-1 terminating 1.500s–1.700s")
        // no script, nothing loaded from elsewhere
        .doesNotContain("<script", "<link", "src=", "https://");
  }

  @Test
  void header_names_the_deployment_revisions_verdict_and_duration() {
    String html =
        new RolloutReport("ReportTest.rolls_out()", "local", rollout(), List.of(), List.of())
            .html();

    assertThat(html)
        .contains("<th>test</th><td>ReportTest.rolls_out()</td>")
        .contains("<th>Deployment</th><td>shop/web</td>")
        .contains("<th>revisions</th><td>1 before → 2 after</td>")
        .contains("<td id=\"verdict\" class=\"verdict-ok\">complete (2/2 updated)</td>")
        .contains("<th>duration</th><td>3.400s</td>")
        .contains("<th>backend</th><td>local</td>")
        // no assertion judged it: the page claims no assertion result
        .doesNotContain("id=\"assertion\"", "<th>change</th>");
  }

  @Test
  void marks_the_write_the_probe_transitions_the_verdict_and_each_violation() {
    RolloutTimeline timeline = rollout();
    List<Violation> violations = Violation.evaluate(timeline, List.of(Invariant.minAvailable(2)));
    assertThat(violations).hasSize(1);

    String html = new RolloutReport(null, null, timeline, violations, List.of()).html();

    assertThat(html)
        .contains("<g class=\"marker write\" data-at=\"1.000s\">")
        .contains("write: generation 2 (the change under test) — Deployment web MODIFIED")
        .contains("<g class=\"marker probe\" data-at=\"1.700s\">")
        .contains("<g class=\"marker violation\" data-at=\"1.500s\">")
        .contains("<g class=\"marker verdict\" data-at=\"3.400s\">")
        .contains("class=\"verdict-bad\"")
        // the tooltip carries the state recorded then, the link every pod
        .contains("1/2 available (min 2), 2 pods (max 3) + 1 terminating")
        .contains("<a href=\"#moment-3\">", "<details id=\"moment-3\">")
        .contains("<dt>terminating</dt><dd>1: web-aaa-1</dd>")
        .containsSubsequence("<tr class=\"violation\"><td>1.500s</td>", "available pods");
  }

  @Test
  void draws_the_counts_and_the_bounds_dashed() {
    String html = RolloutReport.of(rollout()).html();

    assertThat(html)
        .contains("<title>desired replicas</title>", "<title>available</title>")
        .contains("<title>updated (new revision&#39;s pods)</title>")
        .contains("<title>revision 1 pods</title>", "<title>revision 2 pods</title>")
        .contains("<title>ready endpoints of Service web</title>")
        .contains("class=\"series bound\" stroke=\"#d62728\"")
        .contains("<title>min available (bound)</title>");
  }

  @Test
  void an_empty_timeline_renders_a_page_that_says_so() {
    String html = RolloutReport.of(new RolloutTimeline("shop", "web", 2, List.of())).html();

    assertThat(html)
        .contains("<div class=\"warning\">The timeline is empty: nothing was recorded")
        .contains("<td id=\"verdict\" class=\"verdict-bad\">none recorded</td>")
        .doesNotContain("<svg")
        .endsWith("</body></html>\n");
  }

  @Test
  void a_rollout_that_never_started_renders_a_page_that_says_so() {
    RolloutTimeline started =
        new RolloutTimeline(
            "shop", "web", 2, List.of(moment(0, "recording started", 1, Map.of("web-aaa-1", "a"))));

    String html = RolloutReport.of(started).html();

    assertThat(html)
        .contains(
            "The rollout never started: the recording holds 1 moment(s) and none shows the change"
                + " under test (generation 2)")
        .contains("data-pod=\"web-aaa-1\"");
  }

  @Test
  void a_watch_gap_is_a_grey_band_and_a_warning() {
    RolloutTimeline timeline = rollout();
    RolloutTimeline blind =
        new RolloutTimeline(
            "shop",
            "web",
            2,
            timeline.moments(),
            List.of(new WatchGap("Pod", Duration.ofMillis(1800), Duration.ofMillis(2400), true)));

    String html = RolloutReport.of(blind).html();

    assertThat(html)
        .contains(
            "Watch gap between 1.800s and 2.400s (the Pod watch was down): the recorder was"
                + " blind")
        .contains("<rect class=\"gap\"")
        .contains("<title>watch gap between 1.800s and 2.400s (the Pod watch was down)</title>");
  }

  /**
   * web-bbb-1 is created at 1.2 s and never becomes Ready: from 2 s it crash-loops (OOMKilled),
   * until the rollout times out at 5 s. web-aaa-2 is evicted at 1.5 s and gone at 2.5 s. web-bbb-2
   * cannot pull its image: ErrImagePull for 50 ms, then ImagePullBackOff.
   */
  private static RolloutTimeline failing() {
    String oom = "CrashLoopBackOff (last exit: OOMKilled)";
    Map<String, String> both = Map.of("web-aaa-1", "a", "web-aaa-2", "a");
    List<Moment> moments = new ArrayList<>();
    moments.add(moment(0, "recording started", 1, both));
    moments.add(moment(1000, "Deployment web MODIFIED", 2, both));
    moments.add(
        moment(
            1200,
            "Pod web-bbb-1 ADDED",
            2,
            Map.of("web-aaa-1", "a", "web-aaa-2", "a", "web-bbb-1", "u", "web-bbb-2", "u"),
            Map.of("web-bbb-2", "ErrImagePull")));
    moments.add(
        moment(
            1250,
            "Pod web-bbb-2 MODIFIED",
            2,
            Map.of("web-aaa-1", "a", "web-aaa-2", "a", "web-bbb-1", "u", "web-bbb-2", "u"),
            Map.of("web-bbb-2", "ImagePullBackOff")));
    moments.add(
        moment(
            1500,
            "Pod web-aaa-2 MODIFIED",
            2,
            Map.of("web-aaa-1", "a", "web-aaa-2", "u", "web-bbb-1", "u", "web-bbb-2", "u"),
            Map.of("web-aaa-2", "Evicted", "web-bbb-2", "ImagePullBackOff")));
    moments.add(
        moment(
            2000,
            "Pod web-bbb-1 MODIFIED",
            2,
            Map.of("web-aaa-1", "a", "web-aaa-2", "u", "web-bbb-1", "u", "web-bbb-2", "u"),
            Map.of("web-aaa-2", "Evicted", "web-bbb-1", oom, "web-bbb-2", "ImagePullBackOff")));
    moments.add(
        moment(
            2500,
            "Pod web-aaa-2 DELETED",
            2,
            Map.of("web-aaa-1", "a", "web-bbb-1", "u", "web-bbb-2", "u"),
            Map.of("web-bbb-1", oom, "web-bbb-2", "ImagePullBackOff")));
    moments.add(
        moment(
            5000,
            "verdict: timed out",
            2,
            Map.of("web-aaa-1", "a", "web-bbb-1", "u", "web-bbb-2", "u"),
            Map.of("web-bbb-1", oom, "web-bbb-2", "ImagePullBackOff")));
    return new RolloutTimeline("shop", "web", 2, moments);
  }

  @Test
  void a_crash_looping_pod_that_never_became_ready_shows_its_reason_over_the_time_it_failed() {
    String html = RolloutReport.of(failing()).html();

    assertThat(html)
        .contains("<title>web-bbb-1 not ready 1.200s–2.000s</title>")
        .contains(
            "<rect class=\"unready failing\" data-reason=\"CrashLoopBackOff (last exit: OOMKilled)\""
                + " x=\"592\"")
        .contains(
            "<title>web-bbb-1 not ready: CrashLoopBackOff (last exit: OOMKilled)"
                + " 2.000s–5.000s</title>")
        // wide enough for its name: x(2 s) = 200 + 2/5 × 980 = 592
        .contains("<text class=\"reason\" x=\"594\" y=\"")
        .contains(">CrashLoopBackOff</text>")
        // the verdict's state names the failing pods
        .contains(
            "<dt>failing (kubectl get pods STATUS)</dt><dd>2: web-bbb-1 CrashLoopBackOff (last"
                + " exit: OOMKilled), web-bbb-2 ImagePullBackOff</dd>")
        .contains("; failing pods: 1 CrashLoopBackOff (last exit: OOMKilled), 1 ImagePullBackOff")
        .contains("<pattern id=\"failing\"");
  }

  @Test
  void an_evicted_pod_and_a_brief_failure_too_narrow_for_its_name() {
    String html = RolloutReport.of(failing()).html();

    assertThat(html)
        .contains("<title>web-aaa-2 available 0.000s–1.500s</title>")
        .contains("<title>web-aaa-2 not ready: Evicted 1.500s–2.500s</title>")
        .contains(">Evicted</text>")
        // 50 ms are 9.8 px: the name is on hover only
        .contains("<title>web-bbb-2 not ready: ErrImagePull 1.200s–1.250s</title>")
        .doesNotContain(">ErrImagePull</text>")
        .contains("<title>web-bbb-2 not ready: ImagePullBackOff 1.250s–5.000s</title>")
        .contains(">ImagePullBackOff</text>");
  }

  /** A probe of the rollout from 0 to 3.4 s with 4 of 10 requests failing between 1 and 2 s. */
  private static ProbeResult probe() {
    List<ProbeResult.Bucket> series =
        List.of(
            new ProbeResult.Bucket(
                Duration.ZERO,
                Duration.ofSeconds(1),
                10,
                10,
                0,
                Map.of(),
                Duration.ofMillis(5),
                Duration.ofMillis(9)),
            new ProbeResult.Bucket(
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                10,
                10,
                4,
                Map.of("503 (5xx)", 4),
                Duration.ofMillis(5),
                Duration.ofMillis(20)),
            new ProbeResult.Bucket(
                Duration.ofSeconds(2),
                Duration.ofMillis(3400),
                14,
                14,
                0,
                Map.of(),
                Duration.ofMillis(4),
                Duration.ofMillis(8)));
    return new ProbeResult(
        "Service web:80/",
        34,
        Map.of("2xx", 30L, "5xx", 4L),
        Map.of(),
        Duration.ofMillis(5),
        Duration.ofMillis(20),
        Duration.ofMillis(20),
        Duration.ofMillis(400),
        List.of(),
        0,
        null,
        series);
  }

  @Test
  void a_probe_s_failure_burst_shows_on_the_errors_line_at_its_time() {
    String html = new RolloutReport(null, null, rollout(), List.of(), List.of(probe())).html();

    // the axis runs 0–3.4 s over x 200–1180: 1 s at 488.2, 2 s at 776.5; 10/s is the top (y 20),
    // 0 the bottom (y 100) of the rates, so 4 failed/s is at y 68
    assertThat(html)
        .contains("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"probe-chart\"")
        .contains("<g class=\"probe-series\" data-target=\"Service web:80/\">")
        .contains(
            "<path class=\"series failed\" stroke=\"#d62728\""
                + " d=\"M200 100H488.2V68H776.5V100H1180\"><title>failed per second</title>")
        .contains(
            "<path class=\"series requests\" stroke=\"#1f77b4\""
                + " d=\"M200 20H488.2V20H776.5V20H1180\">")
        .contains("<rect class=\"failures\" x=\"488.2\" y=\"20\" width=\"288.2\"")
        .contains(
            "data-from=\"1.000s\"><title>Service web:80/ 1.000s–2.000s: 10 requests (10.0/s), 4"
                + " failed (4.0/s): 503 (5xx) 4; latency median 5.0 ms, max 20.0 ms</title>")
        .contains("<title>slowest latency (ms)</title>", "latency (0–20 ms)");
  }

  @Test
  void probes_without_requests_or_series_and_a_page_without_probes_still_render() {
    assertThat(RolloutReport.of(rollout()).html()).doesNotContain("probe-chart", "Probes</h2>");

    ProbeResult refused =
        new ProbeResult(
            "Service web:80/",
            0,
            Map.of(),
            Map.of(),
            Duration.ZERO,
            Duration.ZERO,
            Duration.ZERO,
            Duration.ofSeconds(3),
            List.of(),
            0,
            null,
            List.of(
                new ProbeResult.Bucket(
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(9),
                    0,
                    0,
                    0,
                    Map.of(),
                    Duration.ZERO,
                    Duration.ZERO)));
    ProbeResult noSeries =
        new ProbeResult(
            "https://example.test/",
            0,
            Map.of(),
            Map.of(),
            Duration.ZERO,
            Duration.ZERO,
            Duration.ZERO,
            Duration.ZERO,
            List.of(),
            0,
            null);

    String html =
        new RolloutReport(null, null, rollout(), List.of(), List.of(refused, noSeries)).html();

    assertThat(html)
        .contains("probe Service web:80/ (no request got an answer or an error)")
        // no answer: no latency line; the bucket past the axis' end (3.4 s) is cut there
        .contains("d=\"M488.2 100H1180\"")
        .doesNotContain("<title>median latency (ms)</title>")
        .contains("; no answer</title>")
        .doesNotContain("data-target=\"https://example.test/\"")
        .contains("<table id=\"probes\">", "https://example.test/: 0 requests")
        .endsWith("</body></html>\n");
  }

  @Test
  void writes_the_page_to_a_file(@TempDir Path dir) throws Exception {
    Path file = RolloutReport.of(rollout()).writeTo(dir.resolve("a/timeline.html"));

    assertThat(Files.readString(file)).contains("data-pod=\"web-bbb-2\"");
  }
}
