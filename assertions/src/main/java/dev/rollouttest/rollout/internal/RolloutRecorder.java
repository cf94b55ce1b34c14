package dev.rollouttest.rollout.internal;

import dev.rollouttest.invariant.Invariant;
import dev.rollouttest.invariant.Violation;
import dev.rollouttest.model.Moment;
import dev.rollouttest.model.RolloutTimeline;
import dev.rollouttest.rollout.ClusterFaults;
import dev.rollouttest.rollout.DeploymentRollout;
import dev.rollouttest.rollout.FailFast;
import dev.rollouttest.rollout.RolloutOutcome;
import dev.rollouttest.rollout.RolloutStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Records every moment of a Deployment's rollout: informers on the Deployment, its ReplicaSets, its
 * pods and the EndpointSlices of the named Services ({@link Watches}) turn each watch event into an
 * immutable {@link Moment} with a monotonic timestamp, folded into one {@link RolloutView} in the
 * order the events were delivered. Start it before sending the change; {@link #stop()} returns the
 * {@link RolloutTimeline}.
 *
 * <p>Invariants given to {@link #start(DeploymentRollout, List, List)} are evaluated on each moment
 * as it is recorded, on the watch thread, from the moment the change's generation shows ({@link
 * InvariantChecker}); {@link #violations()} holds the first violation of each, and {@link #stats()}
 * how long the evaluation took after each event's arrival. {@link #awaitOutcome} waits for the
 * {@link Verdict}.
 *
 * <p>fabric8's informers resume a dropped watch from the last resourceVersion (no event is lost)
 * and re-list when the server has compacted it (410 Gone), reporting the difference as add, update
 * and delete events, which the recorder folds in like any other. While a watch is down the recorder
 * is blind: a monitor marks on the timeline when a watch stops and when it is back ({@code watch
 * gap} moments, checked every 100 ms, kept in {@link WatchGaps}), and a watch or list that fails
 * with an error is marked too. The moments between arrived late; those after show the reconciled
 * state.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class RolloutRecorder implements AutoCloseable {

  private static final long FAULT_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  private final DeploymentRollout rollout;
  private final long start = System.nanoTime();
  private final Object lock = new Object();
  private final List<Moment> moments = new ArrayList<>();
  private final Watches watches;
  private final List<String> selectingServices;
  private final List<String> services;
  // the one view every moment and every verdict comes from, folded from the events in the order
  // they were delivered (the informers' stores run ahead of their event handlers)
  private final RolloutView view;
  private final WatchGaps gaps = new WatchGaps();
  private final InvariantChecker checker;
  private final EvaluationTimes evaluationTimes = new EvaluationTimes();
  // checks the watches, and records the moments a pod becomes available with no event
  private final ScheduledExecutorService monitor =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "rollout-test-watch-monitor");
            t.setDaemon(true);
            return t;
          });

  private volatile boolean recording;
  private long changeGeneration;
  private @Nullable Instant promotionAt;

  private RolloutRecorder(
      DeploymentRollout rollout, List<String> services, List<Invariant> invariants) {
    this.rollout = rollout;
    this.checker = new InvariantChecker(rollout.namespace(), rollout.name(), invariants);
    Deployment current = rollout.get();
    this.selectingServices = Watches.selecting(rollout.client(), rollout.namespace(), current);
    LinkedHashSet<String> recorded = new LinkedHashSet<>(services);
    recorded.addAll(selectingServices);
    this.services = List.copyOf(recorded);
    this.view = new RolloutView(this.services);
    this.watches =
        new Watches(
            rollout.client(),
            rollout.namespace(),
            rollout.name(),
            current.getSpec().getSelector().getMatchLabels(),
            new Watches.Events() {
              @Override
              public void changed(HasMetadata object, boolean deleted, String event, long at) {
                record(object, deleted, event, at);
              }

              @Override
              public void failed(String kind, Throwable error) {
                watchFailed(kind, error);
              }
            });
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
      recorder.watches.start(Duration.ofSeconds(60));
    } catch (Exception e) {
      recorder.close();
      throw new IllegalStateException(
          "Could not start watching Deployment " + recorder.deploymentName(), e);
    }
    synchronized (recorder.lock) {
      recorder.watches.forEachListed(o -> recorder.view.fold(o, false));
      recorder.recording = true;
      recorder.schedulePromotion();
    }
    recorder.record(null, false, "recording started", System.nanoTime());
    recorder.monitor.scheduleWithFixedDelay(
        recorder::checkWatches, 100, 100, TimeUnit.MILLISECONDS);
    return recorder;
  }

  /**
   * The generation of the change under test; invariants apply once the controller has observed it.
   */
  public void changeGeneration(long generation) {
    synchronized (lock) {
      this.changeGeneration = generation;
      checker.check(moments, changeGeneration);
    }
  }

  /**
   * The {@link System#nanoTime()} reading the moments' times count from: what else is timed
   * alongside (an HTTP probe's series) lines up with the moments when timed from it.
   */
  public long startNanos() {
    return start;
  }

  /** The moments recorded so far, while the recording goes on. */
  public RolloutTimeline timelineSoFar() {
    synchronized (lock) {
      return timeline();
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
      checker.startAt(position);
      changeGeneration = Math.max(1, changeGeneration);
      checker.check(moments, changeGeneration);
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
      return checker.violations();
    }
  }

  /** How fast the recorder kept up with the events so far. */
  public RecorderStats stats() {
    synchronized (lock) {
      return new RecorderStats(
          moments.size(), sinceStart(), evaluationTimes.all(), evaluationTimes.violating());
    }
  }

  /** Stops the watches and returns every recorded moment. */
  public RolloutTimeline stop() {
    close();
    synchronized (lock) {
      return timeline();
    }
  }

  @Override
  public void close() {
    monitor.shutdownNow();
    recording = false;
    watches.close();
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
   * <p>A wait that lasts logs a progress line at the interval {@link ProgressSetting} holds (every
   * 5 s by default), none while it is shorter ({@link ProgressLog}, {@link ProgressLine}).
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
    Verdict.Terms terms = new Verdict.Terms(failFast, stopOnViolation, settled, drained);
    long began = System.nanoTime();
    long deadline = began + timeout.toNanos();
    ProgressLog progress = ProgressLog.configured(began);
    synchronized (lock) {
      try {
        while (true) {
          Optional<Verdict> verdict =
              Verdict.on(view, terms, checker.violated(), changeGeneration, selectingServices);
          long now = System.nanoTime();
          long left = deadline - now;
          if (verdict.isPresent() || left <= 0) {
            String end = "verdict: " + verdict.map(Verdict::describe).orElse("timed out");
            progress.end(now, elapsed -> progressLine(elapsed, List.of(end)));
            return conclude(verdict, began);
          }
          Optional<String> fault = ClusterFaults.of(rollout.client());
          if (fault.isPresent()) {
            recording = false;
            throw new ClusterFaults.ClusterFaultException(
                "The rollout of Deployment "
                    + deploymentName()
                    + " cannot be judged: "
                    + fault.get());
          }
          progress.poll(
              now,
              elapsed -> progressLine(elapsed, ProgressLine.notes(view, terms, selectingServices)));
          // wakes at least twice a second to ask the backend about faults no event shows
          TimeUnit.NANOSECONDS.timedWait(
              lock, Math.min(Math.min(left, FAULT_CHECK_NANOS), progress.nanosUntilDue(now)));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(
            "Interrupted while waiting for the rollout of Deployment " + deploymentName(), e);
      }
    }
  }

  /** A progress line of the wait, from the latest moment (under the lock). */
  private String progressLine(Duration elapsed, List<String> notes) {
    return ProgressLine.of(
        rollout.name(),
        moments.isEmpty() ? null : moments.get(moments.size() - 1),
        checker.violations().size(),
        elapsed,
        notes);
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
      return view.generation();
    }
  }

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

  /** A watch or list failed: a gap begins, and the timeline says so. */
  private void watchFailed(String kind, Throwable error) {
    synchronized (lock) {
      if (recording) {
        gaps.failed(kind, sinceStart());
      }
    }
    record(null, false, WatchGaps.failedNote(kind, error), System.nanoTime());
  }

  /**
   * Ends the recording with the verdict (empty: the wait timed out): records the verdict's moment,
   * closes the watch gaps, and returns the outcome. Under the lock.
   */
  private RolloutOutcome conclude(Optional<Verdict> verdict, long began) {
    recording = false;
    gaps.endAll(sinceStart());
    RolloutStatus status =
        view.deployment() == null
            ? new RolloutStatus(false, false, "the Deployment was deleted")
            : view.status();
    if (view.deployment() != null) {
      moments.add(
          view.moment(
              sinceStart(), "verdict: " + verdict.map(Verdict::describe).orElse("timed out")));
    }
    return new RolloutOutcome(
        // recording starts with the Deployment listed
        java.util.Objects.requireNonNull(view.lastDeployment(), "the Deployment was never seen"),
        status,
        verdict.map(Verdict::failure),
        verdict.map(Verdict::hit).map(FailFastRules.Hit::pods).orElse(List.of()),
        Duration.ofNanos(System.nanoTime() - began),
        verdict.isEmpty());
  }

  /**
   * Marks on the timeline when a watch stops and when it is back: between the two, the recorder is
   * blind, and the events it receives after are the ones it missed, delivered late.
   */
  private void checkWatches() {
    for (String kind : watches.kinds()) {
      boolean watching = watches.watching(kind);
      Optional<String> note;
      synchronized (lock) {
        if (!recording) {
          return;
        }
        note = gaps.update(kind, watching, sinceStart());
      }
      note.ifPresent(n -> record(null, false, n, System.nanoTime()));
    }
  }

  private void record(@Nullable HasMetadata object, boolean deleted, String event, long arrived) {
    synchronized (lock) {
      if (!recording) {
        return;
      }
      if (object != null) {
        view.fold(object, deleted);
        schedulePromotion();
      }
      if (view.deployment() != null) {
        moments.add(view.moment(sinceStart(), event));
        InvariantChecker.Checked checked = checker.check(moments, changeGeneration);
        if (checked != InvariantChecker.Checked.NOTHING) {
          evaluationTimes.add(
              System.nanoTime() - arrived, checked == InvariantChecker.Checked.BROKEN);
        }
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
                long delay = Math.max(0, at.toEpochMilli() - Instant.now().toEpochMilli());
                monitor.schedule(this::promoteDue, delay, TimeUnit.MILLISECONDS);
              }
            });
  }

  private void promoteDue() {
    synchronized (lock) {
      if (!recording) {
        return;
      }
      promotionAt = null;
      for (String pod : view.promoteDue()) {
        record(
            null,
            false,
            "Pod " + pod + " available (Ready for " + view.minReadySeconds() + "s)",
            System.nanoTime());
      }
      schedulePromotion();
    }
  }

  private RolloutTimeline timeline() {
    return new RolloutTimeline(
        rollout.namespace(), rollout.name(), changeGeneration, moments, gaps.soFar(sinceStart()));
  }

  private Duration sinceStart() {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private String deploymentName() {
    return rollout.namespace() + "/" + rollout.name();
  }
}
