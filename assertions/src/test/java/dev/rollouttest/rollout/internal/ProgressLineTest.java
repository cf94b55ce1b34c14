package dev.rollouttest.rollout.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouttest.model.Moment;
import dev.rollouttest.rollout.FailFast;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.pcollections.TreePSet;

/**
 * The words of a progress line: the latest moment's counts, and what the wait waits for as the
 * recorder's view shows it (kubectl's words, pods not ready and why, paused, unsettled endpoints).
 */
class ProgressLineTest {

  private static final String UID = "uid-web";
  private static final String OLD = "old111";
  private static final String NEW = "new222";
  private static final Verdict.Terms COMPLETE =
      new Verdict.Terms(FailFast.onUnrecoverable(), true, false, false);

  @Test
  void the_counts_of_the_latest_moment() {
    Moment moment =
        new Moment(
            Duration.ofSeconds(9),
            "Pod web-new222-c MODIFIED",
            2,
            2,
            2,
            2,
            6,
            5,
            8,
            Map.of(
                1L, new Moment.RevisionCounts(3, 3, 3, 1),
                2L, new Moment.RevisionCounts(3, 3, 2, 0)),
            TreePSet.from(List.of("a", "b", "c", "d", "e")),
            TreePSet.from(List.of("f")),
            TreePSet.from(List.of("g")),
            Map.of(),
            Map.of(),
            Map.of());

    assertThat(ProgressLine.of("web", moment, 0, Duration.ofMillis(12_700), List.of()))
        .isEqualTo(
            "web: revision 2, 3/6 updated, 5/6 available, 1 terminating, 0 violations, 12 s");
    assertThat(
            ProgressLine.of(
                "web", moment, 1, Duration.ofSeconds(40), List.of("verdict: invariant broken")))
        .isEqualTo(
            "web: revision 2, 3/6 updated, 5/6 available, 1 terminating, 1 violation, 40 s;"
                + " verdict: invariant broken");
    assertThat(ProgressLine.of("web", null, 0, Duration.ofMillis(5_049), List.of("paused")))
        .isEqualTo("web: nothing recorded yet, 0 violations, 5.0 s; paused");
  }

  @Test
  void a_stuck_rollout_says_what_kubectl_waits_for_and_why_its_pods_are_not_ready() {
    RolloutView view = new RolloutView(List.of());
    view.fold(deployment(6, 3, 7, 5, false), false);
    view.fold(replicaSet("web-old", OLD, 1, 4), false);
    view.fold(replicaSet("web-new", NEW, 2, 3), false);
    for (String name : List.of("a", "b", "c", "d")) {
      view.fold(pod("web-old111-" + name, OLD, true, null), false);
    }
    view.fold(pod("web-new222-a", NEW, true, null), false);
    view.fold(pod("web-new222-b", NEW, false, "ImagePullBackOff"), false);
    view.fold(pod("web-new222-c", NEW, false, "ImagePullBackOff"), false);

    List<String> notes = ProgressLine.notes(view, COMPLETE, List.of());
    String line =
        ProgressLine.of(
            "web", view.moment(Duration.ofSeconds(12), "x"), 0, Duration.ofSeconds(12), notes);

    assertThat(line)
        .isEqualTo(
            "web: revision 2, 3/6 updated, 5/6 available, 0 violations, 12 s;"
                + " kubectl: 3 out of 6 new replicas have been updated...;"
                + " 2 pods not ready: ImagePullBackOff");

    view.fold(pod("web-new222-c", NEW, false, "CreateContainerConfigError"), false);
    view.fold(pod("web-new222-d", NEW, false, null), false);
    // as kubectl get pods shows them: a Pending pod with no container status is "Pending"
    assertThat(ProgressLine.notes(view, COMPLETE, List.of()))
        .contains("3 pods not ready: 1 CreateContainerConfigError, 1 ImagePullBackOff, 1 Pending");
  }

