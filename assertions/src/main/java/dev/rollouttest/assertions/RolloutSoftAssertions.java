package dev.rollouttest.assertions;

import dev.rollouttest.rollout.RolloutHistory;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.assertj.core.annotation.CheckReturnValue;
import org.assertj.core.api.AbstractSoftAssertions;

/**
 * Soft assertions over Deployments and histories: every failure is collected and reported together
 * by {@link #assertAll()}.
 */
public class RolloutSoftAssertions extends AbstractSoftAssertions {

  @CheckReturnValue
  public DeploymentAssert assertThat(Deployment actual) {
    return proxy(DeploymentAssert.class, Deployment.class, actual);
  }

  @CheckReturnValue
  public RolloutHistoryAssert assertThat(RolloutHistory actual) {
    return proxy(RolloutHistoryAssert.class, RolloutHistory.class, actual);
  }
}
