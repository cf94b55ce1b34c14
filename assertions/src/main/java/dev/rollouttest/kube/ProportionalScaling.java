package dev.rollouttest.kube;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * How the Deployment controller spreads a scaling over the ReplicaSets of a rollout in progress
 * ({@code pkg/controller/deployment/sync.go} {@code scale}, and {@code GetProportion} / {@code
 * getReplicaSetFraction} in {@code deployment/util}): the active ReplicaSets are ordered by size,
 * larger first (ties: newer first when scaling up, older first when scaling down); each gets its
 * share {@code round(size × newMax / oldMax) − size}, bounded by what is left to add; the leftover
 * goes to the first; no size goes below 0. {@code newMax} is the new replicas + maxSurge, {@code
 * oldMax} the bound under which each ReplicaSet was last sized (its {@code max-replicas}
 * annotation).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ProportionalScaling {

  private ProportionalScaling() {}

  /**
   * The sizes the controller gives the active ReplicaSets.
   *
   * @param sizes the active ReplicaSets' sizes, by revision (a higher revision is newer)
   * @param oldMax the bound under which they were sized: replicas + maxSurge before the scaling
   * @param newReplicas the Deployment's new replicas
   * @param newMax the new replicas + maxSurge
   * @return the new size of each, by revision
   */
  public static Map<Long, Integer> sizes(
      Map<Long, Integer> sizes, int oldMax, int newReplicas, int newMax) {
    int total = sizes.values().stream().mapToInt(Integer::intValue).sum();
    int allowed = newReplicas > 0 ? newMax : 0;
    int toAdd = allowed - total;
    List<Map.Entry<Long, Integer>> order = new ArrayList<>(sizes.entrySet());
    Comparator<Map.Entry<Long, Integer>> bySize =
        Comparator.comparing(Map.Entry<Long, Integer>::getValue).reversed();
    order.sort(
        toAdd > 0
            ? bySize.thenComparing(Map.Entry.<Long, Integer>comparingByKey().reversed())
            : bySize.thenComparing(Map.Entry.comparingByKey()));
    Map<Long, Integer> result = new LinkedHashMap<>();
    int added = 0;
    for (Map.Entry<Long, Integer> rs : order) {
      int proportion = 0;
      if (toAdd != 0 && rs.getValue() != 0 && toAdd != added) {
        int fraction =
            newReplicas == 0
                ? -rs.getValue()
                : (int) Math.round((double) rs.getValue() * newMax / oldMax) - rs.getValue();
        int left = toAdd - added;
        proportion = toAdd > 0 ? Math.min(fraction, left) : Math.max(fraction, left);
      }
      result.put(rs.getKey(), rs.getValue() + proportion);
      added += proportion;
    }
    if (toAdd != 0 && !order.isEmpty()) {
      Long first = order.get(0).getKey();
      result.put(first, Math.max(0, result.getOrDefault(first, 0) + toAdd - added));
    }
    return result;
  }
}
