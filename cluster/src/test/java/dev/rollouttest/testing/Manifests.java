package dev.rollouttest.testing;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.Map;

/** Deployments and Services for this project's own tests. */
public final class Manifests {

  private Manifests() {}

  /** A RollingUpdate Deployment with one container "web". */
  public static Deployment deployment(
      String name, int replicas, String image, Map<String, String> podAnnotations) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withNewStrategy()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withMaxSurge(new IntOrString("25%"))
        .withMaxUnavailable(new IntOrString("25%"))
        .endRollingUpdate()
        .endStrategy()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", name)
        .addToAnnotations(podAnnotations)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("web")
        .withImage(image)
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** A Service {@code name} on port 80 selecting the pods labelled {@code app: <name>}. */
  public static io.fabric8.kubernetes.api.model.Service service(String name) {
    return new io.fabric8.kubernetes.api.model.ServiceBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .addToSelector("app", name)
        .addNewPort()
        .withPort(80)
        .withTargetPort(new IntOrString(80))
        .endPort()
        .endSpec()
        .build();
  }
}
