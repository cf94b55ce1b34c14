package dev.rollouttest.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The STATUS column of {@code kubectl get pods} ({@code printPod}), and which of its values are
 * failures, on the pods kubelet and the eviction API leave behind.
 */
class KubectlPodStatusTest {

  @Test
  void a_waiting_reason_is_the_status_and_a_crash_loop_tells_how_the_container_last_ended() {
    Pod crashing = pod("Running", null, running(false, waiting("CrashLoopBackOff")));
    crashing
        .getStatus()
        .getContainerStatuses()
        .get(0)
        .setLastState(
            new ContainerStateBuilder()
                .withNewTerminated()
                .withExitCode(137)
                .withReason("OOMKilled")
                .endTerminated()
                .build());

    assertThat(KubectlPodStatus.of(crashing)).isEqualTo("CrashLoopBackOff");
    assertThat(KubectlPodStatus.failure(crashing))
        .contains("CrashLoopBackOff (last exit: OOMKilled)");

    Pod pulling = pod("Pending", null, running(false, waiting("ImagePullBackOff")));
    assertThat(KubectlPodStatus.failure(pulling)).contains("ImagePullBackOff");
    assertThat(
            KubectlPodStatus.failure(pod("Pending", null, running(false, waiting("ErrImagePull")))))
        .contains("ErrImagePull");
    assertThat(
            KubectlPodStatus.failure(
                pod("Pending", null, running(false, waiting("CreateContainerConfigError")))))
        .contains("CreateContainerConfigError");
  }

  @Test
  void a_terminated_container_shows_its_reason_or_its_exit_code_or_signal() {
    assertThat(
            KubectlPodStatus.failure(
                pod("Running", null, running(false, terminated("OOMKilled", 137, 0)))))
        .contains("OOMKilled");
    assertThat(KubectlPodStatus.of(pod("Running", null, running(false, terminated(null, 3, 0)))))
        .isEqualTo("ExitCode:3");
    assertThat(KubectlPodStatus.of(pod("Running", null, running(false, terminated(null, 0, 9)))))
        .isEqualTo("Signal:9");
  }

  @Test
  void an_evicted_pod_shows_the_eviction_even_where_kubectl_shows_its_containers() {
    // evicted through the API: no container status written after
    Pod evicted = pod("Failed", "Evicted", running(false, waiting("ContainerCreating")));
    assertThat(KubectlPodStatus.of(evicted)).isEqualTo("ContainerCreating");
    Pod bare = pod("Failed", "Evicted");
    assertThat(KubectlPodStatus.of(bare)).isEqualTo("Evicted");
    assertThat(KubectlPodStatus.failure(bare)).contains("Evicted");

    // evicted by kubelet, which wrote the containers' end after: kubectl prints that
    // (kubernetes#105467), the failure is the eviction
    Pod unknown =
        pod("Failed", "Evicted", running(false, terminated("ContainerStatusUnknown", 137, 0)));
    assertThat(KubectlPodStatus.of(unknown)).isEqualTo("ContainerStatusUnknown");
    assertThat(KubectlPodStatus.failure(unknown)).contains("Evicted");
    Pod completed = pod("Failed", "Evicted", running(false, terminated("Completed", 0, 0)));
    assertThat(KubectlPodStatus.of(completed)).isEqualTo("Completed");
    assertThat(KubectlPodStatus.failure(completed)).contains("Evicted");
    assertThat(KubectlPodStatus.failure(evicted)).contains("Evicted");

    // a Failed pod is terminal: deleting it does not make it Terminating
    bare.getMetadata().setDeletionTimestamp("2026-12-05T00:00:00Z");
    assertThat(KubectlPodStatus.of(bare)).isEqualTo("Evicted");
    assertThat(KubectlPodStatus.failure(bare)).contains("Evicted");

    // a pod that failed for no reason of its own
    Pod failed = pod("Failed", null, running(false, terminated("Completed", 0, 0)));
    assertThat(KubectlPodStatus.failure(failed)).contains("Failed");
  }

