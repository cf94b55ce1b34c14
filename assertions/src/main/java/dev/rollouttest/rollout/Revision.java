package dev.rollouttest.rollout;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * One revision of a Deployment, as {@code kubectl rollout history} sees it: the number held by a
 * ReplicaSet, the images of its pod template, its change-cause, and the numbers it held before
 * (after reuse or undo).
 *
 * @param number the ReplicaSet's {@code deployment.kubernetes.io/revision}
 * @param replicaSet the ReplicaSet's name
 * @param images container name to image, in template order
 * @param changeCause the ReplicaSet's {@code kubernetes.io/change-cause}, if any
 * @param earlierNumbers the ReplicaSet's {@code deployment.kubernetes.io/revision-history}, oldest
 *     first
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Revision(
    long number,
    String replicaSet,
    Map<String, String> images,
    Optional<String> changeCause,
    List<Long> earlierNumbers) {

  /** Copies {@code images} (keeping their order) and {@code earlierNumbers}. */
  public Revision {
    images = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(images));
    earlierNumbers = List.copyOf(earlierNumbers);
  }

  /** {@code 2 (web-7d4b9c) nginx:1.27 "CVE fix"}. */
  @Override
  public String toString() {
    return number
        + " ("
        + replicaSet
        + ") "
        + String.join(",", images.values())
        + changeCause.map(c -> " \"" + c + "\"").orElse("")
        + (earlierNumbers.isEmpty() ? "" : " formerly " + earlierNumbers);
  }
}