  @Test
  void a_pending_pod_the_scheduler_could_not_place_says_why_and_a_running_one_says_nothing() {
    io.fabric8.kubernetes.api.model.Pod unschedulable =
        new io.fabric8.kubernetes.api.model.PodBuilder()
            .withNewStatus()
            .withPhase("Pending")
            .addNewCondition()
            .withType("PodScheduled")
            .withStatus("False")
            .withReason("Unschedulable")
            .endCondition()
            .endStatus()
            .build();
    io.fabric8.kubernetes.api.model.Pod running =
        new io.fabric8.kubernetes.api.model.PodBuilder()
            .withNewStatus()
            .withPhase("Running")
            .endStatus()
            .build();

    assertThat(PodFold.notReadyReason(unschedulable)).contains("Unschedulable");
    assertThat(PodFold.notReadyReason(running)).isEmpty();
  }

  @Test
  void a_paused_deployment_says_so_and_a_complete_one_says_what_the_settled_wait_still_needs() {
    RolloutView paused = new RolloutView(List.of());
    paused.fold(deployment(2, 1, 2, 2, true), false);
    assertThat(ProgressLine.notes(paused, COMPLETE, List.of()))
        .containsExactly("paused", "kubectl: 1 out of 2 new replicas have been updated...");

    RolloutView complete = new RolloutView(List.of("web"));
    complete.fold(deployment(1, 1, 1, 1, false), false);
    complete.fold(replicaSet("web-new", NEW, 1, 1), false);
    complete.fold(pod("web-new222-a", NEW, true, null), false);
    Verdict.Terms settled = new Verdict.Terms(FailFast.onUnrecoverable(), false, true, false);
    assertThat(ProgressLine.notes(complete, settled, List.of("web")))
        .containsExactly(
            "waiting: Service web does not list ready pods [web-new222-a] as ready endpoints");
    assertThat(ProgressLine.notes(complete, COMPLETE, List.of("web"))).isEmpty();
  }

  @Test
  void a_long_note_is_cut() {
    String pods = "x".repeat(500);
    assertThat(ProgressLine.of("web", null, 0, Duration.ZERO, List.of(pods)))
        .hasSize("web: nothing recorded yet, 0 violations, 0.0 s; ".length() + 200 + 3)
        .endsWith("x...");
  }

  private static Deployment deployment(
      int replicas, int updated, int current, int available, boolean paused) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("web")
        .withNamespace("shop")
        .withUid(UID)
        .withGeneration(2L)
        .addToAnnotations("deployment.kubernetes.io/revision", "2")
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withPaused(paused)
        .withNewSelector()
        .addToMatchLabels("app", "web")
        .endSelector()
        .withTemplate(template(NEW))
        .endSpec()
        .withNewStatus()
        .withObservedGeneration(2L)
        .withReplicas(current)
        .withUpdatedReplicas(updated)
        .withAvailableReplicas(available)
        .withReadyReplicas(available)
        .endStatus()
        .build();
  }

  private static io.fabric8.kubernetes.api.model.PodTemplateSpec template(String hash) {
    return new io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder()
        .withNewMetadata()
        .addToLabels("app", "web")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("web")
        .withImage("nginx:" + hash)
        .endContainer()
        .endSpec()
        .build();
  }

  private static ReplicaSet replicaSet(String name, String hash, long revision, int replicas) {
    var template = template(hash);
    template.getMetadata().getLabels().put("pod-template-hash", hash);
    return new ReplicaSetBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels("app", "web")
        .addToLabels("pod-template-hash", hash)
        .addToAnnotations("deployment.kubernetes.io/revision", Long.toString(revision))
        .addNewOwnerReference()
        .withUid(UID)
        .withKind("Deployment")
        .withName("web")
        .withController(true)
        .endOwnerReference()
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withTemplate(template)
        .endSpec()
        .build();
  }

  private static Pod pod(String name, String hash, boolean ready, @Nullable String waiting) {
    var status =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withLabels(Map.of("app", "web", "pod-template-hash", hash))
            .endMetadata()
            .withNewStatus()
            .withPhase(ready ? "Running" : "Pending")
            .addNewCondition()
            .withType("Ready")
            .withStatus(ready ? "True" : "False")
            .endCondition();
    if (waiting != null) {
      status =
          status
              .addNewContainerStatus()
              .withName("web")
              .withRestartCount(0)
              .withState(
                  new ContainerStateBuilder()
                      .withNewWaiting()
                      .withReason(waiting)
                      .endWaiting()
                      .build())
              .endContainerStatus();
    }
    return status.endStatus().build();
  }
}
