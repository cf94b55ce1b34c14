package dev.rollouttest.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouttest.cluster.KubernetesCluster;
import dev.rollouttest.junit.Manifest;
import dev.rollouttest.junit.RolloutTest;
import dev.rollouttest.rollout.RolloutStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Upgrades the image of a web Deployment (web.yaml, beside this class: 3 replicas behind a Service)
 * on the default backend, K3s where Docker answers and the local control plane otherwise, and
 * checks with kubectl's completion rule that revision 2 rolls out completely. {@code @RolloutTest}
 * gives the test its namespace and applies the manifest; the fluent rollout assertions will shorten
 * the body further.
 */
@RolloutTest
@Manifest("web.yaml")
class ImageUpgradeExample {

  @Test
  void upgrade_rolls_out_revision_2(KubernetesClient client, KubernetesCluster cluster) {
    long started = System.nanoTime();
    client
        .apps()
        .deployments()
        .withName("web")
        .edit(
            d -> {
              d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("nginx:1.27");
              return d;
            });

    Deployment done =
        client
            .apps()
            .deployments()
            .withName("web")
            .waitUntilCondition(d -> RolloutStatus.of(d).done(), 2, TimeUnit.MINUTES);

    assertThat(done.getMetadata().getAnnotations())
        .containsEntry(RolloutStatus.REVISION_ANNOTATION, "2");
    assertThat(done.getStatus().getUpdatedReplicas()).isEqualTo(3);
    assertThat(done.getStatus().getAvailableReplicas()).isEqualTo(3);
    System.out.printf(
        "EXAMPLE image-upgrade [%s backend]: PASS - web rolled out nginx:1.27 as revision 2, %d/3 updated and available,"
            + " in %.1f s%n",
        cluster.backend(),
        done.getStatus().getAvailableReplicas(),
        (System.nanoTime() - started) / 1e9);
  }
}
