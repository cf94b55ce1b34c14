package dev.rollouttest.assertions;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.rollouttest.rollout.RolloutAction;
import dev.rollouttest.rollout.RolloutHistory;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractSoftAssertions;

/**
 * Soft assertions over rollouts, Deployments and histories: every failure is collected and reported
 * together by {@link #assertAll()}. A rollout's verdict that fails is collected too, and the
 * assertions on its outcome go on with the last observed state.
 *
 * <pre>{@code
 * RolloutSoftAssertions softly = new RolloutSoftAssertions();
 * softly.assertThat(web.updateImage("web", "nginx:1.27")).completesWithin(ofSeconds(60)).endsAtRevision(2);
 * softly.assertThat(api.updateImage("api", "api:2")).completesWithin(ofSeconds(60)).endsAtRevision(2);
 * softly.assertAll();
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class RolloutSoftAssertions extends AbstractSoftAssertions {

  /** Assertions on a Deployment as read, whose failures are collected. */
  @CheckReturnValue
  public DeploymentAssert assertThat(Deployment actual) {
    return proxy(DeploymentAssert.class, Deployment.class, actual);
  }

  /** Assertions on a revision history, whose failures are collected. */
  @CheckReturnValue
  public RolloutHistoryAssert assertThat(RolloutHistory actual) {
    return proxy(RolloutHistoryAssert.class, RolloutHistory.class, actual);
  }

  /** A rollout whose verdict, and the checks on its outcome, are collected when they fail. */
  @CheckReturnValue
  public RolloutAssert assertThat(RolloutAction actual) {
    return new RolloutAssert(actual, this);
  }
}
