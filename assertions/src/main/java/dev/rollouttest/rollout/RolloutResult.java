package dev.rollouttest.rollout;

import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * What a rollout driver did: the Deployment as the controller observed it after the write (or as it
 * was, when there was nothing to write), and kubectl's words for the outcome, e.g. {@code
 * deployment.apps/web rolled back} or {@code deployment.apps/web skipped rollback (current template
 * already matches revision 1)}. As a {@link RolloutAction} it is already applied, so {@code
 * assertThat(web.undo()).completesWithin(...)} watches the rollout it started.
 */
public record RolloutResult(DeploymentRollout rollout, Deployment deployment, String message)
    implements RolloutAction {

  @Override
  public RolloutResult apply() {
    return this;
  }

  @Override
  public String toString() {
    return message;
  }
}
