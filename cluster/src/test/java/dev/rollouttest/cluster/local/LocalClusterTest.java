package dev.rollouttest.cluster.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rollouttest.testing.LocalClusterExtension;
import dev.rollouttest.testing.Manifests;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/** The local backend's acceptance, on a real control plane with kwok. */
@ExtendWith(LocalClusterExtension.class)
class LocalClusterTest {

  private final LocalCluster cluster;
  private KubernetesClient client;
  private String namespace;

  LocalClusterTest(LocalCluster cluster) {
    this.cluster = cluster;
  }

  @BeforeEach
  void namespace(TestInfo test) {
    namespace =
        "local-" + test.getTestMethod().orElseThrow().getName().replace('_', '-').toLowerCase();
    namespace =
        namespace.substring(0, Math.min(namespace.length(), 50)) + "-" + System.nanoTime() % 10000;
    cluster.createNamespace(namespace, Map.of());
    client = cluster.client();
  }

  @AfterEach
  void deleteNamespace() {
    cluster.deleteNamespace(namespace);
  }

  @Test
  void is_a_ready_kubernetes_1_36_with_simulated_pods() {
    assertThat(cluster.backend()).isEqualTo("local");
    assertThat(cluster.kubernetesVersion()).isEqualTo("v1.36.3");
    assertThat(cluster.realPods()).isFalse();
    assertThat(cluster.kubeconfig())
        .contains("current-context: rollout-test-local", "https://127.0.0.1:");
    assertThat(client.nodes().list().getItems()).hasSize(1);
    assertThat(client.serviceAccounts().inNamespace(namespace).withName("default").get())
        .isNotNull();
  }

  @Test
  void a_deployment_rolls_out_updates_and_kubectl_undo_restores_the_first_template_as_revision_3()
      throws Exception {
    Deployment web = Manifests.deployment("web", 3, "nginx:1.26", Map.of());
    client.apps().deployments().inNamespace(namespace).resource(web).create();

    awaitComplete("web", 1);
    assertThat(readyPods("web")).hasSize(3);
    assertThat(condition("web", "Available").getStatus()).isEqualTo("True");

    client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .withName("web")
        .edit(
            d -> {
              d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("nginx:1.27");
              return d;
            });
    awaitComplete("web", 2);
    assertThat(replicaSets("web")).hasSize(2);
    assertThat(
            replicaSetOfRevision("web", "2")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getImage())
        .isEqualTo("nginx:1.27");

    String output = kubectl("rollout", "undo", "deployment/web", "-n", namespace);
    assertThat(output).contains("deployment.apps/web rolled back");

    awaitComplete("web", 3);
    ReplicaSet revision3 = replicaSetOfRevision("web", "3");
    assertThat(revision3.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("nginx:1.26");
    assertThat(revision3.getMetadata().getAnnotations())
        .containsEntry("deployment.kubernetes.io/revision-history", "1");
    assertThat(replicaSets("web")).hasSize(2);
    assertThat(readyPods("web"))
        .hasSize(3)
        .allSatisfy(
            p -> assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.26"));
  }

  @Test
  void a_never_ready_template_stalls_until_the_progress_deadline_is_exceeded() {
    Deployment web = Manifests.deployment("stuck", 2, "nginx:1.26", Map.of());
    client.apps().deployments().inNamespace(namespace).resource(web).create();
    awaitComplete("stuck", 1);

    Instant updated = Instant.now();
    client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .withName("stuck")
        .edit(
            d -> {
              d.getSpec().setProgressDeadlineSeconds(5);
              d.getSpec()
                  .getTemplate()
                  .getMetadata()
                  .getAnnotations()
                  .put("rollout-test.dev/simulate", "never-ready");
              d.getSpec()
                  .getTemplate()
                  .getSpec()
                  .getContainers()
                  .get(0)
                  .setImage("nginx:does-not-exist");
              return d;
            });

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(condition("stuck", "Progressing").getReason())
                    .isEqualTo("ProgressDeadlineExceeded"));
    assertThat(Duration.between(updated, Instant.now()))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(5));
    Deployment stuck = client.apps().deployments().inNamespace(namespace).withName("stuck").get();
    assertThat(stuck.getStatus().getAvailableReplicas()).isEqualTo(2);
    List<Pod> newPods =
        pods("stuck").stream()
            .filter(
                p -> p.getSpec().getContainers().get(0).getImage().equals("nginx:does-not-exist"))
            .toList();
    assertThat(newPods)
        .isNotEmpty()
        .allSatisfy(
            p -> {
              assertThat(p.getStatus().getPhase()).isEqualTo("Pending");
              assertThat(
                      p.getStatus()
                          .getContainerStatuses()
                          .get(0)
                          .getState()
                          .getWaiting()
                          .getReason())
                  .isEqualTo("ImagePullBackOff");
            });
  }

