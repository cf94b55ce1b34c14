package dev.rollouttest.rollout;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.apiguardian.api.API;

/**
 * What a sent change did: the Deployment as the controller observed it after the write (or as it
 * was, when there was nothing to write), and kubectl's words for the outcome, e.g. {@code
 * deployment.apps/web rolled back} or {@code deployment.apps/web skipped rollback (current template
 * already matches revision 1)}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record RolloutResult(DeploymentRollout rollout, Deployment deployment, String message) {

  @Override
  public String toString() {
    return message;
  }
}
