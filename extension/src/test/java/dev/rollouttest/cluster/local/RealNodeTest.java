package dev.rollouttest.cluster.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rollouttest.cluster.ClusterSettings;
import dev.rollouttest.cluster.ConfigurationSource;
import dev.rollouttest.probe.HttpProbe;
import dev.rollouttest.probe.HttpProbing;
import dev.rollouttest.probe.ProbeResult;
import dev.rollouttest.testing.HostState;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real node on the local backend (pods = real): it registers and runs pods that answer on their
 * pod IPs and through their Service's ClusterIP, kubectl logs reach its kubelet, and when the
 * cluster closes the host is as it was: kernel settings, links, routes, netfilter rules, mounts,
 * directories, cgroups.
 */
class RealNodeTest {

  /** The run directory of the "next run" in the SIGKILL test; JUnit deletes it afterwards. */
  @TempDir Path nextRun;

  static ClusterSettings realPods() {
    return ClusterSettings.from(
        ConfigurationSource.of(Map.of(ClusterSettings.LOCAL_PODS, "real"))
            .orElse(ConfigurationSource.systemPropertiesAndEnvironment()));
  }

  static void assumeRealPodsCanRun() {
    assumeTrue(
        RealNode.whyUnavailable().isEmpty(),
        () -> "Real pods cannot run here: " + RealNode.whyUnavailable().orElse(""));
  }

  @Test
  void runs_real_pods_and_leaves_the_host_as_it_found_it() throws Exception {
    assumeRealPodsCanRun();
    Path tools = NodeBinaries.resolve().resolve("bin");
    HostState before = HostState.capture(tools);
    Map<String, String> kernelBefore = kubeletTunables();
    Path nodeDirectory;
    try (LocalCluster cluster = LocalCluster.start(realPods())) {
      assertThat(cluster.realPods()).isTrue();
      KubernetesClient client = cluster.client();
      List<Node> nodes = client.nodes().list().getItems();
      assertThat(nodes)
          .extracting(n -> n.getMetadata().getName())
          .containsExactly("rollout-test-real-node");
      assertThat(nodes.get(0).getStatus().getNodeInfo().getContainerRuntimeVersion())
          .startsWith("containerd://2.");
      nodeDirectory = cluster.realNode().orElseThrow().directory();

      String ns = "real-node-test";
      cluster.createNamespace(ns, Map.of());
      client
          .load(RealNodeTest.class.getResourceAsStream("/manifests/real/testapp.yaml"))
          .inNamespace(ns)
          .serverSideApply();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                Deployment d =
                    client.apps().deployments().inNamespace(ns).withName("testapp").get();
                return d.getStatus() != null
                    && Integer.valueOf(3).equals(d.getStatus().getAvailableReplicas());
              });
      List<Pod> pods = client.pods().inNamespace(ns).withLabel("app", "testapp").list().getItems();
      Pod pod = pods.get(0);
      assertThat(pod.getStatus().getPodIP()).startsWith("10.245.");
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      HttpResponse<String> direct =
          http.send(
              HttpRequest.newBuilder(URI.create("http://" + pod.getStatus().getPodIP() + ":8080/"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(direct.body()).isEqualTo("v1 " + pod.getMetadata().getName() + "\n");
      // through kube-proxy: it writes a Service's rules a moment after the Service and its
      // endpoints exist, so the probe first waits for an answer (bounded), then no request may fail
      HttpProbing viaService =
          HttpProbe.clusterIp("testapp", 80)
              .every(Duration.ofMillis(20))
              .start(
                  client
                      .adapt(io.fabric8.kubernetes.client.NamespacedKubernetesClient.class)
                      .inNamespace(ns),
                  null);
      long waiting = System.nanoTime();
      assertThat(viaService.awaitServing(Duration.ofSeconds(10)))
          .as("the ClusterIP answers within 10 s")
          .isTrue();
      System.out.printf(
          "ClusterIP answered %d ms after the Deployment was available%n",
          (System.nanoTime() - waiting) / 1_000_000);
      await().atMost(Duration.ofSeconds(5)).until(() -> viaService.sentSoFar() >= 25);
      ProbeResult served = viaService.stop();
      assertThat(served.failed()).as(served.summary()).isZero();
      assertThat(served.statusClasses()).containsOnlyKeys("2xx");

      // a locally built image, loaded from its archive, runs without a registry
      Path archive =
          retagged(NodeBinaries.resolve().resolve("images/testapp-v1.tar"), "localhost/user/app:1");
      assertThat(cluster.loadImage(archive)).containsExactly("localhost/user/app:1");
      client
          .pods()
          .inNamespace(ns)
          .resource(
              new io.fabric8.kubernetes.api.model.PodBuilder()
                  .withNewMetadata()
                  .withName("user-image")
                  .endMetadata()
                  .withNewSpec()
                  .addNewContainer()
                  .withName("app")
                  .withImage("localhost/user/app:1")
                  .withImagePullPolicy("Never")
                  .withEnv(new io.fabric8.kubernetes.api.model.EnvVar("VERSION", "mine", null))
                  .withNewReadinessProbe()
                  .withNewHttpGet()
                  .withPath("/ready")
                  .withNewPort(8080)
                  .endHttpGet()
                  .withPeriodSeconds(1)
                  .endReadinessProbe()
                  .endContainer()
                  .endSpec()
                  .build())
          .create();
      Pod user =
          client
              .pods()
              .inNamespace(ns)
              .withName("user-image")
              .waitUntilCondition(
                  p ->
                      p != null
                          && p.getStatus() != null
                          && p.getStatus().getConditions() != null
                          && p.getStatus().getConditions().stream()
                              .anyMatch(
                                  c -> c.getType().equals("Ready") && c.getStatus().equals("True")),
                  60,
                  java.util.concurrent.TimeUnit.SECONDS);
      assertThat(
              http.send(
                      HttpRequest.newBuilder(
                              URI.create("http://" + user.getStatus().getPodIP() + ":8080/"))
                          .timeout(Duration.ofSeconds(2))
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body())
          .isEqualTo("mine user-image\n");
      Files.delete(archive);

      // the API server reaches kubelet with its client certificate
      assertThat(client.pods().inNamespace(ns).withName(pod.getMetadata().getName()).getLog())
          .contains("started");

      // kubelet did try to write the host's kernel settings: its writes are in the shadow files
      assertThat(Files.readString(nodeDirectory.resolve("shadow-sysctl/kernel.panic")).strip())
          .isEqualTo("10");
      assertThat(kubeletTunables()).isEqualTo(kernelBefore);
    }
    assertThat(kubeletTunables()).isEqualTo(kernelBefore);
    assertThat(HostState.capture(tools).differencesFrom(before))
        .as("what the run left changed on the host")
        .isEmpty();
    assertThat(nodeDirectory.resolve("logs/kubelet.log")).exists();
  }

  /**
   * What SIGKILL leaves: a node whose watchdog died with its JVM, and whose reservation names a
   * dead JVM, or is lost altogether (a crash between the two removals).
   */
  @ParameterizedTest(name = "reservation {0}")
  @ValueSource(strings = {"names a dead JVM", "is lost"})
  void a_node_left_by_a_killed_run_is_removed_when_the_next_node_starts(String reservation)
      throws Exception {
    assumeRealPodsCanRun();
    Path tools = NodeBinaries.resolve().resolve("bin");
    HostState before = HostState.capture(tools);
    try (LocalCluster cluster = LocalCluster.start(realPods())) {
      RealNode node = cluster.realNode().orElseThrow();
      Map<String, Long> pids = node.pids();
      // what SIGKILL does to a run: its watchdog dies with it, and its reservation names a dead JVM
      Process gone = new ProcessBuilder("true").start();
      gone.waitFor();
      ProcessHandle.of(node.watchdogPid()).ifPresent(ProcessHandle::destroyForcibly);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> ProcessHandle.of(node.watchdogPid()).isEmpty());
      if (reservation.equals("is lost")) {
        Files.delete(node.registration());
      } else {
        String entry = Files.readString(node.registration());
        Files.writeString(
            node.registration(), entry.replaceAll("(?m)^pid=.*$", "pid=" + gone.pid()));
      }

      NodeReservations.Reservation next = NodeReservations.reserve(nextRun);
      next.release();

      assertThat(pids.values())
          .as("the node's processes, after the next reservation cleaned up")
          .noneMatch(RealNodeTest::running);
      assertThat(node.registration()).doesNotExist();
    }
    assertThat(HostState.capture(tools).differencesFrom(before))
        .as("what the killed run left on the host, after the next start cleaned up")
        .isEmpty();
  }

  @Test
  void load_image_refuses_a_file_that_is_not_an_image_archive() throws IOException {
    Path notAnImage = Files.createTempFile("not-an-image", ".tar");
    Files.writeString(notAnImage, "hello");
    try {
      assertThatThrownBy(() -> dev.rollouttest.cluster.ImageArchive.references(notAnImage))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(notAnImage.toString())
          .hasMessageContaining("not an image archive");
    } finally {
      Files.delete(notAnImage);
    }
  }

  /** Whether a process runs: it exists and is not a zombie waiting for init to reap it. */
  static boolean running(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
    } catch (IOException e) {
      return false;
    }
  }

