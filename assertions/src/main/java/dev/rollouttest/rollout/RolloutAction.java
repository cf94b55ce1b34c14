package dev.rollouttest.rollout;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import org.apiguardian.api.API;

/**
 * A change of one Deployment that nothing has sent yet (every verb of {@link DeploymentRollout} is
 * one), or the rollout already in progress ({@link DeploymentRollout#inProgress()}). A rollout
 * assertion sends it once it is recording, so it sees the change from its first moment; {@link
 * #apply()} sends it without watching.
 *
 * <p>A change that is neither sent nor handed to an assertion checks nothing: the
 * {@code @RolloutTest} extension fails the test that created it, naming the line ({@link
 * Unfinished}).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface RolloutAction {

  /** The Deployment's driver. */
  DeploymentRollout rollout();

  /**
   * Sends the change (once: later calls return the first result) and waits until the Deployment
   * controller has observed it, without watching the rollout.
   *
   * <pre>{@code
   * web.pause().apply();
   * }</pre>
   *
   * @throws RolloutException when kubectl would refuse the change, or the controller does not
   *     observe it within the driver's timeout
   */
  @CanIgnoreReturnValue
  RolloutResult apply();

  /**
   * Taken over by an assertion, which will send it: it no longer counts as unfinished. Called by
   * {@code assertThat(...)}; tests need not call it.
   */
  default void handOver() {}
}
