package dev.rollouttest.kube;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import java.util.Objects;
import java.util.OptionalLong;
import org.apiguardian.api.API;

/**
 * What {@code kubectl rollout status deployment/NAME} says about a Deployment, with kubectl's exact
 * rule and messages ({@code k8s.io/kubectl/pkg/polymorphichelpers/rollout_status.go}, {@code
 * DeploymentStatusViewer}). The library's public type for it is {@code
 * dev.rollouttest.rollout.RolloutStatus}, which asks this rule.
 *
 * <p>In order: a pinned revision must be the running one (else an error); the controller must have
 * observed the latest generation; a {@code ProgressDeadlineExceeded} reason is an error; then all
 * replicas must be updated, no old replica may remain in {@code status.replicas}, and every updated
 * replica must be available. Terminating pods are not counted (they are not in {@code
 * status.replicas}), and neither the {@code Available} condition nor {@code spec.paused} is
 * consulted: a paused, unfinished rollout simply waits. This is deliberately not fabric8's {@code
 * Readiness.isDeploymentReady}, which compares counts only and is true against the previous
 * rollout's status.
 *
 * @param done whether the rollout is complete
 * @param failed whether kubectl would exit with an error (deadline exceeded, wrong revision)
 * @param message kubectl's words
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record KubectlRolloutStatus(boolean done, boolean failed, String message) {

  /** Evaluates a Deployment as {@code kubectl rollout status} does without {@code --revision}. */
  public static KubectlRolloutStatus of(Deployment deployment) {
    return of(deployment, OptionalLong.empty());
  }

  /**
   * Evaluates a Deployment as {@code kubectl rollout status --revision=N} does when a revision is
   * given.
   */
  public static KubectlRolloutStatus of(Deployment deployment, OptionalLong revision) {
    Objects.requireNonNull(deployment, "deployment");
    String name = deployment.getMetadata().getName();
    if (revision.isPresent()) {
      String running =
          deployment.getMetadata().getAnnotations() == null
              ? null
              : deployment.getMetadata().getAnnotations().get(Revisions.ANNOTATION);
      if (running == null || Long.parseLong(running) != revision.getAsLong()) {
        return new KubectlRolloutStatus(
            false,
            true,
            "desired revision ("
                + revision.getAsLong()
                + ") is different from the running revision ("
                + running
                + ")");
      }
    }
    DeploymentStatus status =
        deployment.getStatus() == null ? new DeploymentStatus() : deployment.getStatus();
    if (!Generations.observed(deployment)) {
      return new KubectlRolloutStatus(
          false, false, "Waiting for deployment spec update to be observed...");
    }
    boolean deadlineExceeded =
        status.getConditions() != null
            && status.getConditions().stream()
                .anyMatch(
                    c ->
                        "Progressing".equals(c.getType())
                            && "ProgressDeadlineExceeded".equals(c.getReason()));
    if (deadlineExceeded) {
      return new KubectlRolloutStatus(
          false, true, "deployment \"" + name + "\" exceeded its progress deadline");
    }
    int replicas = Fenceposts.replicas(deployment);
    int updated = orZero(status.getUpdatedReplicas());
    int current = orZero(status.getReplicas());
    int available = orZero(status.getAvailableReplicas());
    if (updated < replicas) {
      return waiting(name, updated + " out of " + replicas + " new replicas have been updated...");
    }
    if (current > updated) {
      return waiting(name, (current - updated) + " old replicas are pending termination...");
    }
    if (available < updated) {
      return waiting(name, available + " of " + updated + " updated replicas are available...");
    }
    return new KubectlRolloutStatus(
        true, false, "deployment \"" + name + "\" successfully rolled out");
  }

  private static KubectlRolloutStatus waiting(String name, String what) {
    return new KubectlRolloutStatus(
        false, false, "Waiting for deployment \"" + name + "\" rollout to finish: " + what);
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }
}
