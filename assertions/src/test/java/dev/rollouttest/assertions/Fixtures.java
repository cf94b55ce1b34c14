package dev.rollouttest.assertions;

import dev.rollouttest.rollout.Revision;
import dev.rollouttest.rollout.RolloutHistory;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Objects as the API server would return them, for assertion tests without a cluster. */
public final class Fixtures {

  private Fixtures() {}

  /**
   * Deployment shop/web, revision 2, generation 4, 3 replicas of which {@code updated} updated and
   * {@code available} available.
   */
  public static Deployment web(int updated, int available, boolean paused) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withNamespace("shop")
        .withName("web")
        .withGeneration(4L)
        .addToAnnotations("deployment.kubernetes.io/revision", "2")
        .endMetadata()
        .withNewSpec()
        .withReplicas(3)
        .withPaused(paused)
        .withNewTemplate()
        .withNewSpec()
        .addNewContainer()
        .withName("web")
        .withImage("nginx:1.27")
        .endContainer()
        .addNewContainer()
        .withName("proxy")
        .withImage("envoy:1.30")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .withNewStatus()
        .withObservedGeneration(4L)
        .withReplicas(updated == 3 ? 3 : 4)
        .withUpdatedReplicas(updated)
        .withAvailableReplicas(available)
        .endStatus()
        .build();
  }

  public static RolloutHistory history() {
    return new RolloutHistory(
        "shop",
        "web",
        List.of(
            new Revision(
                2, "web-5d9f7c", Map.of("web", "nginx:1.27"), Optional.of("CVE fix"), List.of()),
            new Revision(
                3, "web-7b8c6d", Map.of("web", "nginx:1.26"), Optional.empty(), List.of(1L))));
  }
}
