package dev.rollouttest.watch;

import dev.rollouttest.invariant.Invariant;
import dev.rollouttest.invariant.Violation;
import dev.rollouttest.model.Moment;
import dev.rollouttest.model.RolloutTimeline;
import dev.rollouttest.model.WatchGap;
import dev.rollouttest.rollout.ClusterFaults;
import dev.rollouttest.rollout.DeploymentRollout;
import dev.rollouttest.rollout.FailFast;
import dev.rollouttest.rollout.RolloutFailure;
import dev.rollouttest.rollout.RolloutOutcome;
import dev.rollouttest.rollout.RolloutStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Records every moment of a Deployment's rollout: informers on the Deployment, its ReplicaSets, its
 * pods and the EndpointSlices of the named Services turn each watch event into an immutable {@link
 * Moment} with a monotonic timestamp. Start it before sending the change; {@link #stop()} returns
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
 * gap} moments, checked every 100 ms), and a watch or list that fails with an error is marked too.
 * The moments between arrived late; those after show the reconciled state.
 */
public final class RolloutRecorder implements AutoCloseable {

  private static final long FAULT_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final long start = System.nanoTime();
  private final Object lock = new Object();
  private final List<Moment> moments = new ArrayList<>();
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private final SharedIndexInformer<Deployment> deployment;
  private final SharedIndexInformer<ReplicaSet> replicaSets;
  private final SharedIndexInformer<Pod> pods;
  private final SharedIndexInformer<EndpointSlice> endpointSlices;
  private final List<String> selectingServices;
  private final List<String> services;
  // the one view every moment and every verdict comes from, folded from the events in the order
  // they were delivered (the informers' stores run ahead of their event handlers)
  private final RolloutView view;

