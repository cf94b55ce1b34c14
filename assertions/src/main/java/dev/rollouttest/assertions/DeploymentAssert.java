package dev.rollouttest.assertions;

import io.fabric8.kubernetes.api.model.apps.Deployment;

/** Assertions on a Deployment; obtained from {@link RolloutAssertions#assertThat(Deployment)}. */
public class DeploymentAssert extends AbstractDeploymentAssert<DeploymentAssert> {

  public DeploymentAssert(Deployment actual) {
    super(actual, DeploymentAssert.class);
  }
}
