package dev.rollouttest.assertions.error;

import static dev.rollouttest.assertions.error.ShouldServeEveryProbe.shouldServeEveryProbe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouttest.assertions.Fixtures;
import dev.rollouttest.assertions.presentation.RolloutRepresentation;
import dev.rollouttest.model.Moment;
import dev.rollouttest.model.RolloutTimeline;
import dev.rollouttest.probe.ProbeResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.assertj.core.description.TextDescription;
import org.junit.jupiter.api.Test;

class ShouldServeEveryProbe_create_Test {

  private static final String DEPLOYMENT =
      "Deployment shop/web (revision 2, gen 4, observed 4, 3/3 updated, 3/3 available)";

  private static ProbeResult probe(String target, Map<String, Long> errors, long tolerated) {
    return new ProbeResult(
        target,
        120,
        Map.of("2xx", 120 - errors.values().stream().mapToLong(Long::longValue).sum()),
        errors,
        Duration.ofMillis(3),
        Duration.ofMillis(12),
        Duration.ofMillis(15),
        Duration.ofMillis(250),
        errors.isEmpty() ? List.of() : List.of("1.200s connection refused"),
        tolerated,
        null);
  }

  private static String create(List<ProbeResult> results, RolloutTimeline timeline) {
    return shouldServeEveryProbe(
            Fixtures.web(3, 3, false), "set image web=nginx:1.27", results, timeline)
        .create(new TextDescription(""), RolloutRepresentation.ROLLOUT_REPRESENTATION);
  }

  @Test
  void names_each_probe_beyond_its_tolerance_and_the_termination_race() {
    List<ProbeResult> results =
        List.of(
            probe("ClusterIP of Service web:80/", Map.of("connection refused", 2L), 0),
            probe("Service web:80/", Map.of(), 0));

    assertThat(create(results, null))
        .isEqualTo(
            String.format(
                "%n"
                    + "Expecting the rollout of:%n"
                    + "  "
                    + DEPLOYMENT
                    + "%n"
                    + "(set image web=nginx:1.27)%n"
                    + "to serve every probe within its tolerance, but:%n"
                    + "  2 failed request(s), 0 tolerated%n"
                    + "    ClusterIP of Service web:80/: 120 requests, 2xx=118, connection refused=2,"
                    + " latency p50 3.0 ms p99 12.0 ms max 15.0 ms, longest gap between successes"
                    + " 0.250s; first failures: [1.200s connection refused]%n"
                    + "  connection refused, connect timeout, connection reset: new connections sent"
                    + " to a pod that was shutting down while it was still routed (the race between"
                    + " endpoint removal and SIGTERM). A preStop delay longer than kube-proxy's sync"
                    + " (1 s by default) keeps the pod serving until it is no longer routed."));
  }

  @Test
  void shows_the_timeline_around_the_first_probe_failure() {
    List<Moment> moments = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      moments.add(moment(i, i == 7 ? "HTTP probe failing: Service web:80/" : "Pod web-" + i));
    }
    RolloutTimeline timeline = new RolloutTimeline("shop", "web", 2, moments);
    List<ProbeResult> results = List.of(probe("Service web:80/", Map.of("timeout", 1L), 0));

    assertThat(create(results, timeline))
        .isEqualTo(
            String.format(
                    "%n"
                        + "Expecting the rollout of:%n"
                        + "  "
                        + DEPLOYMENT
                        + "%n"
                        + "(set image web=nginx:1.27)%n"
                        + "to serve every probe within its tolerance, but:%n"
                        + "  1 failed request(s), 0 tolerated%n"
                        + "    Service web:80/: 120 requests, 2xx=119, timeout=1, latency p50 3.0 ms"
                        + " p99 12.0 ms max 15.0 ms, longest gap between successes 0.250s; first"
                        + " failures: [1.200s connection refused]%n"
                        + "Timeline around the first failure:%n")
                + timeline.table(2, 9));
  }

  private static Moment moment(int millis, String event) {
    return new Moment(
        Duration.ofMillis(millis),
        event,
        2,
        2,
        2,
        2,
        3,
        3,
        4,
        Map.of(2L, new Moment.RevisionCounts(3, 3, 3, 0)),
        new TreeSet<>(List.of("web-a", "web-b", "web-c")),
        new TreeSet<>(),
        new TreeSet<>(),
        Map.of(),
        Map.of(),
        Map.of());
  }
}
