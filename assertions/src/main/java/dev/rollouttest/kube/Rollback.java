package dev.rollouttest.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * What {@code kubectl rollout undo} restores ({@code polymorphichelpers/rollback.go}, {@code
 * DeploymentRollbacker}): which ReplicaSet it goes back to ({@code deploymentRevision}) and which
 * annotations the Deployment has afterwards ({@code annotationsToSkip}). The template it restores
 * is the ReplicaSet's {@linkplain Revisions#withoutHash without the hash label}, and it skips the
 * rollback when that is {@linkplain Revisions#sameTemplate the running template}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Rollback {

  /**
   * The annotations an undo neither copies from the ReplicaSet nor drops from the Deployment
   * (kubectl's {@code annotationsToSkip}, the same set the controller does not copy from a
   * Deployment to its ReplicaSets): the Deployment keeps its own values of these.
   */
  public static final Set<String> ANNOTATIONS_TO_SKIP =
      Set.of(
          "kubectl.kubernetes.io/last-applied-configuration",
          Revisions.ANNOTATION,
          Revisions.HISTORY_ANNOTATION,
          "deployment.kubernetes.io/desired-replicas",
          Revisions.MAX_REPLICAS_ANNOTATION,
          "deprecated.deployment.rollback.to");

  private Rollback() {}

  /**
   * The ReplicaSet an undo to {@code revision} goes back to: the one holding that revision, or for
   * 0 the previous revision (the second-highest of the Deployment's ReplicaSets); empty when there
   * is none (for 0: fewer than two ReplicaSets).
   *
   * @param owned the ReplicaSets the Deployment controls
   * @param revision the revision, 0 for the previous one
   */
  public static Optional<ReplicaSet> target(List<ReplicaSet> owned, long revision) {
    if (revision != 0) {
      return owned.stream().filter(rs -> Revisions.of(rs) == revision).findFirst();
    }
    List<ReplicaSet> byRevision =
        owned.stream().sorted(Comparator.comparingLong(Revisions::of).reversed()).toList();
    return byRevision.size() < 2 ? Optional.empty() : Optional.of(byRevision.get(1));
  }

  /**
   * The Deployment's annotations after an undo to {@code target}: its own values of {@link
   * #ANNOTATIONS_TO_SKIP}, then every other annotation of the ReplicaSet (its change-cause
   * included); the Deployment's other annotations are dropped.
   */
  public static Map<String, String> annotations(HasMetadata deployment, HasMetadata target) {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotationsOf(deployment)
        .forEach(
            (k, v) -> {
              if (ANNOTATIONS_TO_SKIP.contains(k)) {
                annotations.put(k, v);
              }
            });
    annotationsOf(target)
        .forEach(
            (k, v) -> {
              if (!ANNOTATIONS_TO_SKIP.contains(k)) {
                annotations.put(k, v);
              }
            });
    return annotations;
  }

  private static Map<String, String> annotationsOf(HasMetadata object) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    return annotations == null ? Map.of() : annotations;
  }
}