  @Test
  void a_pod_on_its_way_or_running_or_terminating_is_no_failure() {
    assertThat(KubectlPodStatus.failure(pod("Pending", null))).isEmpty();
    Pod creating = pod("Pending", null, running(false, waiting("ContainerCreating")));
    assertThat(KubectlPodStatus.of(creating)).isEqualTo("ContainerCreating");
    assertThat(KubectlPodStatus.failure(creating)).isEmpty();
    Pod running =
        pod(
            "Running",
            null,
            running(true, new ContainerStateBuilder().withNewRunning().endRunning().build()));
    assertThat(KubectlPodStatus.of(running)).isEqualTo("Running");
    assertThat(KubectlPodStatus.failure(running)).isEmpty();

    Pod crashing = pod("Running", null, running(false, waiting("CrashLoopBackOff")));
    crashing.getMetadata().setDeletionTimestamp("2026-12-05T00:00:00Z");
    assertThat(KubectlPodStatus.of(crashing)).isEqualTo("Terminating");
    assertThat(KubectlPodStatus.failure(crashing)).isEmpty();

    Pod lost =
        pod(
            "Running",
            "NodeLost",
            running(true, new ContainerStateBuilder().withNewRunning().endRunning().build()));
    lost.getMetadata().setDeletionTimestamp("2026-12-05T00:00:00Z");
    assertThat(KubectlPodStatus.failure(lost)).contains("Unknown");
  }

  @Test
  void the_first_container_with_a_reason_wins() {
    Pod pod = pod("Running", null, running(false, waiting("CreateContainerConfigError")));
    pod.getStatus()
        .getContainerStatuses()
        .add(
            new ContainerStatusBuilder()
                .withName("sidecar")
                .withReady(false)
                .withState(waiting("CrashLoopBackOff"))
                .build());

    assertThat(KubectlPodStatus.of(pod)).isEqualTo("CreateContainerConfigError");
  }

  @Test
  void an_init_container_that_fails_or_runs_shows_init_and_only_its_failure_counts() {
    Pod failing = pod("Pending", null, running(false, waiting("PodInitializing")));
    failing
        .getSpec()
        .getInitContainers()
        .add(new io.fabric8.kubernetes.api.model.ContainerBuilder().withName("migrate").build());
    failing
        .getStatus()
        .setInitContainerStatuses(
            List.of(
                new ContainerStatusBuilder()
                    .withName("migrate")
                    .withState(waiting("CrashLoopBackOff"))
                    .build()));
    assertThat(KubectlPodStatus.failure(failing)).contains("Init:CrashLoopBackOff");

    failing
        .getStatus()
        .setInitContainerStatuses(
            List.of(
                new ContainerStatusBuilder()
                    .withName("migrate")
                    .withState(terminated(null, 2, 0))
                    .build()));
    assertThat(KubectlPodStatus.failure(failing)).contains("Init:ExitCode:2");

    failing
        .getStatus()
        .setInitContainerStatuses(
            List.of(
                new ContainerStatusBuilder()
                    .withName("migrate")
                    .withState(new ContainerStateBuilder().withNewRunning().endRunning().build())
                    .build()));
    assertThat(KubectlPodStatus.of(failing)).isEqualTo("Init:0/1");
    assertThat(KubectlPodStatus.failure(failing)).isEmpty();
  }

  private static Pod pod(String phase, String reason, ContainerStatus... containers) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("web-5d9f-x2k4p")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("web")
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPhase(phase)
        .withReason(reason)
        .withContainerStatuses(containers)
        .endStatus()
        .build();
  }

  private static ContainerStatus running(boolean ready, ContainerState state) {
    return new ContainerStatusBuilder().withName("web").withReady(ready).withState(state).build();
  }

  private static ContainerState waiting(String reason) {
    return new ContainerStateBuilder().withNewWaiting().withReason(reason).endWaiting().build();
  }

  private static ContainerState terminated(String reason, int exitCode, int signal) {
    return new ContainerStateBuilder()
        .withNewTerminated()
        .withReason(reason)
        .withExitCode(exitCode)
        .withSignal(signal)
        .endTerminated()
        .build();
  }
}
