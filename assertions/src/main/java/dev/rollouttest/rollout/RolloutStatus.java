package dev.rollouttest.rollout;

import dev.rollouttest.kube.KubectlRolloutStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.OptionalLong;
import org.apiguardian.api.API;

/**
 * What {@code kubectl rollout status deployment/NAME} says about a Deployment: the verdict that
 * {@link DeploymentRollout#status()} and {@link RolloutOutcome#status()} hand out. The rule itself
 * (kubectl's order of checks and its words) is Kubernetes' and lives in {@link
 * KubectlRolloutStatus}; this type only carries its answer.
 *
 * @param done whether the rollout is complete
 * @param failed whether kubectl would exit with an error (deadline exceeded, wrong revision)
 * @param message kubectl's words
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record RolloutStatus(boolean done, boolean failed, String message) {

  /** Evaluates a Deployment as {@code kubectl rollout status} does without {@code --revision}. */
  public static RolloutStatus of(Deployment deployment) {
    return of(deployment, OptionalLong.empty());
  }

  /**
   * Evaluates a Deployment as {@code kubectl rollout status --revision=N} does when a revision is
   * given.
   */
  public static RolloutStatus of(Deployment deployment, OptionalLong revision) {
    KubectlRolloutStatus status = KubectlRolloutStatus.of(deployment, revision);
    return new RolloutStatus(status.done(), status.failed(), status.message());
  }
}
