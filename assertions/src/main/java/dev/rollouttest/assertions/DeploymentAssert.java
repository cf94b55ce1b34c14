package dev.rollouttest.assertions;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.apiguardian.api.API;

/** Assertions on a Deployment; obtained from {@link RolloutAssertions#assertThat(Deployment)}. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class DeploymentAssert extends AbstractDeploymentAssert<DeploymentAssert> {

  /** Assertions on {@code actual}; {@code assertThat(deployment)} is the usual way to get them. */
  public DeploymentAssert(Deployment actual) {
    super(actual, DeploymentAssert.class);
  }
}