  @Test
  void pods_can_be_told_to_crash_loop_or_fail() {
    client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .resource(
            Manifests.deployment(
                "crashing", 1, "app:1", Map.of("rollout-test.dev/simulate", "crash-loop")))
        .create();
    client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .resource(
            Manifests.deployment(
                "failing", 1, "app:1", Map.of("rollout-test.dev/simulate", "fail")))
        .create();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(pods("crashing"))
                    .isNotEmpty()
                    .allSatisfy(
                        p -> {
                          assertThat(p.getStatus().getPhase()).isEqualTo("Running");
                          assertThat(
                                  p.getStatus()
                                      .getContainerStatuses()
                                      .get(0)
                                      .getState()
                                      .getWaiting()
                                      .getReason())
                              .isEqualTo("CrashLoopBackOff");
                          assertThat(p.getStatus().getContainerStatuses().get(0).getRestartCount())
                              .isPositive();
                        }));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(pods("failing"))
                    .anySatisfy(
                        p -> {
                          assertThat(p.getStatus().getPhase()).isEqualTo("Failed");
                          assertThat(
                                  p.getStatus()
                                      .getContainerStatuses()
                                      .get(0)
                                      .getState()
                                      .getTerminated()
                                      .getExitCode())
                              .isEqualTo(1);
                        }));
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace(namespace)
                .withName("crashing")
                .get()
                .getStatus()
                .getReadyReplicas())
        .isNull();
  }

  @Test
  void ready_and_termination_delays_follow_the_pod_annotations() {
    client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .resource(
            Manifests.deployment(
                "slow",
                1,
                "app:1",
                Map.of(
                    "rollout-test.dev/ready-delay",
                    "3s",
                    "rollout-test.dev/termination-delay",
                    "3s")))
        .create();

    Pod pod =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> readyPods("slow"), p -> p.size() == 1)
            .get(0);
    Instant scheduled = Instant.parse(condition(pod, "PodScheduled").getLastTransitionTime());
    Instant ready = Instant.parse(condition(pod, "Ready").getLastTransitionTime());
    assertThat(Duration.between(scheduled, ready))
        .isBetween(Duration.ofSeconds(2), Duration.ofSeconds(6));

    long deleted = System.nanoTime();
    client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).get()
                    == null);
    assertThat(Duration.ofNanos(System.nanoTime() - deleted))
        .isGreaterThanOrEqualTo(Duration.ofMillis(2500));
  }

  @Test
  void every_component_listens_on_loopback_only() throws IOException {
    List<Listeners.Listener> listeners = Listeners.of(cluster.componentPids());

    assertThat(listeners).isNotEmpty();
    assertThat(listeners)
        .allSatisfy(l -> assertThat(l.address()).as("listener %s", l).isEqualTo("127.0.0.1"));
    // etcd (client, peer, metrics), kube-apiserver, kube-controller-manager, kube-scheduler, kwok
    assertThat(listeners.stream().map(Listeners.Listener::port).distinct())
        .hasSizeGreaterThanOrEqualTo(7);
    assertThat(client.nodes().list().getItems())
        .allSatisfy(
            n ->
                assertThat(n.getStatus().getAddresses())
                    .allSatisfy(a -> assertThat(a.getAddress()).isEqualTo("127.0.0.1")));
  }

  private void awaitComplete(String name, int revision) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              Deployment d =
                  client.apps().deployments().inNamespace(namespace).withName(name).get();
              assertThat(d.getMetadata().getAnnotations())
                  .containsEntry("deployment.kubernetes.io/revision", Integer.toString(revision));
              assertThat(d.getStatus().getObservedGeneration())
                  .isEqualTo(d.getMetadata().getGeneration());
              int replicas = d.getSpec().getReplicas();
              assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(replicas);
              assertThat(d.getStatus().getReplicas()).isEqualTo(replicas);
              assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(replicas);
            });
  }

  private List<Pod> pods(String app) {
    return client.pods().inNamespace(namespace).withLabel("app", app).list().getItems();
  }

  private List<Pod> readyPods(String app) {
    return pods(app).stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(p -> "True".equals(condition(p, "Ready").getStatus()))
        .toList();
  }

  private List<ReplicaSet> replicaSets(String app) {
    return client
        .apps()
        .replicaSets()
        .inNamespace(namespace)
        .withLabel("app", app)
        .list()
        .getItems()
        .stream()
        .sorted(Comparator.comparing(rs -> rs.getMetadata().getName()))
        .toList();
  }

  private ReplicaSet replicaSetOfRevision(String app, String revision) {
    return replicaSets(app).stream()
        .filter(
            rs ->
                revision.equals(
                    rs.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision")))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no ReplicaSet of revision " + revision + " in " + replicaSets(app)));
  }

  private DeploymentCondition condition(String name, String type) {
    return client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .withName(name)
        .get()
        .getStatus()
        .getConditions()
        .stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " condition on " + name));
  }

  private static PodCondition condition(Pod pod, String type) {
    return pod.getStatus().getConditions() == null
        ? new PodCondition()
        : pod.getStatus().getConditions().stream()
            .filter(c -> c.getType().equals(type))
            .findFirst()
            .orElse(new PodCondition());
  }

  @Test
  void the_controller_manager_keeps_its_plugin_directory_under_the_work_directory()
      throws Exception {
    long pid = cluster.components().get("kube-controller-manager");
    String commandLine =
        java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/cmdline"))
            .replace('\0', ' ');

    assertThat(commandLine)
        .contains("--flex-volume-plugin-dir=" + cluster.workDirectory().resolve("flexvolume"));
    assertThat(java.nio.file.Path.of("/usr/libexec/kubernetes/kubelet-plugins/volume/exec"))
        .as("its default, on the host, is not created")
        .doesNotExist();
  }

  private String kubectl(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>();
    command.add(cluster.binaries().resolve("kubectl").toString());
    command.add("--kubeconfig=" + cluster.kubeconfigFile());
    command.add("--cache-dir=" + cluster.workDirectory().resolve("kubectl-cache"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("kubectl %s: %s", String.join(" ", args), output).isZero();
    return output;
  }
}
