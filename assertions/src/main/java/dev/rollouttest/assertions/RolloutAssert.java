package dev.rollouttest.assertions;

import static dev.rollouttest.assertions.error.ShouldCompleteWithin.shouldCompleteWithin;
import static dev.rollouttest.assertions.error.ShouldFailWith.shouldFailWith;
import static dev.rollouttest.assertions.error.ShouldHoldAtEveryMoment.shouldHoldAtEveryMoment;

import dev.rollouttest.assertions.presentation.RolloutRepresentation;
import dev.rollouttest.invariant.Invariant;
import dev.rollouttest.invariant.Violation;
import dev.rollouttest.model.RolloutTimeline;
import dev.rollouttest.model.TimelineAttachment;
import dev.rollouttest.probe.HttpProbe;
import dev.rollouttest.probe.HttpProbing;
import dev.rollouttest.probe.ProbeResult;
import dev.rollouttest.rollout.FailFast;
import dev.rollouttest.rollout.RolloutAction;
import dev.rollouttest.rollout.RolloutFailure;
import dev.rollouttest.rollout.RolloutOutcome;
import dev.rollouttest.rollout.RolloutResult;
import dev.rollouttest.watch.RolloutRecorder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions that drive a rollout: the pending change is sent by the first of {@link
 * #completesWithin} or {@link #failsWith}, which then watch the Deployment and its pods until the
 * outcome.
 *
 * <pre>{@code
 * assertThat(web.updateImage("web", "nginx:1.27").because("CVE fix"))
 *     .holdsAtEveryMoment(minAvailable(3))
 *     .completesWithin(ofSeconds(60))
 *     .endsAtRevision(2);
 * assertThat(web.updateImage("web", "nginx:does-not-exist"))
 *     .failsWith(RolloutFailure.PROGRESS_DEADLINE_EXCEEDED);
 * }</pre>
 *
 * One recording decides everything: the assertion watches the Deployment, its ReplicaSets, its pods
 * and the EndpointSlices of the Services that select them, and judges completion (kubectl's rule),
 * fail-fast and the invariants on the same recorded moments. Waiting for completion ends early,
 * without burning the timeout, on {@code ProgressDeadlineExceeded} and on what the {@link FailFast}
 * policy names (by default: pods of the new revision that cannot pull their image, or that
 * crash-loop for 3 restarts; {@link #withFailFast} changes it). Invariants given to {@link
 * #holdsAtEveryMoment} are checked on every recorded moment as it arrives, and the first violation
 * ends the wait at once: it names the moment, the event that caused it and the timeline around it,
 * and leads when the rollout also failed or timed out. A timeout is an {@link AssertionError} whose
 * cause carries the last observed state.
 */
public class RolloutAssert extends AbstractAssert<RolloutAssert, RolloutAction> {

  private final List<Invariant> invariants = new ArrayList<>();
  private final List<String> services = new ArrayList<>();
  private final List<HttpProbe> probes = new ArrayList<>();
  private List<ProbeResult> probeResults = List.of();
  private RolloutOutcome outcome;
  private RolloutTimeline timeline;
  private List<Violation> violations = List.of();
  private boolean applied;
  private FailFast failFast = FailFast.onUnrecoverable();

  public RolloutAssert(RolloutAction actual) {
    super(actual, RolloutAssert.class);
    withRepresentation(RolloutRepresentation.ROLLOUT_REPRESENTATION);
  }

  /**
   * Checks these invariants at every moment of the rollout, from the moment the controller has
   * observed the change until it settles. They are evaluated by {@link #completesWithin} or {@link
   * #failsWith}.
   *
   * <pre>{@code
   * assertThat(web.updateImage("web", "nginx:1.27"))
   *     .holdsAtEveryMoment(minAvailableAsConfigured(), maxSurgeRespected(), minReadyEndpoints("web", 1))
   *     .watchingServices("web")
   *     .completesWithin(ofSeconds(60));
   * }</pre>
   */
  public RolloutAssert holdsAtEveryMoment(Invariant... invariants) {
    this.invariants.addAll(List.of(invariants));
    return myself;
  }

  /**
   * Probes over HTTP while the rollout runs; the rollout assertion then also fails when a probe's
   * result is beyond its tolerance. The moments a probe starts and stops failing sit on the
   * timeline. Refused on the local backend, whose pod and Service IPs are fake.
   *
   * <pre>{@code
   * assertThat(web.updateImage("web", "nginx:1.27"))
   *     .probing(HttpProbe.service("web", 80).every(ofMillis(50)))
   *     .completesWithin(ofSeconds(120));
   * }</pre>
   */
  public RolloutAssert probing(HttpProbe... probes) {
    this.probes.addAll(List.of(probes));
    return myself;
  }

  /** What each probe saw, in the order given; call after {@link #completesWithin}. */
  public List<ProbeResult> probeResults() {
    requireOutcome("probeResults");
    return probeResults;
  }

  /**
   * Which states end the wait early; by default {@link FailFast#onUnrecoverable()}. {@code
   * withFailFast(FailFast.never())} waits exactly as {@code kubectl rollout status} does.
   */
  public RolloutAssert withFailFast(FailFast policy) {
    this.failFast = Objects.requireNonNull(policy, "policy");
    return myself;
  }

  /**
   * Records the EndpointSlices of these Services on the timeline, in addition to the Services that
   * select the Deployment's pods, which are always recorded.
   */
  public RolloutAssert watchingServices(String... services) {
    this.services.addAll(List.of(services));
    return myself;
  }

  /**
   * Sends the change and verifies that the rollout completes (kubectl's rule) within {@code
   * timeout}.
   */
  public RolloutAssert completesWithin(Duration timeout) {
    isNotNull();
    requirePositive(timeout);
    RolloutRecorder recorder = startRecording();
    List<HttpProbing> probings = startProbing(recorder);
    applyOnce(recorder);
    outcome = recorder.awaitOutcome(timeout, failFast, true, false);
    probeResults = probings.stream().map(HttpProbing::stop).toList();
    stopRecording(recorder);
    checkInvariants();
    if (!outcome.complete()) {
      throw withLastState(
          assertionError(shouldCompleteWithin(actual.toString(), timeout, outcome, failFast)));
    }
    checkProbes();
    return myself;
  }

  /**
   * Sends the change and verifies that the rollout reaches {@code failure}. For {@link
   * RolloutFailure#PROGRESS_DEADLINE_EXCEEDED} it waits the Deployment's {@code
   * progressDeadlineSeconds} plus 60 s, otherwise 60 s.
   */
  public RolloutAssert failsWith(RolloutFailure failure) {
    Deployment d = actual.rollout().get();
    Integer deadline = d.getSpec().getProgressDeadlineSeconds();
    Duration timeout =
        failure == RolloutFailure.PROGRESS_DEADLINE_EXCEEDED
            ? Duration.ofSeconds((deadline == null ? 600 : deadline) + 60L)
            : Duration.ofSeconds(60);
    return failsWith(failure, timeout);
  }

  /**
   * Sends the change and verifies that the rollout reaches {@code failure} within {@code timeout}.
   */
  public RolloutAssert failsWith(RolloutFailure failure, Duration timeout) {
    isNotNull();
    Objects.requireNonNull(failure, "failure");
    requirePositive(timeout);
    RolloutRecorder recorder = startRecording();
    applyOnce(recorder);
    outcome = recorder.awaitOutcome(timeout, FailFast.on(failure), true, false);
    stopRecording(recorder);
    checkInvariants();
    if (outcome.failure().filter(failure::equals).isEmpty()) {
      throw withLastState(
          assertionError(shouldFailWith(actual.toString(), failure, timeout, outcome)));
    }
    return myself;
  }

  private static void requirePositive(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the timeout must be positive, but was " + timeout);
    }
  }

  /**
   * Verifies the revision the Deployment ended at; call after {@link #completesWithin} or {@link
   * #failsWith}.
   */
  public RolloutAssert endsAtRevision(long revision) {
    requireOutcome("endsAtRevision");
    new DeploymentAssert(outcome.deployment()).as(info.description()).hasRevision(revision);
    return myself;
  }

  /** Assertions on the Deployment as the rollout left it. */
  public DeploymentAssert deployment() {
    requireOutcome("deployment");
    return new DeploymentAssert(outcome.deployment());
  }

  /** The outcome of the watched rollout, for custom checks. */
  public RolloutOutcome outcome() {
    requireOutcome("outcome");
    return outcome;
  }

  /** The recorded timeline: every moment from the start of the recording to the verdict. */
  public RolloutTimeline timeline() {
    requireOutcome("timeline");
    return timeline;
  }

  private List<HttpProbing> startProbing(RolloutRecorder recorder) {
    List<HttpProbing> started = new ArrayList<>();
    try {
      for (HttpProbe probe : probes) {
        started.add(
            probe.start(actual.rollout().client(), recorder == null ? null : recorder::note));
      }
    } catch (RuntimeException e) {
      started.forEach(HttpProbing::stop);
      if (recorder != null) {
        recorder.close();
      }
      throw e;
    }
    return started;
  }

  private void checkProbes() {
    List<String> beyond = new ArrayList<>();
    for (ProbeResult result : probeResults) {
      result
          .beyondTolerance()
          .ifPresent(why -> beyond.add("  " + why + "\n    " + result.summary()));
    }
    if (!beyond.isEmpty()) {
      throw attachTimeline(
          new AssertionError(
              "\nExpecting the rollout of:\n  "
                  + RolloutRepresentation.deployment(outcome.deployment())
                  + "\n("
                  + actual
                  + ")\nto serve every probe within its tolerance, but:\n"
                  + String.join("\n", beyond)
                  + (timeline == null
                      ? ""
                      : "\nTimeline around the first failure:\n" + aroundFirstProbeFailure())));
    }
  }

  private String aroundFirstProbeFailure() {
    int first = timeline.entries().size() - 1;
    for (int i = 0; i < timeline.entries().size(); i++) {
      if (timeline.entries().get(i).event().startsWith("HTTP probe failing")) {
        first = i;
        break;
      }
    }
    return timeline.table(first - 5, first + 6);
  }

  private RolloutRecorder startRecording() {
    if (!invariants.isEmpty() && actual instanceof dev.rollouttest.rollout.RolloutResult sent) {
      throw new IllegalStateException(
          "\""
              + sent.message()
              + "\" was sent before this assertion could start recording, so invariants would miss"
              + " its first moments. Let the assertion send it: assertThat(web.pending().undo()),"
              + " .pending().undoTo(n), .pending().restart(), .pending().resume() or"
              + " .pending().scale(n)");
    }
    return RolloutRecorder.start(actual.rollout(), services, invariants);
  }

  private void stopRecording(RolloutRecorder recorder) {
    timeline = recorder.stop();
    violations = recorder.violations();
  }

  private void checkInvariants() {
    if (!violations.isEmpty()) {
      throw attachTimeline(
          assertionError(
              shouldHoldAtEveryMoment(
                  outcome.deployment(), actual.toString(), invariants, timeline, violations)));
    }
  }

  private void applyOnce(RolloutRecorder recorder) {
    if (applied) {
      recorder.close();
      throw new IllegalStateException(
          "this assertion has already sent \""
              + actual
              + "\" and given its verdict: start a new assertThat(...) for another change");
    }
    applied = true;
    RolloutResult result;
    try {
      result = actual.apply();
    } catch (RuntimeException e) {
      recorder.close();
      throw e;
    }
    recorder.changeGeneration(result.deployment().getMetadata().getGeneration());
  }

  private void requireOutcome(String method) {
    if (outcome == null) {
      throw new IllegalStateException(
          method
              + "() needs the rollout's outcome: call completesWithin(...) or failsWith(...) first");
    }
  }

  /** Lets the failure carry the recorded timeline, for diagnostics. */
  private AssertionError attachTimeline(AssertionError error) {
    if (timeline != null) {
      error.addSuppressed(new TimelineAttachment(timeline));
    }
    return error;
  }

  private AssertionError withLastState(AssertionError error) {
    attachTimeline(error);
    if (error.getCause() == null) {
      error.initCause(
          new LastObservedState(
              RolloutRepresentation.deployment(outcome.deployment())
                  + ": "
                  + outcome.status().message()));
    }
    return error;
  }

  /** The cause of a rollout assertion's failure: the last state observed. */
  static final class LastObservedState extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LastObservedState(String message) {
      super("last observed " + message, null, false, false);
    }
  }
}
