package dev.rollouttest.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollouttest.cluster.local.LocalCluster;
import dev.rollouttest.kube.ChangeCause;
import dev.rollouttest.testing.LocalClusterExtension;
import dev.rollouttest.testing.Manifests;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each driver against the built kubectl as the oracle: the same action on twin Deployments (web-a
 * by the driver, web-b by kubectl) must leave the same revisions, templates, annotations and spec,
 * and fail with the same words.
 */
@ExtendWith(LocalClusterExtension.class)
class KubectlParityTest {

  private final LocalCluster cluster;
  private KubernetesClient client;
  private String namespace;
  private DeploymentRollout a;

  KubectlParityTest(LocalCluster cluster) {
    this.cluster = cluster;
  }

  record Kubectl(int exit, String out, String err) {}

  @BeforeEach
  void twins(TestInfo test) {
    namespace =
        "parity-" + test.getTestMethod().orElseThrow().getName().replace('_', '-').toLowerCase();
    namespace =
        namespace.substring(0, Math.min(50, namespace.length()))
            + "-"
            + Long.toString(System.nanoTime() % 100000, 36);
    cluster.createNamespace(namespace, Map.of());
    client =
        cluster
            .client()
            .adapt(io.fabric8.kubernetes.client.NamespacedKubernetesClient.class)
            .inNamespace(namespace);
    for (String name : List.of("web-a", "web-b")) {
      client
          .apps()
          .deployments()
          .resource(Manifests.deployment(name, 2, "nginx:1.25", Map.of()))
          .create();
    }
    a = DeploymentRollout.of(client, "web-a");
    settle();
  }

  @AfterEach
  void deleteNamespace() {
    cluster.deleteNamespace(namespace);
  }

