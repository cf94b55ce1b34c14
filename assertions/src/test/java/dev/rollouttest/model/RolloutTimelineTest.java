package dev.rollouttest.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class RolloutTimelineTest {

  private static Moment at(long millis, String event, int ready) {
    return new Moment(
        Duration.ofMillis(millis),
        event,
        2,
        2,
        1,
        1,
        3,
        3,
        4,
        Map.of(1L, new Moment.RevisionCounts(3, 3, ready, 0)),
        new TreeSet<>(ready == 3 ? List.of("a", "b", "c") : List.of("a", "b")),
        new TreeSet<>(ready == 3 ? List.<String>of() : List.of("c")),
        new TreeSet<>(),
        Map.of("web", new Moment.EndpointCounts(ready, 0)),
        Map.of("Available", "True"),
        Map.of("Running", ready));
  }

  private final RolloutTimeline timeline =
      new RolloutTimeline(
          "shop",
          "web",
          2,
          List.of(at(0, "recording started", 3), at(1250, "Pod c MODIFIED: not Ready", 2)));

  @Test
  void prints_a_compact_table() {
    assertThat(timeline.table())
        .isEqualTo(
            "    #      time avail pods  rev1 d/p/r   ep:web  event\n"
                + "    0    0.000s     3    3       3/3/3        3  recording started\n"
                + "    1    1.250s     2    3       3/3/2        2  Pod c MODIFIED: not Ready");
  }

  @Test
  void exports_json() {
    assertThat(timeline.toJson())
        .contains("\"namespace\":\"shop\"", "\"deployment\":\"web\"", "\"changeGeneration\":2")
        .contains("\"at\":1.25", "\"event\":\"Pod c MODIFIED: not Ready\"")
        .contains("\"revisions\":{\"1\":{")
        .contains("\"unreadyPods\":[\"c\"]", "\"endpoints\":{\"web\":{");
    @SuppressWarnings("unchecked")
    Map<String, Object> root =
        new io.fabric8.kubernetes.client.utils.KubernetesSerialization()
            .unmarshal(timeline.toJson(), Map.class);
    List<Map<String, Object>> moments = (List<Map<String, Object>>) root.get("moments");
    assertThat(moments).hasSize(2);
    Map<String, Object> second = moments.get(1);
    assertThat(second)
        .containsEntry("revision", 1)
        .containsEntry("conditions", Map.of("Available", "True"))
        .containsEntry("podPhases", Map.of("Running", 2))
        .containsEntry("readyPods", List.of("a", "b"));
    assertThat((Map<String, Object>) second.get("revisions"))
        .containsEntry(
            "1", Map.of("desired", 3, "pods", 3, "ready", 2, "available", 2, "terminating", 0));
    assertThat(second).as("no pod fails: no field").doesNotContainKey("podReasons");
  }

  @Test
  void exports_the_failing_pods_reasons_only_where_a_pod_fails() {
    Moment ok = at(1250, "Pod c MODIFIED: not Ready", 2);
    Moment failing =
        new Moment(
            ok.at(),
            ok.event(),
            ok.generation(),
            ok.observedGeneration(),
            ok.revision(),
            ok.newRevision(),
            ok.replicas(),
            ok.minAvailable(),
            ok.maxTotal(),
            ok.peakAvailable(),
            ok.revisions(),
            ok.readyPods(),
            ok.warmingPods(),
            ok.unreadyPods(),
            ok.terminatingPods(),
            ok.endpoints(),
            ok.conditions(),
            ok.podPhases(),
            ok.hashRevisions(),
            new java.util.TreeMap<>(Map.of("c", "CrashLoopBackOff (last exit: OOMKilled)")));

    String json = new RolloutTimeline("shop", "web", 2, List.of(ok, failing)).toJson();

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> moments =
        (List<Map<String, Object>>)
            new io.fabric8.kubernetes.client.utils.KubernetesSerialization()
                .unmarshal(json, Map.class)
                .get("moments");
    assertThat(moments.get(0)).doesNotContainKey("podReasons");
    assertThat(moments.get(1))
        .containsEntry("podReasons", Map.of("c", "CrashLoopBackOff (last exit: OOMKilled)"));
  }
}
