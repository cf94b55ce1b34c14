package dev.rollouttest.watch;

import dev.rollouttest.invariant.Invariant;
import dev.rollouttest.invariant.Violation;
import dev.rollouttest.model.RolloutTimeline;
import dev.rollouttest.model.Snapshot;
import dev.rollouttest.rollout.DeploymentRollout;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.pcollections.TreePSet;

/**
 * Records every moment of a Deployment's rollout: informers on the Deployment, its ReplicaSets, its
 * pods and the EndpointSlices of the named Services turn each watch event into an immutable {@link
 * Snapshot} with a monotonic timestamp. Start it before sending the change; {@link #stop()} returns
 * the {@link RolloutTimeline}.
 *
 * <p>Invariants given to {@link #start(DeploymentRollout, List, List)} are evaluated on each moment
 * as it is recorded, on the watch thread, from the moment the change's generation shows; {@link
 * #violations()} holds the first violation of each, and {@link #stats()} how long the evaluation
 * took after each event's arrival.
 *
 * <p>fabric8's informers resume a dropped watch from the last resourceVersion (no event is lost)
 * and re-list when the server has compacted it (410 Gone), reporting the difference as add, update
 * and delete events, which the recorder folds in like any other. While a watch is down the recorder
 * is blind: a monitor marks on the timeline when a watch stops and when it is back ({@code watch
 * gap} entries, checked every 100 ms), and a watch or list that fails with an error is marked too.
 * The entries between arrived late; those after show the reconciled state.
 */
public final class RolloutRecorder implements AutoCloseable {

  private final String namespace;
  private final String name;
  private final long start = System.nanoTime();
  private final Object lock = new Object();
  private final List<Snapshot> entries = new ArrayList<>();
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private final SharedIndexInformer<Deployment> deployment;
  private final SharedIndexInformer<ReplicaSet> replicaSets;
  private final SharedIndexInformer<Pod> pods;
  private final SharedIndexInformer<EndpointSlice> endpointSlices;
  private final List<String> services;
  // The recorder's own view, folded from the events in the order they were delivered: each snapshot
  // shows exactly
  // what the events so far say, so every transition is attributed to the event that carried it.
  // (The informers'
  // stores run ahead of their event handlers.)
  private Deployment currentDeployment;
  private final Map<String, ReplicaSet> currentReplicaSets = new HashMap<>();
  // Pods and endpoints are folded incrementally: each pod event moves one name between persistent
  // sorted sets, which the snapshots share, so a moment costs O(log n) time and memory, not O(n).
  private final Map<String, PodState> podStates = new HashMap<>();
  private final Map<String, int[]> podsByHash = new HashMap<>();
  private final Map<String, Integer> phases = new TreeMap<>();
  private TreePSet<String> readyPods = TreePSet.empty();
  private TreePSet<String> unreadyPods = TreePSet.empty();
  private TreePSet<String> terminatingPods = TreePSet.empty();
  private final Map<String, SliceCounts> slices = new HashMap<>();

  /** Where a pod is: its template hash and whether it is ready, unready or terminating. */
  private record PodState(String hash, Category category, String phase) {}

  private enum Category {
    READY,
    UNREADY,
    TERMINATING
  }

  /** One EndpointSlice, counted when its event arrives. */
  private record SliceCounts(String service, int ready, int terminating) {}

