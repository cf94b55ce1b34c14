package dev.rollouttest.model;

import java.time.Duration;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import org.apiguardian.api.API;
import org.pcollections.PSortedMap;
import org.pcollections.TreePMap;
import org.pcollections.TreePSet;

/**
 * The state of a Deployment's rollout at one moment, as the watches saw it: immutable.
 *
 * @param at time since the recording started (monotonic clock)
 * @param event the watch event that produced this moment, e.g. {@code Pod web-5d9f-x2k4p MODIFIED}
 * @param generation the Deployment's metadata.generation
 * @param observedGeneration its status.observedGeneration
 * @param revision its {@code deployment.kubernetes.io/revision} annotation, 0 before the controller
 *     has set it
 * @param newRevision the revision of the ReplicaSet whose pod template is the Deployment's (the
 *     controller's "new ReplicaSet"), 0 before the watches have delivered it
 * @param replicas its spec.replicas
 * @param minAvailable replicas − maxUnavailable, with the controller's rounding; while the
 *     controller has not observed the latest spec ({@code observedGeneration < generation}), the
 *     lower of the value under that spec and under the last spec it observed
 * @param maxTotal replicas + maxSurge, with the controller's rounding; the highest of the value
 *     under the latest spec, under the last spec the controller observed, and the bound under which
 *     it last sized each ReplicaSet that has replicas (its {@code
 *     deployment.kubernetes.io/max-replicas} annotation): the watches of the Deployment and of its
 *     ReplicaSets deliver in their own orders
 * @param peakAvailable the most pods available at any moment of the recording so far, this one
 *     included: minimums on availability apply once reached (see {@code Invariant.minAvailable})
 * @param revisions per revision number: ReplicaSet desired replicas and its pods
 * @param readyPods names of pods that are available: Ready, not terminating, and Ready for the
 *     Deployment's minReadySeconds (as the controller counts them)
 * @param warmingPods names of pods that are Ready, but not yet for minReadySeconds: not available
 * @param unreadyPods names of pods that are neither Ready nor terminating
 * @param terminatingPods names of pods being deleted
 * @param endpoints per Service: ready and terminating endpoints of its EndpointSlices
 * @param conditions the Deployment's conditions by type, e.g. {@code Progressing -> True
 *     (ReplicaSetUpdated)}
 * @param podPhases the pods (terminating ones included) per phase, e.g. {@code Pending -> 1,
 *     Running -> 4}
 * @param hashRevisions the revision of each pod template hash whose ReplicaSet the watches have
 *     delivered, e.g. {@code 5d9f7c -> 2}: a pod's name holds its hash, so reports can tell each
 *     pod's revision (a few entries, not one per pod)
 * @param podReasons the failure {@code kubectl get pods} shows in its STATUS column for each pod
 *     that shows one, e.g. {@code web-5d9f7c-x2k4p -> CrashLoopBackOff (last exit: OOMKilled)},
 *     {@code ImagePullBackOff}, {@code Evicted}: only the pods that fail, so most moments hold an
 *     empty map or share their predecessor's
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Moment(
    Duration at,
    String event,
    long generation,
    long observedGeneration,
    long revision,
    long newRevision,
    int replicas,
    int minAvailable,
    int maxTotal,
    int peakAvailable,
    Map<Long, RevisionCounts> revisions,
    SortedSet<String> readyPods,
    SortedSet<String> warmingPods,
    SortedSet<String> unreadyPods,
    SortedSet<String> terminatingPods,
    Map<String, EndpointCounts> endpoints,
    Map<String, String> conditions,
    Map<String, Integer> podPhases,
    Map<String, Long> hashRevisions,
    SortedMap<String, String> podReasons) {

  /**
   * Copies the collections, sorting the conditions and pod phases, so the moment cannot change;
   * persistent sets and maps are shared as they are.
   */
  public Moment {
    hashRevisions = Map.copyOf(hashRevisions);
    podReasons = podReasons instanceof PSortedMap<String, String> p ? p : TreePMap.from(podReasons);
    revisions = Map.copyOf(revisions);
    readyPods = persistent(readyPods);
    warmingPods = persistent(warmingPods);
    unreadyPods = persistent(unreadyPods);
    terminatingPods = persistent(terminatingPods);
    endpoints = Map.copyOf(endpoints);
    conditions = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(conditions));
    podPhases = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(podPhases));
  }

  /** A moment where no pod shows a failure. */
  public Moment(
      Duration at,
      String event,
      long generation,
      long observedGeneration,
      long revision,
      long newRevision,
      int replicas,
      int minAvailable,
      int maxTotal,
      int peakAvailable,
      Map<Long, RevisionCounts> revisions,
      SortedSet<String> readyPods,
      SortedSet<String> warmingPods,
      SortedSet<String> unreadyPods,
      SortedSet<String> terminatingPods,
      Map<String, EndpointCounts> endpoints,
      Map<String, String> conditions,
      Map<String, Integer> podPhases,
      Map<String, Long> hashRevisions) {
    this(
        at,
        event,
        generation,
        observedGeneration,
        revision,
        newRevision,
        replicas,
        minAvailable,
        maxTotal,
        peakAvailable,
        revisions,
        readyPods,
        warmingPods,
        unreadyPods,
        terminatingPods,
        endpoints,
        conditions,
        podPhases,
        hashRevisions,
        TreePMap.empty());
  }

  /** A moment that does not know the revisions of the pod template hashes. */
  public Moment(
      Duration at,
      String event,
      long generation,
      long observedGeneration,
      long revision,
      long newRevision,
      int replicas,
      int minAvailable,
      int maxTotal,
      int peakAvailable,
      Map<Long, RevisionCounts> revisions,
      SortedSet<String> readyPods,
      SortedSet<String> warmingPods,
      SortedSet<String> unreadyPods,
      SortedSet<String> terminatingPods,
      Map<String, EndpointCounts> endpoints,
      Map<String, String> conditions,
      Map<String, Integer> podPhases) {
    this(
        at,
        event,
        generation,
        observedGeneration,
        revision,
        newRevision,
        replicas,
        minAvailable,
        maxTotal,
        peakAvailable,
        revisions,
        readyPods,
        warmingPods,
        unreadyPods,
        terminatingPods,
        endpoints,
        conditions,
        podPhases,
        Map.of());
  }

  /**
   * The revision of a pod, from the template hash its name holds ({@code web-5d9f7c-x2k4p}), or 0
   * when no known ReplicaSet's hash is in its name.
   */
  public long revisionOf(String pod) {
    for (Map.Entry<String, Long> e : hashRevisions.entrySet()) {
      if (!e.getKey().isEmpty() && pod.contains("-" + e.getKey() + "-")) {
        return e.getValue();
      }
    }
    return 0;
  }

  /**
   * A moment without a recorded history (for tests and hand-made timelines): its peak availability
   * is unknown, {@link Integer#MAX_VALUE}, so minimums apply in full.
   */
  public Moment(
      Duration at,
      String event,
      long generation,
      long observedGeneration,
      long revision,
      long newRevision,
      int replicas,
      int minAvailable,
      int maxTotal,
      Map<Long, RevisionCounts> revisions,
      SortedSet<String> readyPods,
      SortedSet<String> unreadyPods,
      SortedSet<String> terminatingPods,
      Map<String, EndpointCounts> endpoints,
      Map<String, String> conditions,
      Map<String, Integer> podPhases) {
    this(
        at,
        event,
        generation,
        observedGeneration,
        revision,
        newRevision,
        replicas,
        minAvailable,
        maxTotal,
        Integer.MAX_VALUE,
        revisions,
        readyPods,
        TreePSet.empty(),
        unreadyPods,
        terminatingPods,
        endpoints,
        conditions,
        podPhases);
  }

  /**
   * Immutable, and shared as is when already persistent: consecutive moments then share the names
   * they have in common.
   */
  private static SortedSet<String> persistent(java.util.Collection<String> names) {
    return names instanceof org.pcollections.PSortedSet<String> p ? p : TreePSet.from(names);
  }

  /** Pods that are available: Ready for minReadySeconds and not terminating. */
  public int available() {
    return readyPods.size();
  }

  /** Pods not being deleted, ready or not. */
  public int pods() {
    return readyPods.size() + warmingPods.size() + unreadyPods.size();
  }

  /** All pods, terminating ones included. */
  public int podsIncludingTerminating() {
    return pods() + terminatingPods.size();
  }

  /**
   * Revisions that have pods at this moment, terminating ones included; 0 stands for pods whose
   * ReplicaSet the watches have not delivered yet.
   */
  public java.util.SortedSet<Long> revisionsWithPods() {
    java.util.SortedSet<Long> result = new java.util.TreeSet<>();
    revisions.forEach(
        (r, c) -> {
          if (c.pods() + c.terminating() > 0) {
            result.add(r);
          }
        });
    return result;
  }

  /**
   * Per revision: the ReplicaSet's desired replicas, its pods (not terminating), those Ready, those
   * terminating, and its available replicas as the ReplicaSet's status reports them (Ready for
   * minReadySeconds).
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public record RevisionCounts(int desired, int pods, int ready, int terminating, int available) {

    /** Counts where every Ready pod is also available (no minReadySeconds). */
    public RevisionCounts(int desired, int pods, int ready, int terminating) {
      this(desired, pods, ready, terminating, ready);
    }

    @Override
    public String toString() {
      return desired + "/" + pods + "/" + ready + (terminating == 0 ? "" : "+" + terminating + "t");
    }
  }

  /**
   * Endpoints of one Service's EndpointSlices.
   *
   * @param ready ready endpoints
   * @param terminating terminating endpoints
   * @param peakReady the most ready endpoints at any moment of the recording so far, this one
   *     included
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public record EndpointCounts(int ready, int terminating, int peakReady) {

    /**
     * Counts without a recorded history: the peak is unknown, {@link Integer#MAX_VALUE}, so
     * minimums apply in full.
     */
    public EndpointCounts(int ready, int terminating) {
      this(ready, terminating, Integer.MAX_VALUE);
    }

    @Override
    public String toString() {
      return ready + (terminating == 0 ? "" : "+" + terminating + "t");
    }
  }
}
