package dev.rollouttest.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Readiness and availability as the ReplicaSet controller counts them ({@code IsPodReady}, {@code
 * IsPodAvailable} on the active pods).
 */
class PodsTest {

  private static final Instant READY_AT = Instant.parse("2026-12-05T10:00:00Z");

  @Test
  void a_ready_pod_is_available_at_once_without_min_ready_seconds() {
    Pod pod = pod("True", "2026-12-05T10:00:00Z");

    assertThat(Pods.ready(pod)).isTrue();
    assertThat(Pods.readySince(pod)).contains(READY_AT);
    // even when our clock is behind the server's
    assertThat(Pods.available(pod, 0, READY_AT.minusSeconds(3600))).isTrue();
  }

  @Test
  void a_pod_is_available_once_ready_for_exactly_min_ready_seconds_and_not_a_millisecond_before() {
    Pod pod = pod("True", "2026-12-05T10:00:00Z");

    assertThat(Pods.availableFrom(pod, 3)).contains(READY_AT.plusSeconds(3));
    assertThat(Pods.available(pod, 3, READY_AT.plusMillis(2999))).isFalse();
    assertThat(Pods.available(pod, 3, READY_AT.plusSeconds(3))).isTrue();
  }

  @Test
  void a_pod_that_is_not_ready_or_terminating_is_not_available() {
    Pod unready = pod("False", "2026-12-05T10:00:00Z");
    assertThat(Pods.ready(unready)).isFalse();
    assertThat(Pods.readySince(unready)).isEmpty();
    assertThat(Pods.available(unready, 0, READY_AT)).isFalse();

    Pod terminating = pod("True", "2026-12-05T10:00:00Z");
    terminating.getMetadata().setDeletionTimestamp("2026-12-05T10:00:05Z");
    assertThat(Pods.terminating(terminating)).isTrue();
    assertThat(Pods.ready(terminating)).as("still Ready").isTrue();
    assertThat(Pods.available(terminating, 0, READY_AT.plusSeconds(60))).isFalse();

    Pod noConditions = new PodBuilder().withNewMetadata().withName("web-1").endMetadata().build();
    assertThat(Pods.ready(noConditions)).isFalse();
    assertThat(Pods.terminating(noConditions)).isFalse();
  }

  @Test
  void a_ready_condition_without_transition_time_is_available_only_without_min_ready_seconds() {
    Pod pod = pod("True", null);

    assertThat(Pods.readySince(pod)).isEmpty();
    assertThat(Pods.availableFrom(pod, 3)).isEmpty();
    assertThat(Pods.available(pod, 0, READY_AT)).isTrue();
    assertThat(Pods.available(pod, 3, READY_AT.plusSeconds(3600))).isFalse();
  }

  private static Pod pod(String ready, String lastTransitionTime) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("web-1")
        .endMetadata()
        .withNewStatus()
        .withPhase("Running")
        .addNewCondition()
        .withType("PodScheduled")
        .withStatus("True")
        .withLastTransitionTime("2026-12-05T09:59:50Z")
        .endCondition()
        .addNewCondition()
        .withType("Ready")
        .withStatus(ready)
        .withLastTransitionTime(lastTransitionTime)
        .endCondition()
        .endStatus()
        .build();
  }
}