  private volatile boolean recording;
  private final boolean[] watchingNow = {true, true, true, true};
  private final java.util.concurrent.ScheduledExecutorService watchMonitor =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "rollout-test-watch-monitor");
            t.setDaemon(true);
            return t;
          });
  private long changeGeneration;
  private final List<Invariant> invariants;
  private final Map<Invariant, Violation> violations = new java.util.LinkedHashMap<>();
  private int evaluatedUpTo;
  private int windowStart = -1;
  // the revision of the ReplicaSet with the Deployment's template; -1: to be found again
  private long newRevision = -1;
  private long[] latencies = new long[1024];
  private int latencyCount;
  private final List<Long> violationLatencies = new ArrayList<>();

  private RolloutRecorder(
      DeploymentRollout rollout, List<String> services, List<Invariant> invariants) {
    this.invariants = List.copyOf(invariants);
    KubernetesClient client = rollout.client();
    this.namespace = rollout.namespace();
    this.name = rollout.name();
    this.services = List.copyOf(services);
    Deployment current = rollout.get();
    Map<String, String> selector = current.getSpec().getSelector().getMatchLabels();
    deployment =
        client.apps().deployments().inNamespace(namespace).withName(name).runnableInformer(0);
    replicaSets = client.apps().replicaSets().inNamespace(namespace).runnableInformer(0);
    pods = client.pods().inNamespace(namespace).withLabels(selector).runnableInformer(0);
    endpointSlices =
        client.discovery().v1().endpointSlices().inNamespace(namespace).runnableInformer(0);
    for (SharedIndexInformer<?> informer : List.of(deployment, replicaSets, pods, endpointSlices)) {
      informers.add(informer);
    }
    deployment.addEventHandler(handler());
    replicaSets.addEventHandler(handler());
    pods.addEventHandler(handler());
    endpointSlices.addEventHandler(handler());
    deployment.exceptionHandler(gapMarker("Deployment"));
    replicaSets.exceptionHandler(gapMarker("ReplicaSet"));
    pods.exceptionHandler(gapMarker("Pod"));
    endpointSlices.exceptionHandler(gapMarker("EndpointSlice"));
  }

  private io.fabric8.kubernetes.client.informers.ExceptionHandler gapMarker(String kind) {
    return (started, error) -> {
      if (started) {
        record(
            null,
            false,
            "watch gap: the "
                + kind
                + " watch failed ("
                + error.getMessage()
                + "); it is re-established and re-listed, later entries show the reconciled state",
            System.nanoTime());
      }
      return started
          && !io.fabric8.kubernetes.client.informers.ExceptionHandler.isDeserializationException(
              error);
    };
  }

  /**
   * Starts watching and returns once every informer has its initial list.
   *
   * @param services Services whose EndpointSlices are recorded
   */
  public static RolloutRecorder start(DeploymentRollout rollout, List<String> services) {
    return start(rollout, services, List.of());
  }

  /**
   * Starts watching, evaluating {@code invariants} on every moment as it is recorded, and returns
   * once every informer has its initial list.
   *
   * @param services Services whose EndpointSlices are recorded
   * @param invariants checked from the moment the change's generation shows
   */
  public static RolloutRecorder start(
      DeploymentRollout rollout, List<String> services, List<Invariant> invariants) {
    RolloutRecorder recorder = new RolloutRecorder(rollout, services, invariants);
    try {
      for (SharedIndexInformer<?> informer : recorder.informers) {
        informer.start().toCompletableFuture().get(60, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      recorder.close();
      throw new IllegalStateException(
          "Could not start watching Deployment " + recorder.namespace + "/" + recorder.name, e);
    }
    synchronized (recorder.lock) {
      recorder.currentDeployment =
          recorder.deployment.getStore().getByKey(recorder.namespace + "/" + recorder.name);
      recorder
          .replicaSets
          .getStore()
          .list()
          .forEach(o -> recorder.currentReplicaSets.put(o.getMetadata().getName(), o));
      recorder.pods.getStore().list().forEach(o -> recorder.foldPod(o, false));
      recorder.endpointSlices.getStore().list().forEach(o -> recorder.foldSlice(o, false));
      recorder.recording = true;
    }
    recorder.record(null, false, "recording started", System.nanoTime());
    recorder.watchMonitor.scheduleWithFixedDelay(
        recorder::checkWatches, 100, 100, TimeUnit.MILLISECONDS);
    return recorder;
  }

  /**
   * The generation of the change under test; invariants apply once the controller has observed it.
   */
  public void changeGeneration(long generation) {
    synchronized (lock) {
      this.changeGeneration = generation;
      evaluate(System.nanoTime(), false);
    }
  }

  /** The moments recorded so far, while the recording goes on. */
  public RolloutTimeline timelineSoFar() {
    synchronized (lock) {
      return new RolloutTimeline(namespace, name, changeGeneration, entries);
    }
  }

  /** How many moments are recorded so far: a position to pass to {@link #changeStartsAt}. */
  public int position() {
    synchronized (lock) {
      return entries.size();
    }
  }

  /**
   * Invariants apply from the moment at {@code position} on, whatever the Deployment's generation:
   * for changes that leave the Deployment's spec as it was but reach its pods or endpoints (a
   * Service's selector). When the Deployment's spec changes, prefer {@link #changeGeneration}:
   * until the watch delivers the Deployment's update, the recorder knows only its old spec, and
   * bounds computed from it (maxSurge, replicas) would be wrong.
   */
  public void changeStartsAt(int position) {
    synchronized (lock) {
      windowStart = position;
      changeGeneration = Math.max(1, changeGeneration);
      evaluate(System.nanoTime(), false);
    }
  }

  /**
   * Records a moment caused by something other than a watch event, e.g. an HTTP probe that starts
   * failing: the state as the watches left it, with {@code event} as its cause.
   */
  public void note(String event) {
    record(null, false, event, System.nanoTime());
  }

  /** The first violation of each invariant so far, in the order the invariants were given. */
  public List<Violation> violations() {
    synchronized (lock) {
      return List.copyOf(violations.values());
    }
  }

  /** How fast the recorder kept up with the events so far. */
  public Stats stats() {
    synchronized (lock) {
      return new Stats(
          entries.size(),
          Duration.ofNanos(System.nanoTime() - start),
          java.util.Arrays.copyOf(latencies, latencyCount),
          violationLatencies.stream().mapToLong(Long::longValue).toArray());
    }
  }

  /**
   * Figures of a recording, for benchmarks.
   *
   * @param entries moments recorded
   * @param elapsed since the recording started
   * @param evaluationNanos per moment evaluated online: nanoseconds from the event's arrival in the
   *     handler to its snapshot recorded and every invariant checked
   * @param violationNanos the same, for the moments that recorded a violation
   */
  public record Stats(
      int entries, Duration elapsed, long[] evaluationNanos, long[] violationNanos) {

    /** The {@code p}-th percentile (0–100) of {@code nanos}, in milliseconds; 0 when empty. */
    public static double percentileMillis(long[] nanos, double p) {
      if (nanos.length == 0) {
        return 0;
      }
      long[] sorted = nanos.clone();
      java.util.Arrays.sort(sorted);
      int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
  }

  /** Stops the watches and returns every recorded moment. */
  public RolloutTimeline stop() {
    close();
    synchronized (lock) {
      return new RolloutTimeline(namespace, name, changeGeneration, entries);
    }
  }

  /**
   * Marks on the timeline when a watch stops and when it is back: between the two, the recorder is
   * blind, and the events it receives after are the ones it missed, delivered late.
   */
  private void checkWatches() {
    String[] kinds = {"Deployment", "ReplicaSet", "Pod", "EndpointSlice"};
    for (int i = 0; i < informers.size(); i++) {
      boolean watching = informers.get(i).isWatching();
      if (watching != watchingNow[i]) {
        watchingNow[i] = watching;
        record(
            null,
            false,
            watching
                ? "watch gap ends: the "
                    + kinds[i]
                    + " watch is back; the entries since the gap began arrived late"
                : "watch gap: the " + kinds[i] + " watch stopped; it is being re-established",
            System.nanoTime());
      }
    }
  }

  @Override
  public void close() {
    watchMonitor.shutdownNow();
    recording = false;
    informers.forEach(SharedIndexInformer::close);
  }

  private <T extends HasMetadata> ResourceEventHandler<T> handler() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        long arrived = System.nanoTime();
        record(obj, false, obj.getKind() + " " + obj.getMetadata().getName() + " ADDED", arrived);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        long arrived = System.nanoTime();
        record(
            newObj,
            false,
            newObj.getKind()
                + " "
                + newObj.getMetadata().getName()
                + " MODIFIED"
                + change(oldObj, newObj),
            arrived);
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        long arrived = System.nanoTime();
        record(obj, true, obj.getKind() + " " + obj.getMetadata().getName() + " DELETED", arrived);
      }
    };
  }

  private static String change(HasMetadata before, HasMetadata after) {
    if (before instanceof Pod a && after instanceof Pod b) {
      if (a.getMetadata().getDeletionTimestamp() == null
          && b.getMetadata().getDeletionTimestamp() != null) {
        return ": terminating";
      }
      if (ready(a) != ready(b)) {
        return ready(b) ? ": Ready" : ": not Ready";
      }
    }
    return "";
  }

  private void record(HasMetadata object, boolean deleted, String event, long arrived) {
    synchronized (lock) {
      if (!recording) {
        return;
      }
      if (object instanceof Deployment d) {
        currentDeployment = deleted ? null : d;
        newRevision = -1;
      } else if (object instanceof ReplicaSet rs) {
        fold(currentReplicaSets, rs, deleted);
        newRevision = -1;
      } else if (object instanceof Pod pod) {
        foldPod(pod, deleted);
      } else if (object instanceof EndpointSlice slice) {
        foldSlice(slice, deleted);
      }
      if (currentDeployment != null) {
        entries.add(snapshot(currentDeployment, event));
        evaluate(arrived, true);
      }
    }
  }

  /**
   * Checks the invariants on the entries not checked yet, once the change's generation is known.
   */
  private void evaluate(long arrived, boolean online) {
    if (changeGeneration == 0 || invariants.isEmpty()) {
      return;
    }
    if (evaluatedUpTo == 0) {
      int first =
          windowStart >= 0
              ? windowStart
              : Violation.firstApplicable(
                  new RolloutTimeline(namespace, name, changeGeneration, entries));
      if (first < 0 || first >= entries.size()) {
        return;
      }
      evaluatedUpTo = first;
    }
    Snapshot baseline = entries.get(0);
    boolean violated = false;
    for (; evaluatedUpTo < entries.size(); evaluatedUpTo++) {
      Snapshot s = entries.get(evaluatedUpTo);
      for (Invariant invariant : invariants) {
        if (violations.containsKey(invariant)) {
          continue;
        }
        var broken = invariant.check(baseline, s);
        if (broken.isPresent()) {
          violations.put(invariant, new Violation(invariant, evaluatedUpTo, s, broken.get()));
          violated = true;
        }
      }
    }
    if (online) {
      long took = System.nanoTime() - arrived;
      if (latencyCount == latencies.length) {
        latencies = java.util.Arrays.copyOf(latencies, latencies.length * 2);
      }
      latencies[latencyCount++] = took;
      if (violated) {
        violationLatencies.add(took);
      }
    }
  }

  private void foldPod(Pod pod, boolean deleted) {
    String podName = pod.getMetadata().getName();
    PodState before = podStates.remove(podName);
    if (before != null) {
      move(podName, before, -1);
    }
    if (!deleted) {
      String hash =
          pod.getMetadata().getLabels() == null
              ? ""
              : pod.getMetadata().getLabels().getOrDefault("pod-template-hash", "");
      Category category =
          pod.getMetadata().getDeletionTimestamp() != null
              ? Category.TERMINATING
              : ready(pod) ? Category.READY : Category.UNREADY;
      String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
      PodState now = new PodState(hash, category, phase == null ? "Unknown" : phase);
      podStates.put(podName, now);
      move(podName, now, +1);
    }
  }

  private void move(String podName, PodState state, int delta) {
    phases.merge(state.phase(), delta, Integer::sum);
    int[] counts = podsByHash.computeIfAbsent(state.hash(), h -> new int[3]);
    counts[state.category().ordinal()] += delta;
    switch (state.category()) {
      case READY -> readyPods = delta > 0 ? readyPods.plus(podName) : readyPods.minus(podName);
      case UNREADY ->
          unreadyPods = delta > 0 ? unreadyPods.plus(podName) : unreadyPods.minus(podName);
      case TERMINATING ->
          terminatingPods =
              delta > 0 ? terminatingPods.plus(podName) : terminatingPods.minus(podName);
    }
  }

  private void foldSlice(EndpointSlice slice, boolean deleted) {
    String sliceName = slice.getMetadata().getName();
    if (deleted) {
      slices.remove(sliceName);
      return;
    }
    String service =
        slice.getMetadata().getLabels() == null
            ? null
            : slice.getMetadata().getLabels().get("kubernetes.io/service-name");
    int readyEndpoints = 0;
    int terminatingEndpoints = 0;
    for (Endpoint e : slice.getEndpoints() == null ? List.<Endpoint>of() : slice.getEndpoints()) {
      var cond = e.getConditions();
      if (cond != null && Boolean.TRUE.equals(cond.getReady())) {
        readyEndpoints++;
      } else if (cond != null && Boolean.TRUE.equals(cond.getTerminating())) {
        terminatingEndpoints++;
      }
    }
    slices.put(sliceName, new SliceCounts(service, readyEndpoints, terminatingEndpoints));
  }

  private static <T extends HasMetadata> void fold(
      Map<String, T> state, T object, boolean deleted) {
    if (deleted) {
      state.remove(object.getMetadata().getName());
    } else {
      state.put(object.getMetadata().getName(), object);
    }
  }

  private Snapshot snapshot(Deployment d, String event) {
    String uid = d.getMetadata().getUid();
    Map<String, Long> revisionByHash = new HashMap<>();
    Map<Long, int[]> counts = new TreeMap<>();
    for (ReplicaSet rs : currentReplicaSets.values()) {
      boolean owned =
          rs.getMetadata().getOwnerReferences() != null
              && rs.getMetadata().getOwnerReferences().stream()
                  .anyMatch(o -> uid.equals(o.getUid()));
      if (!owned) {
        continue;
      }
      long revision = DeploymentRollout.revisionOf(rs);
      String hash =
          rs.getMetadata().getLabels() == null
              ? null
              : rs.getMetadata().getLabels().get("pod-template-hash");
      revisionByHash.put(hash, revision);
      int[] c = counts.computeIfAbsent(revision, r -> new int[5]);
      c[0] = rs.getSpec().getReplicas() == null ? 0 : rs.getSpec().getReplicas();
      c[4] =
          rs.getStatus() == null || rs.getStatus().getAvailableReplicas() == null
              ? 0
              : rs.getStatus().getAvailableReplicas();
    }
    podsByHash.forEach(
        (hash, c) -> {
          if (c[0] + c[1] + c[2] > 0) {
            int[] r =
                counts.computeIfAbsent(revisionByHash.getOrDefault(hash, 0L), x -> new int[5]);
            r[1] += c[0] + c[1];
            r[2] += c[0];
            r[3] += c[2];
          }
        });
    Map<Long, Snapshot.RevisionCounts> revisions = new TreeMap<>();
    counts.forEach(
        (r, c) -> revisions.put(r, new Snapshot.RevisionCounts(c[0], c[1], c[2], c[3], c[4])));
    Map<String, String> conditions = new TreeMap<>();
    if (d.getStatus() != null && d.getStatus().getConditions() != null) {
      for (var condition : d.getStatus().getConditions()) {
        conditions.put(
            condition.getType(),
            condition.getStatus()
                + (condition.getReason() == null ? "" : " (" + condition.getReason() + ")"));
      }
    }
    Map<String, Integer> podPhases = new TreeMap<>();
    phases.forEach(
        (phase, n) -> {
          if (n > 0) {
            podPhases.put(phase, n);
          }
        });
    Map<String, Snapshot.EndpointCounts> endpoints = new TreeMap<>();
    for (String service : services) {
      int readyEndpoints = 0;
      int terminatingEndpoints = 0;
      for (SliceCounts slice : slices.values()) {
        if (service.equals(slice.service())) {
          readyEndpoints += slice.ready();
          terminatingEndpoints += slice.terminating();
        }
      }
      endpoints.put(service, new Snapshot.EndpointCounts(readyEndpoints, terminatingEndpoints));
    }
    int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    int[] fenceposts = fenceposts(d, replicas);
    return new Snapshot(
        Duration.ofNanos(System.nanoTime() - start),
        event,
        d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration(),
        d.getStatus() == null || d.getStatus().getObservedGeneration() == null
            ? 0
            : d.getStatus().getObservedGeneration(),
        DeploymentRollout.revisionOf(d),
        newRevision(d),
        replicas,
        replicas - fenceposts[1],
        replicas + fenceposts[0],
        revisions,
        readyPods,
        unreadyPods,
        terminatingPods,
        endpoints,
        conditions,
        podPhases);
  }

  /**
   * The revision of the owned ReplicaSet whose template equals the Deployment's, ignoring the
   * pod-template-hash label, as the controller finds its "new ReplicaSet"; found again only after a
   * Deployment or ReplicaSet event.
   */
  private long newRevision(Deployment d) {
    if (newRevision >= 0) {
      return newRevision;
    }
    newRevision = 0;
    String uid = d.getMetadata().getUid();
    for (ReplicaSet rs : currentReplicaSets.values()) {
      boolean owned =
          rs.getMetadata().getOwnerReferences() != null
              && rs.getMetadata().getOwnerReferences().stream()
                  .anyMatch(o -> uid.equals(o.getUid()));
      if (owned && sameTemplate(rs.getSpec().getTemplate(), d.getSpec().getTemplate())) {
        newRevision = DeploymentRollout.revisionOf(rs);
        break;
      }
    }
    return newRevision;
  }

  private static boolean sameTemplate(
      io.fabric8.kubernetes.api.model.PodTemplateSpec replicaSet,
      io.fabric8.kubernetes.api.model.PodTemplateSpec deployment) {
    if (replicaSet == null || deployment == null) {
      return false;
    }
    Map<String, String> labels =
        replicaSet.getMetadata() == null || replicaSet.getMetadata().getLabels() == null
            ? Map.of()
            : new HashMap<>(replicaSet.getMetadata().getLabels());
    labels.remove("pod-template-hash");
    Map<String, String> wanted =
        deployment.getMetadata() == null || deployment.getMetadata().getLabels() == null
            ? Map.of()
            : deployment.getMetadata().getLabels();
    return labels.equals(wanted)
        && java.util.Objects.equals(
            replicaSet.getMetadata() == null
                ? null
                : emptyToNull(replicaSet.getMetadata().getAnnotations()),
            deployment.getMetadata() == null
                ? null
                : emptyToNull(deployment.getMetadata().getAnnotations()))
        && java.util.Objects.equals(replicaSet.getSpec(), deployment.getSpec());
  }

  private static Map<String, String> emptyToNull(Map<String, String> map) {
    return map == null || map.isEmpty() ? null : map;
  }

  /**
   * maxSurge and maxUnavailable as the Deployment controller resolves them: percentages of
   * replicas, surge rounded up and unavailable down; both zero forces unavailable to 1; Recreate
   * has neither.
   */
  static int[] fenceposts(Deployment d, int replicas) {
    var strategy = d.getSpec().getStrategy();
    if (strategy != null && "Recreate".equals(strategy.getType())) {
      return new int[] {0, replicas};
    }
    var rolling = strategy == null ? null : strategy.getRollingUpdate();
    int surge = scaled(rolling == null ? null : rolling.getMaxSurge(), replicas, true, "25%");
    int unavailable =
        scaled(rolling == null ? null : rolling.getMaxUnavailable(), replicas, false, "25%");
    if (surge == 0 && unavailable == 0) {
      unavailable = 1;
    }
    return new int[] {surge, Math.min(unavailable, replicas)};
  }

  private static int scaled(IntOrString value, int total, boolean roundUp, String fallback) {
    IntOrString v = value == null ? new IntOrString(fallback) : value;
    if (v.getIntVal() != null) {
      return v.getIntVal();
    }
    String s = v.getStrVal();
    if (s.endsWith("%")) {
      double percent = Integer.parseInt(s.substring(0, s.length() - 1)) * total / 100.0;
      return (int) (roundUp ? Math.ceil(percent) : Math.floor(percent));
    }
    return Integer.parseInt(s);
  }

  static boolean ready(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
