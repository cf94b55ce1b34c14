package dev.rollouttest.rollout.internal;

import dev.rollouttest.kube.Fenceposts;
import dev.rollouttest.kube.Generations;
import dev.rollouttest.kube.Revisions;
import dev.rollouttest.model.Moment;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Builds the {@link Moment} of a {@link RolloutView}: the counts per revision, the pods, the
 * endpoints and the bounds (minAvailable, maxTotal) the controller guarantees, as of now.
 */
final class MomentBuilder {

  private MomentBuilder() {}

  /**
   * The state the folds show now, as an immutable moment; needs the Deployment.
   *
   * @param services the Services whose endpoints go into the moment
   */
  static Moment build(
      DeploymentFold deployments,
      PodFold pods,
      EndpointSliceFold slices,
      List<String> services,
      Duration at,
      String event) {
    Deployment d = Objects.requireNonNull(deployments.deployment(), "deployment");
    Map<String, Long> revisionByHash = new HashMap<>();
    Map<Long, int[]> counts = new TreeMap<>();
    int maxReplicasAnnotated = 0;
    for (ReplicaSet rs : deployments.owned()) {
      long revision = Revisions.of(rs);
      revisionByHash.put(Revisions.hash(rs), revision);
      // desired, pods, ready, terminating, available
      int[] c = counts.computeIfAbsent(revision, r -> new int[5]);
      c[0] = rs.getSpec().getReplicas() == null ? 0 : rs.getSpec().getReplicas();
      c[4] =
          rs.getStatus() == null || rs.getStatus().getAvailableReplicas() == null
              ? 0
              : rs.getStatus().getAvailableReplicas();
      if (c[0] > 0) {
        maxReplicasAnnotated = Math.max(maxReplicasAnnotated, Revisions.maxReplicas(rs));
      }
    }
    pods.byHash()
        .forEach(
            (hash, c) -> {
              int[] r =
                  counts.computeIfAbsent(revisionByHash.getOrDefault(hash, 0L), x -> new int[5]);
              r[1] += c.pods();
              r[2] += c.ready();
              r[3] += c.terminating();
            });
    if (deployments.scaleDownPending()) {
      // A scale-down is not a rolling step: the controller shrinks every ReplicaSet in proportion
      // (sync.go scale()) with no regard to availability, and the ReplicaSet controller may
      // remove available pods while the new ones are not ready. Its guarantees hold again from
      // the availability it leaves, so minimums apply once reached again after the pods have
      // followed the new sizes (as at creation). Until then every moment restarts the peak.
      boolean followed =
          Generations.observed(d) && counts.values().stream().allMatch(c -> c[1] <= c[0]);
      pods.restartPeak();
      if (followed) {
        deployments.scaleDownSettled();
      }
    }
    Map<Long, Moment.RevisionCounts> revisions = new TreeMap<>();
    counts.forEach(
        (r, c) -> revisions.put(r, new Moment.RevisionCounts(c[0], c[1], c[2], c[3], c[4])));
    Map<String, Moment.EndpointCounts> endpoints = new TreeMap<>();
    for (String service : services) {
      endpoints.put(service, slices.counts(service));
    }
    // Bounds the controller guarantees are judged against every spec it may be acting on: the
    // latest one, the last one it has observed and, for the surge, the bound under which it last
    // sized each ReplicaSet (its max-replicas annotation). The watches of the Deployment and of
    // its ReplicaSets deliver in their own orders, so a moment may show the new spec with a
    // ReplicaSet the controller has not resized yet, or the reverse.
    Deployment bounds = java.util.Objects.requireNonNullElse(deployments.observedOrCurrent(), d);
    int replicas = Fenceposts.replicas(d);
    Fenceposts latest = Fenceposts.of(d, replicas);
    Fenceposts before = Fenceposts.of(bounds);
    int minAvailable =
        Math.min(
            replicas - latest.maxUnavailable(),
            Fenceposts.replicas(bounds) - before.maxUnavailable());
    int maxTotal =
        Math.max(
            Math.max(replicas + latest.maxSurge(), Fenceposts.replicas(bounds) + before.maxSurge()),
            maxReplicasAnnotated);
    DeploymentFold.NewReplicaSet fresh = deployments.newReplicaSet();
    return new Moment(
        at,
        event,
        deployments.generation(),
        d.getStatus() == null || d.getStatus().getObservedGeneration() == null
            ? 0
            : d.getStatus().getObservedGeneration(),
        Revisions.of(d),
        fresh == null ? 0 : fresh.revision(),
        replicas,
        minAvailable,
        maxTotal,
        pods.peakAvailable(),
        revisions,
        pods.available(),
        pods.warming(),
        pods.unready(),
        pods.terminating(),
        endpoints,
        conditions(d),
        pods.phases(),
        revisionByHash,
        pods.reasons());
  }

  /** The Deployment's conditions by type, e.g. {@code Progressing -> True (ReplicaSetUpdated)}. */
  private static Map<String, String> conditions(Deployment d) {
    Map<String, String> conditions = new TreeMap<>();
    if (d.getStatus() != null && d.getStatus().getConditions() != null) {
      for (var condition : d.getStatus().getConditions()) {
        conditions.put(
            condition.getType(),
            condition.getStatus()
                + (condition.getReason() == null ? "" : " (" + condition.getReason() + ")"));
      }
    }
    return conditions;
  }
}