  @Test
  void update_with_change_cause_then_undo_then_undo_to_revision() throws Exception {
    RolloutResult updated = a.updateImage("web", "nginx:1.26").because("CVE fix").apply();
    assertThat(updated.deployment().getStatus().getObservedGeneration()).isEqualTo(2);
    // kubectl's only single-write way to change the image and the cause together
    ok(
        kubectl(
            "patch",
            "deployment/web-b",
            "-p",
            "{\"metadata\":{\"annotations\":{\"kubernetes.io/change-cause\":\"CVE fix\"}},"
                + "\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"nginx:1.26\"}]}}}}"));
    settle();
    assertSameState();
    assertThat(a.history().revisions())
        .extracting(r -> r.changeCause().orElse("<none>"))
        .containsExactly("<none>", "CVE fix");

    a.updateImage("web", "nginx:1.27").apply();
    ok(kubectl("set", "image", "deployment/web-b", "web=nginx:1.27"));
    settle();
    assertSameState();

    assertThat(a.undo().apply().message()).isEqualTo("deployment.apps/web-a rolled back");
    assertThat(ok(kubectl("rollout", "undo", "deployment/web-b")).out())
        .isEqualTo("deployment.apps/web-b rolled back");
    settle();
    assertSameState();
    assertThat(a.history().revisions())
        .extracting(Revision::number, r -> r.images().get("web"), Revision::earlierNumbers)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1L, "nginx:1.25", List.of()),
            org.assertj.core.groups.Tuple.tuple(3L, "nginx:1.27", List.of()),
            org.assertj.core.groups.Tuple.tuple(4L, "nginx:1.26", List.of(2L)));
    assertThat(a.get().getMetadata().getAnnotations())
        .containsEntry(ChangeCause.ANNOTATION, "CVE fix");

    a.undoTo(1).apply();
    ok(kubectl("rollout", "undo", "deployment/web-b", "--to-revision=1"));
    settle();
    assertSameState();
    assertThat(a.history().revisions().get(a.history().revisions().size() - 1).earlierNumbers())
        .containsExactly(1L);

    RolloutResult skipped = a.undoTo(5).apply();
    Kubectl oracle = kubectl("rollout", "undo", "deployment/web-b", "--to-revision=5");
    assertThat(skipped.message()).isEqualTo(oracle.out().replace("web-b", "web-a"));
    assertThat(skipped.message())
        .isEqualTo(
            "deployment.apps/web-a skipped rollback (current template already matches revision 5)");
    assertSameState();
  }

  @Test
  void errors_match_kubectl() throws Exception {
    sameError(
        () -> a.undoTo(9).apply(),
        kubectl("rollout", "undo", "deployment/web-b", "--to-revision=9"));
    sameError(() -> a.undo().apply(), kubectl("rollout", "undo", "deployment/web-b"));
    sameError(() -> a.resume().apply(), kubectl("rollout", "resume", "deployment/web-b"));

    assertThat(a.pause().apply().message()).isEqualTo("deployment.apps/web-a paused");
    assertThat(ok(kubectl("rollout", "pause", "deployment/web-b")).out())
        .isEqualTo("deployment.apps/web-b paused");
    assertSameState();
    sameError(() -> a.pause().apply(), kubectl("rollout", "pause", "deployment/web-b"));
    sameError(() -> a.restart().apply(), kubectl("rollout", "restart", "deployment/web-b"));
    a.updateImage("web", "nginx:1.26").apply();
    ok(kubectl("set", "image", "deployment/web-b", "web=nginx:1.26"));
    sameError(() -> a.undo().apply(), kubectl("rollout", "undo", "deployment/web-b"));

    assertThat(a.resume().apply().message()).isEqualTo("deployment.apps/web-a resumed");
    assertThat(ok(kubectl("rollout", "resume", "deployment/web-b")).out())
        .isEqualTo("deployment.apps/web-b resumed");
    settle();
    assertSameState();
  }

  @Test
  void restart_and_scale() throws Exception {
    assertThat(a.restart().apply().message()).isEqualTo("deployment.apps/web-a restarted");
    assertThat(ok(kubectl("rollout", "restart", "deployment/web-b")).out())
        .isEqualTo("deployment.apps/web-b restarted");
    settle();
    assertSameState();
    assertThat(a.get().getSpec().getTemplate().getMetadata().getAnnotations())
        .containsKey(DeploymentRollout.RESTARTED_AT);
    assertThat(a.history().revisions()).hasSize(2);

    assertThat(a.scale(4).apply().message()).isEqualTo("deployment.apps/web-a scaled");
    assertThat(ok(kubectl("scale", "deployment/web-b", "--replicas=4")).out())
        .isEqualTo("deployment.apps/web-b scaled");
    settle();
    assertSameState();
    assertThat(a.get().getStatus().getAvailableReplicas()).isEqualTo(4);
  }

  @Test
  void an_undo_right_after_an_update_goes_back_exactly_one_step() {
    a.updateImage("web", "nginx:1.26").apply();
    settle();
    for (int i = 0; i < 3; i++) {
      a.updateImage("web", "nginx:1.27").apply();
      a.undo()
          .apply(); // no wait in between: the driver's own wait for observedGeneration is all there
      // is
      assertThat(a.get().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
          .as("round %d", i)
          .isEqualTo("nginx:1.26");
      settle();
    }
  }

  @Test
  void every_verb_on_a_deployment_that_does_not_exist_says_not_found() {
    DeploymentRollout missing = DeploymentRollout.of(client, "nope");
    String notFound = "deployments.apps \"nope\" not found in namespace " + namespace;
    for (RolloutAction change :
        List.<RolloutAction>of(
            missing.updateImage("web", "nginx:1.27"),
            missing.scale(2),
            missing.pause(),
            missing.undo(),
            missing.restart())) {
      assertThatThrownBy(change::apply)
          .as(change.toString())
          .isInstanceOf(RolloutException.class)
          .hasMessage(notFound);
    }
  }

  @Test
  void an_unknown_container_is_named() {
    assertThatThrownBy(() -> a.updateImage("nginx", "nginx:1.27").apply())
        .isInstanceOf(RolloutException.class)
        .hasMessage("unable to find container named \"nginx\"");
  }

  // --- helpers
  // ----------------------------------------------------------------------------------------------------

  private void settle() {
    for (String name : List.of("web-a", "web-b")) {
      client
          .apps()
          .deployments()
          .withName(name)
          .waitUntilCondition(
              d ->
                  Boolean.TRUE.equals(d.getSpec().getPaused())
                      ? d.getStatus().getObservedGeneration() >= d.getMetadata().getGeneration()
                      : RolloutStatus.of(d).done(),
              60,
              TimeUnit.SECONDS);
    }
  }

  /** web-a and web-b agree on everything that does not carry their names or times. */
  private void assertSameState() {
    assertThat(normalized("web-a")).isEqualTo(normalized("web-b"));
  }

  private Map<String, Object> normalized(String name) {
    Deployment d = client.apps().deployments().withName(name).get();
    Map<String, Object> state = new HashMap<>();
    state.put("annotations", d.getMetadata().getAnnotations());
    state.put("paused", d.getSpec().getPaused());
    state.put("replicas", d.getSpec().getReplicas());
    var template = client.getKubernetesSerialization().clone(d.getSpec().getTemplate());
    template.getMetadata().getLabels().put("app", "web-?");
    if (template.getMetadata().getAnnotations() != null
        && template.getMetadata().getAnnotations().containsKey(DeploymentRollout.RESTARTED_AT)) {
      template.getMetadata().getAnnotations().put(DeploymentRollout.RESTARTED_AT, "<time>");
    }
    state.put("template", template);
    List<String> history = new ArrayList<>();
    DeploymentRollout.of(client, name)
        .history()
        .revisions()
        .forEach(
            r ->
                history.add(
                    r.number()
                        + " "
                        + r.images()
                        + " "
                        + r.changeCause()
                        + " "
                        + r.earlierNumbers()));
    state.put("history", history);
    return state;
  }

  private static void sameError(Runnable driver, Kubectl oracle) {
    assertThat(oracle.exit()).as("kubectl exit code; stdout %s", oracle.out()).isNotZero();
    assertThatThrownBy(driver::run)
        .isInstanceOf(RolloutException.class)
        .satisfies(
            e ->
                assertThat("error: " + e.getMessage())
                    .isEqualTo(oracle.err().replace("web-b", "web-a")));
  }

  private static Kubectl ok(Kubectl result) {
    assertThat(result.exit()).as("kubectl failed: %s", result.err()).isZero();
    return result;
  }

  private Kubectl kubectl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(cluster.binaries().resolve("kubectl").toString());
    command.add("--kubeconfig=" + cluster.kubeconfigFile());
    command.add("--cache-dir=" + cluster.workDirectory().resolve("kubectl-cache"));
    command.add("--namespace=" + namespace);
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Kubectl(
        p.exitValue(),
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip(),
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip());
  }
}
