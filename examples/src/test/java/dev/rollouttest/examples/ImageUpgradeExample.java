package dev.rollouttest.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rollouttest.cluster.ClusterSettings;
import dev.rollouttest.cluster.KubernetesCluster;
import dev.rollouttest.cluster.KubernetesClusters;
import dev.rollouttest.rollout.RolloutStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Upgrades the image of a web Deployment on the default backend (K3s where Docker answers, the
 * local control plane otherwise) and checks, with kubectl's completion rule, that revision 2 rolls
 * out completely.
 *
 * <p>This example uses the cluster backends directly; the {@code @RolloutTest} extension and the
 * fluent assertions will shorten it to a few lines.
 */
class ImageUpgradeExample {

  private static KubernetesCluster cluster;
  private static final String NAMESPACE = "example-image-upgrade";

  @BeforeAll
  static void startCluster() {
    cluster = KubernetesClusters.start(ClusterSettings.fromEnvironment());
    cluster.createNamespace(NAMESPACE, Map.of());
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void upgrade_rolls_out_revision_2() {
    KubernetesClient client = cluster.client();
    client
        .load(getClass().getResourceAsStream("web.yaml"))
        .inNamespace(NAMESPACE)
        .serverSideApply();
    awaitRolloutStatus("web");

    long started = System.nanoTime();
    client
        .apps()
        .deployments()
        .inNamespace(NAMESPACE)
        .withName("web")
        .edit(
            d -> {
              d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("nginx:1.27");
              return d;
            });
    Deployment done = awaitRolloutStatus("web");

    assertThat(done.getMetadata().getAnnotations())
        .containsEntry(RolloutStatus.REVISION_ANNOTATION, "2");
    assertThat(done.getStatus().getUpdatedReplicas()).isEqualTo(3);
    System.out.printf(
        "EXAMPLE image-upgrade [%s backend]: PASS - web rolled out nginx:1.27 as revision 2, %d/3 updated and available,"
            + " in %.1f s%n",
        cluster.backend(),
        done.getStatus().getAvailableReplicas(),
        (System.nanoTime() - started) / 1e9);
  }

  private Deployment awaitRolloutStatus(String name) {
    return await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> cluster.client().apps().deployments().inNamespace(NAMESPACE).withName(name).get(),
            d -> RolloutStatus.of(d).done());
  }
}