  private volatile boolean recording;
  // per watched kind, when its watch went down, while it is down; and the gaps that are over
  private final Map<String, Duration> openGaps = new java.util.HashMap<>();
  private final List<WatchGap> gaps = new ArrayList<>();
  private final java.util.concurrent.ScheduledExecutorService watchMonitor =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "rollout-test-watch-monitor");
            t.setDaemon(true);
            return t;
          });
  private long changeGeneration;
  private java.time.Instant promotionAt;
  private final List<Invariant> invariants;
  private final Map<Invariant, Violation> violations = new java.util.LinkedHashMap<>();
  private int evaluatedUpTo;
  private int windowStart = -1;
  private long[] latencies = new long[1024];
  private int latencyCount;
  private final List<Long> violationLatencies = new ArrayList<>();

  private RolloutRecorder(
      DeploymentRollout rollout, List<String> services, List<Invariant> invariants) {
    this.invariants = List.copyOf(invariants);
    KubernetesClient client = rollout.client();
    this.client = client;
    this.namespace = rollout.namespace();
    this.name = rollout.name();
    Deployment current = rollout.get();
    this.selectingServices = selecting(client, namespace, current);
    java.util.LinkedHashSet<String> recorded = new java.util.LinkedHashSet<>(services);
    recorded.addAll(selectingServices);
    this.services = List.copyOf(recorded);
    this.view = new RolloutView(this.services);
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

  /**
   * The Services of the namespace whose selector picks the Deployment's pods (every label of the
   * selector is on the pod template), by name.
   */
  private static List<String> selecting(
      KubernetesClient client, String namespace, Deployment deployment) {
    Map<String, String> labels =
        deployment.getSpec().getTemplate().getMetadata() == null
                || deployment.getSpec().getTemplate().getMetadata().getLabels() == null
            ? Map.of()
            : deployment.getSpec().getTemplate().getMetadata().getLabels();
    List<String> names = new ArrayList<>();
    for (Service service : client.services().inNamespace(namespace).list().getItems()) {
      Map<String, String> selector =
          service.getSpec() == null ? null : service.getSpec().getSelector();
      if (selector != null
          && !selector.isEmpty()
          && labels.entrySet().containsAll(selector.entrySet())) {
        names.add(service.getMetadata().getName());
      }
    }
    names.sort(null);
    return List.copyOf(names);
  }

  private io.fabric8.kubernetes.client.informers.ExceptionHandler gapMarker(String kind) {
    return (started, error) -> {
      if (started) {
        synchronized (lock) {
          if (recording) {
            openGaps.putIfAbsent(kind, sinceStart());
          }
        }
        record(
            null,
            false,
            "watch gap: the "
                + kind
                + " watch failed ("
                + error.getMessage()
                + "); it is re-established and re-listed, later moments show the reconciled state",
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
      // the four lists run at once; the recording starts when all are in
      java.util.concurrent.CompletableFuture.allOf(
              recorder.informers.stream()
                  .map(i -> i.start().toCompletableFuture())
                  .toArray(java.util.concurrent.CompletableFuture[]::new))
          .get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      recorder.close();
      throw new IllegalStateException(
          "Could not start watching Deployment " + recorder.namespace + "/" + recorder.name, e);
    }
    synchronized (recorder.lock) {
      recorder.deployment.getStore().list().forEach(o -> recorder.view.fold(o, false));
      recorder.replicaSets.getStore().list().forEach(o -> recorder.view.fold(o, false));
      recorder.pods.getStore().list().forEach(o -> recorder.view.fold(o, false));
      recorder.endpointSlices.getStore().list().forEach(o -> recorder.view.fold(o, false));
      recorder.recording = true;
      recorder.schedulePromotion();
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
      return new RolloutTimeline(namespace, name, changeGeneration, moments, gapsSoFar());
    }
  }

  /** How many moments are recorded so far: a position to pass to {@link #changeStartsAt}. */
  public int position() {
    synchronized (lock) {
      return moments.size();
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
          moments.size(),
          Duration.ofNanos(System.nanoTime() - start),
          java.util.Arrays.copyOf(latencies, latencyCount),
          violationLatencies.stream().mapToLong(Long::longValue).toArray());
    }
  }

  /**
   * Figures of a recording, for benchmarks.
   *
   * @param moments moments recorded
   * @param elapsed since the recording started
   * @param evaluationNanos per moment evaluated online: nanoseconds from the event's arrival in the
   *     handler to its moment recorded and every invariant checked
   * @param violationNanos the same, for the moments that recorded a violation
   */
  public record Stats(
      int moments, Duration elapsed, long[] evaluationNanos, long[] violationNanos) {

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
      return new RolloutTimeline(namespace, name, changeGeneration, moments, gapsSoFar());
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
      boolean down;
      synchronized (lock) {
        if (!recording) {
          return;
        }
        down = openGaps.containsKey(kinds[i]);
        if (!watching && !down) {
          openGaps.put(kinds[i], sinceStart());
        } else if (watching && down) {
          gaps.add(new WatchGap(kinds[i], openGaps.remove(kinds[i]), sinceStart(), true));
        }
      }
      if (watching == down) {
        record(
            null,
            false,
            watching
                ? "watch gap ends: the "
                    + kinds[i]
                    + " watch is back; the moments since the gap began arrived late"
                : "watch gap: the " + kinds[i] + " watch stopped; it is being re-established",
            System.nanoTime());
      }
    }
  }

  private Duration sinceStart() {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** The gaps so far, those still open ending now. */
  private List<WatchGap> gapsSoFar() {
    List<WatchGap> all = new ArrayList<>(gaps);
    openGaps.forEach((kind, from) -> all.add(new WatchGap(kind, from, sinceStart(), false)));
    all.sort(java.util.Comparator.comparing(WatchGap::from));
    return all;
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
      if (RolloutView.ready(a) != RolloutView.ready(b)) {
        return RolloutView.ready(b) ? ": Ready" : ": not Ready";
      }
    }
    return "";
  }

  private void record(HasMetadata object, boolean deleted, String event, long arrived) {
    synchronized (lock) {
      if (!recording) {
        return;
      }
      if (object != null) {
        view.fold(object, deleted);
        schedulePromotion();
      }
      if (view.deployment() != null) {
        moments.add(view.moment(Duration.ofNanos(System.nanoTime() - start), event));
        evaluate(arrived, true);
      }
      lock.notifyAll();
    }
  }

  /**
   * A pod that is Ready but not yet for minReadySeconds becomes available with no event: the
   * recorder records that moment itself when it comes (under the lock).
   */
  private void schedulePromotion() {
    view.nextAvailableAt()
        .ifPresent(
            at -> {
              if (!at.equals(promotionAt)) {
                promotionAt = at;
                long delay =
                    Math.max(0, at.toEpochMilli() - java.time.Instant.now().toEpochMilli());
                watchMonitor.schedule(this::promoteDue, delay, TimeUnit.MILLISECONDS);
              }
            });
  }

  private void promoteDue() {
    synchronized (lock) {
      if (!recording) {
        return;
      }
      promotionAt = null;
      List<String> due = view.promoteDue();
      for (String pod : due) {
        record(
            null,
            false,
            "Pod " + pod + " available (Ready for " + view.minReadySeconds() + "s)",
            System.nanoTime());
      }
      schedulePromotion();
    }
  }

  /**
   * Waits for the verdict on the rollout of the change: the first of a violation of an invariant
   * (when {@code stopOnViolation}), a failure that {@code failFast} stops on, completion by
   * kubectl's rule (and, when {@code settled}, every Service that selects the pods listing every
   * ready pod as a ready endpoint), or the end of {@code timeout}. Judged on the recorder's own
   * view as each moment is recorded; once there is a verdict, no more moments are recorded. Needs
   * the change's generation ({@link #changeGeneration} or {@link #changeStartsAt}): the Deployment
   * counts as complete only once the view shows that generation.
   *
   * @return the outcome; {@link #violations()} has the violations
   */
  public RolloutOutcome awaitOutcome(
      Duration timeout, FailFast failFast, boolean stopOnViolation, boolean settled) {
    return awaitOutcome(timeout, failFast, stopOnViolation, settled, false);
  }

  /**
   * As {@link #awaitOutcome(Duration, FailFast, boolean, boolean)}; with {@code drained}, a
   * complete rollout also waits until none of the Deployment's pods is terminating any more, so
   * that what clients see while the old pods shut down (the race between endpoint removal and
   * SIGTERM) falls inside the wait.
   */
  public RolloutOutcome awaitOutcome(
      Duration timeout,
      FailFast failFast,
      boolean stopOnViolation,
      boolean settled,
      boolean drained) {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(failFast, "failFast");
    long began = System.nanoTime();
    long deadline = began + timeout.toNanos();
    synchronized (lock) {
      try {
        while (true) {
          Verdict verdict = verdict(failFast, stopOnViolation, settled, drained);
          long left = deadline - System.nanoTime();
          if (verdict != null || left <= 0) {
            recording = false;
            List<WatchGap> atVerdict = gapsSoFar();
            gaps.clear();
            gaps.addAll(atVerdict);
            openGaps.clear();
            RolloutStatus status =
                view.deployment() == null
                    ? new RolloutStatus(false, false, "the Deployment was deleted")
                    : view.status();
            if (view.deployment() != null) {
              moments.add(
                  view.moment(
                      Duration.ofNanos(System.nanoTime() - start),
                      "verdict: " + (verdict == null ? "timed out" : verdict.describe())));
            }
            return new RolloutOutcome(
                view.lastDeployment(),
                status,
                verdict == null ? Optional.empty() : Optional.ofNullable(verdict.failure()),
                verdict == null || verdict.hit() == null ? List.of() : verdict.hit().pods(),
                Duration.ofNanos(System.nanoTime() - began),
                verdict == null);
          }
          Optional<String> fault = ClusterFaults.of(client);
          if (fault.isPresent()) {
            recording = false;
            throw new ClusterFaults.ClusterFaultException(
                "The rollout of Deployment "
                    + namespace
                    + "/"
                    + name
                    + " cannot be judged: "
                    + fault.get());
          }
          // wakes at least twice a second to ask the backend about faults no event shows
          TimeUnit.NANOSECONDS.timedWait(lock, Math.min(left, FAULT_CHECK_NANOS));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(
            "Interrupted while waiting for the rollout of Deployment " + namespace + "/" + name, e);
      }
    }
  }

  /**
   * Waits until the Deployment has rolled out as it stands (no change is sent) and its state has
   * settled: complete by kubectl's rule, and every Service that selects its pods lists each ready
   * pod as a ready endpoint. Ends early on what {@code failFast} names. What a test or a gate
   * records after this starts from a settled baseline.
   */
  public static RolloutOutcome awaitSettled(
      DeploymentRollout rollout, Duration timeout, FailFast failFast) {
    try (RolloutRecorder recorder = start(rollout, List.of(), List.of())) {
      recorder.changeGeneration(recorder.currentGeneration());
      return recorder.awaitOutcome(timeout, failFast, false, true);
    }
  }

  /** The generation of the Deployment as the recorder sees it now, 0 before it has seen it. */
  public long currentGeneration() {
    synchronized (lock) {
      Deployment d = view.deployment();
      return d == null || d.getMetadata().getGeneration() == null
          ? 0
          : d.getMetadata().getGeneration();
    }
  }

  /** Why the wait ends, or null while it goes on. */
  private Verdict verdict(
      FailFast failFast, boolean stopOnViolation, boolean settled, boolean drained) {
    if (stopOnViolation && !violations.isEmpty()) {
      return new Verdict(false, null, null, "invariant broken");
    }
    Deployment d = view.deployment();
    if (d == null) {
      return null;
    }
    Optional<RolloutView.FailFastHit> hit = view.failFast(failFast);
    if (hit.isPresent()) {
      return new Verdict(false, hit.get().failure(), hit.get(), hit.get().failure().toString());
    }
    long generation = d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration();
    if (generation < changeGeneration || !view.status().done()) {
      return null;
    }
    if (settled && view.unsettled(selectingServices).isPresent()) {
      return null;
    }
    if (drained && !view.terminating().isEmpty()) {
      return null;
    }
    return new Verdict(
        true,
        null,
        null,
        (settled ? "complete and settled" : "complete") + (drained ? "; no pod terminating" : ""));
  }

  private record Verdict(
      boolean complete, RolloutFailure failure, RolloutView.FailFastHit hit, String describe) {}

  /**
   * Why the recorded state is not settled, or empty: used to explain a wait for a settled state
   * that timed out.
   */
  public Optional<String> unsettled() {
    synchronized (lock) {
      return view.unsettled(selectingServices);
    }
  }

  /** The Services recorded: those named at the start and those that select the pods. */
  public List<String> services() {
    return services;
  }

  /**
   * Checks the invariants on the moments not checked yet, once the change's generation is known.
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
                  new RolloutTimeline(namespace, name, changeGeneration, moments));
      if (first < 0 || first >= moments.size()) {
        return;
      }
      evaluatedUpTo = first;
    }
    Moment baseline = moments.get(0);
    boolean violated = false;
    for (; evaluatedUpTo < moments.size(); evaluatedUpTo++) {
      Moment s = moments.get(evaluatedUpTo);
      for (Invariant invariant : invariants) {
        if (violations.containsKey(invariant)) {
          continue;
        }
        var broken = invariant.breach(baseline, s);
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
}
