package dev.rollouttest.cluster;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The namespaces whose deletion this run requested, and those of them that do not finish deleting.
 *
 * <p>A namespace whose objects carry a finalizer nobody removes stays {@code Terminating} forever,
 * and nothing says so. The namespace controller does write why into the namespace's conditions on
 * each pass: {@code NamespaceFinalizersRemaining} (objects that carry finalizers), {@code
 * NamespaceDeletionDiscoveryFailure} and {@code NamespaceDeletionContentFailure} (an API it cannot
 * list or delete from, such as an aggregated API that is down). A namespace showing one of these,
 * or carrying finalizers of its own, is <em>blocked</em>; one that only waits for its objects to go
 * away (pods in their grace period) is still deleting normally, and is not reported.
 */
final class NamespaceDeletions {

  /** The conditions with which the namespace controller says that it cannot finish. */
  static final Set<String> BLOCKING_CONDITIONS =
      Set.of(
          "NamespaceFinalizersRemaining",
          "NamespaceDeletionDiscoveryFailure",
          "NamespaceDeletionContentFailure",
          "NamespaceDeletionGroupVersionParsingFailure");

  private static final long POLL_MILLIS = 100;

  private final KubernetesClient client;
  private final String runId;
  private final Set<String> requested = ConcurrentHashMap.newKeySet();

  NamespaceDeletions(KubernetesClient client, String runId) {
    this.client = client;
    this.runId = runId;
  }

  /** Notes that this run asked for the namespace's deletion. */
  void requested(String name) {
    requested.add(name);
  }

  /**
   * Waits at most {@code patience} until each namespace whose deletion was requested is gone, or
   * has been looked at by the namespace controller (which waits 5 s after a deletion) and is not
   * blocked, then describes each one blocked. With no patience it judges at once, in one list call,
   * the namespaces the controller has looked at.
   */
  List<String> stuck(Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      List<Namespace> remaining = remaining();
      boolean settled = remaining.stream().allMatch(ns -> seen(ns) && !blocked(ns));
      if (settled || System.nanoTime() - deadline >= 0) {
        return remaining.stream()
            .filter(NamespaceDeletions::blocked)
            .map(ns -> new NamespaceBlockers(client, ns).describe())
            .toList();
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return List.of();
      }
    }
  }

  /**
   * The namespaces of this run whose deletion was requested and that still exist; forgets those
   * that are gone.
   */
  private List<Namespace> remaining() {
    if (requested.isEmpty()) {
      return List.of();
    }
    Map<String, Namespace> present =
        client
            .namespaces()
            .withLabel(KubernetesCluster.RUN_ID_LABEL, runId)
            .list()
            .getItems()
            .stream()
            .collect(Collectors.toMap(ns -> ns.getMetadata().getName(), Function.identity()));
    List<Namespace> remaining = new ArrayList<>();
    for (String name : List.copyOf(requested)) {
      Namespace ns = present.get(name);
      if (ns == null) {
        requested.remove(name);
      } else {
        remaining.add(ns);
      }
    }
    return remaining;
  }

  /** Whether the namespace controller has made a pass over the namespace: it wrote conditions. */
  private static boolean seen(Namespace ns) {
    return ns.getStatus() != null
        && ns.getStatus().getConditions() != null
        && !ns.getStatus().getConditions().isEmpty();
  }

  /** Whether a condition or the namespace's own finalizers keep it from ever going away. */
  static boolean blocked(Namespace ns) {
    List<String> own = ns.getMetadata().getFinalizers();
    if (own != null && !own.isEmpty()) {
      return true;
    }
    return trueConditions(ns).stream().anyMatch(c -> BLOCKING_CONDITIONS.contains(c.getType()));
  }

  /** The namespace's conditions whose status is True. */
  static List<NamespaceCondition> trueConditions(Namespace ns) {
    if (ns.getStatus() == null || ns.getStatus().getConditions() == null) {
      return List.of();
    }
    return ns.getStatus().getConditions().stream()
        .filter(c -> "True".equals(c.getStatus()))
        .toList();
  }
}
