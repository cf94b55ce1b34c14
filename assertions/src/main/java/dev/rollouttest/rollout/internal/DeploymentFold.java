package dev.rollouttest.rollout.internal;

import dev.rollouttest.kube.Fenceposts;
import dev.rollouttest.kube.Generations;
import dev.rollouttest.kube.Ownership;
import dev.rollouttest.kube.Revisions;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The Deployment and its ReplicaSets as the watch events show them, folded in the order they were
 * delivered, and the controller's "new ReplicaSet" among them. Not thread-safe: the recorder folds
 * under its lock.
 */
final class DeploymentFold {

  private @Nullable Deployment deployment;
  private @Nullable Deployment lastDeployment;
  // the Deployment as of the last generation the controller has observed
  private @Nullable Deployment observed;
  private final Map<String, ReplicaSet> replicaSets = new HashMap<>();
  // the controller's "new ReplicaSet": its revision and hash; null when to be found again
  private @Nullable NewReplicaSet newReplicaSet;
  // spec.replicas went down; cleared once the controller observed it and every ReplicaSet's pods
  // are within its new size
  private boolean scaleDownPending;

  /** The ReplicaSet whose pod template is the Deployment's: its revision and its template hash. */
  record NewReplicaSet(long revision, String hash) {}

  /** Folds in an event of the Deployment. */
  void fold(Deployment d, boolean deleted) {
    Deployment before = lastDeployment;
    if (!deleted && before != null && Fenceposts.replicas(d) < Fenceposts.replicas(before)) {
      scaleDownPending = true;
    }
    deployment = deleted ? null : d;
    lastDeployment = d;
    if (Generations.observed(d)) {
      observed = d;
    }
    newReplicaSet = null;
  }

  /**
   * Whether the Deployment was scaled down and its pods have not yet followed: see {@link
   * MomentBuilder}, which settles it.
   */
  boolean scaleDownPending() {
    return scaleDownPending;
  }

  /** The pods have followed the scale-down: the controller's guarantees hold again from here. */
  void scaleDownSettled() {
    scaleDownPending = false;
  }

  /** Folds in an event of a ReplicaSet of the namespace. */
  void fold(ReplicaSet rs, boolean deleted) {
    if (deleted) {
      replicaSets.remove(rs.getMetadata().getName());
    } else {
      replicaSets.put(rs.getMetadata().getName(), rs);
    }
    newReplicaSet = null;
  }

  /** The Deployment as the events so far show it, or null before it exists or once deleted. */
  @Nullable Deployment deployment() {
    return deployment;
  }

  /** The Deployment as last seen, deleted or not; null before it was seen. */
  @Nullable Deployment lastDeployment() {
    return lastDeployment;
  }

  /**
   * The Deployment as of the last generation the controller has observed; the current one when it
   * has observed none yet. Needs the Deployment.
   */
  @Nullable Deployment observedOrCurrent() {
    return observed == null ? deployment : observed;
  }

  /** The Deployment's {@code metadata.generation}, 0 when it has none or is not there. */
  long generation() {
    return deployment == null ? 0 : Generations.generation(deployment);
  }

  /** The Deployment's minReadySeconds, 0 when not set or not there. */
  int minReadySeconds() {
    return deployment == null || deployment.getSpec().getMinReadySeconds() == null
        ? 0
        : deployment.getSpec().getMinReadySeconds();
  }

  /** The ReplicaSets that the Deployment owns; none when it is not there. */
  List<ReplicaSet> owned() {
    List<ReplicaSet> owned = new ArrayList<>();
    if (deployment == null) {
      return owned;
    }
    String uid = deployment.getMetadata().getUid();
    for (ReplicaSet rs : replicaSets.values()) {
      if (Ownership.controlledBy(rs, uid)) {
        owned.add(rs);
      }
    }
    return owned;
  }

  /**
   * The ReplicaSet whose template equals the Deployment's, ignoring the pod-template-hash label, as
   * the controller finds its "new ReplicaSet"; found again only after a Deployment or ReplicaSet
   * event. Null while there is none.
   */
  @Nullable NewReplicaSet newReplicaSet() {
    if (newReplicaSet != null || deployment == null) {
      return newReplicaSet;
    }
    for (ReplicaSet rs : owned()) {
      if (Revisions.sameTemplate(rs.getSpec().getTemplate(), deployment.getSpec().getTemplate())) {
        newReplicaSet = new NewReplicaSet(Revisions.of(rs), Revisions.hash(rs));
        return newReplicaSet;
      }
    }
    return null;
  }
}
