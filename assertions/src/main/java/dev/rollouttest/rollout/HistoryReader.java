package dev.rollouttest.rollout;

import dev.rollouttest.kube.ChangeCause;
import dev.rollouttest.kube.Ownership;
import dev.rollouttest.kube.Revisions;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Deployment's revisions as {@code kubectl rollout history} does: one per ReplicaSet the
 * Deployment controls, with its number, images, change-cause and earlier numbers. It reads once the
 * controller has observed the latest generation ({@link ObservedGeneration#latest()}), so a
 * template written a moment ago already has its ReplicaSet.
 */
final class HistoryReader {

  private final DeploymentRollout rollout;

  HistoryReader(DeploymentRollout rollout) {
    this.rollout = rollout;
  }

  /** The history, lowest revision first. */
  RolloutHistory read() {
    List<Revision> revisions = new ArrayList<>();
    for (ReplicaSet rs : owned(new ObservedGeneration(rollout).latest())) {
      Map<String, String> images = new LinkedHashMap<>();
      rs.getSpec()
          .getTemplate()
          .getSpec()
          .getContainers()
          .forEach(c -> images.put(c.getName(), c.getImage()));
      revisions.add(
          new Revision(
              Revisions.of(rs),
              rs.getMetadata().getName(),
              images,
              ChangeCause.of(rs),
              Revisions.earlier(rs)));
    }
    revisions.sort(Comparator.comparingLong(Revision::number));
    return new RolloutHistory(rollout.namespace(), rollout.name(), revisions);
  }

  /**
   * ReplicaSets whose controller reference is {@code deployment} (kubectl's {@code
   * GetAllReplicaSets}).
   */
  List<ReplicaSet> owned(Deployment deployment) {
    String uid = deployment.getMetadata().getUid();
    return rollout
        .client()
        .apps()
        .replicaSets()
        .inNamespace(rollout.namespace())
        .list()
        .getItems()
        .stream()
        .filter(rs -> Ownership.controlledBy(rs, uid))
        .toList();
  }
}