  /** A copy of a docker-archive whose image is tagged {@code reference} instead. */
  static Path retagged(Path archive, String reference) throws IOException {
    Path copy = Files.createTempFile("user-image", ".tar");
    try (var in =
            new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
                Files.newInputStream(archive));
        var out =
            new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
                Files.newOutputStream(copy))) {
      org.apache.commons.compress.archivers.tar.TarArchiveEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        byte[] content = in.readAllBytes();
        if (entry.getName().equals("manifest.json")) {
          content =
              new String(content, java.nio.charset.StandardCharsets.UTF_8)
                  .replaceAll("\"RepoTags\":\\[[^\\]]*\\]", "\"RepoTags\":[\"" + reference + "\"]")
                  .getBytes(java.nio.charset.StandardCharsets.UTF_8);
          entry.setSize(content.length);
        }
        out.putArchiveEntry(entry);
        out.write(content);
        out.closeArchiveEntry();
      }
    }
    return copy;
  }

  static Map<String, String> kubeletTunables() throws IOException {
    Map<String, String> values = new java.util.TreeMap<>();
    for (String key :
        List.of(
            "vm/overcommit_memory",
            "vm/panic_on_oom",
            "kernel/panic",
            "kernel/panic_on_oops",
            "kernel/keys/root_maxkeys",
            "kernel/keys/root_maxbytes")) {
      values.put(key, Files.readString(Path.of("/proc/sys", key)).strip());
    }
    return values;
  }
}
