package dev.rollouttest.rollout;

import dev.rollouttest.kube.Revisions;
import dev.rollouttest.kube.Rollback;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;

/**
 * {@code kubectl rollout undo [--to-revision=N]} as kubectl's {@code DeploymentRollbacker} sends
 * it, with its checks in its order and its words: a negative revision, a revision not in the
 * history, a paused Deployment are refused; a revision whose template is already running is
 * skipped; otherwise one JSON patch replaces the pod template and the annotations ({@link
 * Rollback}).
 *
 * <p>Unlike kubectl it reads the revisions only once the controller has observed the latest
 * generation, so an undo right after an update goes back exactly one step.
 */
final class Undo {

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final DeploymentRollout rollout;

  Undo(DeploymentRollout rollout) {
    this.rollout = rollout;
  }

  /** Back to {@code revision}'s template, 0 meaning the previous revision. */
  RolloutResult to(long revision) {
    String name = rollout.name();
    if (revision < 0) {
      throw new RolloutException("unable to find specified revision " + revision + " in history");
    }
    ObservedGeneration observed = new ObservedGeneration(rollout);
    Deployment deployment = observed.latest();
    List<ReplicaSet> owned = new HistoryReader(rollout).owned(deployment);
    ReplicaSet target =
        Rollback.target(owned, revision)
            .orElseThrow(
                () ->
                    new RolloutException(
                        revision == 0
                            ? "no rollout history found for deployment \"" + name + "\""
                            : "unable to find specified revision " + revision + " in history"));
    if (Boolean.TRUE.equals(deployment.getSpec().getPaused())) {
      throw new RolloutException(
          "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again");
    }
    PodTemplateSpec template = Revisions.withoutHash(target.getSpec().getTemplate());
    if (Revisions.sameTemplate(template, deployment.getSpec().getTemplate())) {
      return new RolloutResult(
          rollout,
          deployment,
          "deployment.apps/"
              + name
              + " skipped rollback (current template already matches revision "
              + revision
              + ")");
    }
    List<Map<String, Object>> patch =
        List.of(
            Map.of("op", "replace", "path", "/spec/template", "value", template),
            Map.of(
                "op",
                "replace",
                "path",
                "/metadata/annotations",
                "value",
                Rollback.annotations(deployment, target)));
    Deployment patched =
        rollout.resource().patch(PatchContext.of(PatchType.JSON), JSON.asJson(patch));
    return new RolloutResult(
        rollout, observed.await(patched), "deployment.apps/" + name + " rolled back");
  }
}
