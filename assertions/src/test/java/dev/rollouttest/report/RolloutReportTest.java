package dev.rollouttest.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouttest.invariant.Invariant;
import dev.rollouttest.invariant.Violation;
import dev.rollouttest.model.Moment;
import dev.rollouttest.model.RolloutTimeline;
import dev.rollouttest.model.WatchGap;
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
        Map.of("aaa", 1L, "bbb", 2L));
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
        .contains("<th>backend</th><td>local</td>");
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

  @Test
  void writes_the_page_to_a_file(@TempDir Path dir) throws Exception {
    Path file = RolloutReport.of(rollout()).writeTo(dir.resolve("a/timeline.html"));

    assertThat(Files.readString(file)).contains("data-pod=\"web-bbb-2\"");
  }
}
