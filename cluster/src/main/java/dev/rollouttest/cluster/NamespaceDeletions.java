package dev.rollouttest.cluster;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.api.model.NamespaceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
   * blocked, then describes each one blocked. The wait is an informer on this run's namespaces
   * ({@code informOnCondition}, stopped when the wait ends), not a poll. With no patience it judges
   * at once, in one list call, the namespaces the controller has looked at.
   */
  List<String> stuck(Duration patience) {
    if (requested.isEmpty()) {
      return List.of();
    }
    List<Namespace> present;
    if (patience.isZero() || patience.isNegative()) {
      present = runNamespaces().list().getItems();
    } else {
      CompletableFuture<List<Namespace>> settled =
          runNamespaces()
              .informOnCondition(
                  all -> remaining(all).stream().allMatch(ns -> seen(ns) && !blocked(ns)));
      try {
        present = settled.get(patience.toNanos(), TimeUnit.NANOSECONDS);
      } catch (TimeoutException | ExecutionException e) {
        present = runNamespaces().list().getItems();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return List.of();
      } finally {
        settled.cancel(true); // stops the informer
      }
    }
    List<Namespace> remaining = remaining(present);
    requested.retainAll(remaining.stream().map(ns -> ns.getMetadata().getName()).toList());
    return remaining.stream()
        .filter(NamespaceDeletions::blocked)
        .map(ns -> new NamespaceBlockers(client, ns).describe())
        .toList();
  }

  private FilterWatchListDeletable<Namespace, NamespaceList, Resource<Namespace>> runNamespaces() {
    return client.namespaces().withLabel(KubernetesCluster.RUN_ID_LABEL, runId);
  }

  /** Of {@code present}, the namespaces whose deletion this run requested. */
  private List<Namespace> remaining(List<Namespace> present) {
    return present.stream().filter(ns -> requested.contains(ns.getMetadata().getName())).toList();
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
