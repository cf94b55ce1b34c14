package dev.rollouttest.rollout;

/**
 * Something that starts (or started) a rollout of one Deployment: a pending template change, a
 * driver's result, or the rollout already in progress. The rollout assertions apply it, then watch.
 */
public interface RolloutAction {

  /** The Deployment's driver. */
  DeploymentRollout rollout();

  /** Sends the action, if it has not been sent yet. */
  RolloutResult apply();
}
