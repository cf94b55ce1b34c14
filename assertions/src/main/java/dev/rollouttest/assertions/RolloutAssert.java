package dev.rollouttest.assertions;

import static dev.rollouttest.assertions.error.ShouldAnswerBeforeTheChange.shouldAnswerBeforeTheChange;
import static dev.rollouttest.assertions.error.ShouldBeCheckedAtEveryMoment.shouldBeCheckedAtEveryMoment;
import static dev.rollouttest.assertions.error.ShouldCompleteWithin.shouldCompleteWithin;
import static dev.rollouttest.assertions.error.ShouldFailWith.shouldFailWith;
import static dev.rollouttest.assertions.error.ShouldHoldAtEveryMoment.shouldHoldAtEveryMoment;
import static dev.rollouttest.assertions.error.ShouldServeEveryProbe.shouldServeEveryProbe;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import com.google.errorprone.annotations.CheckReturnValue;
import dev.rollouttest.assertions.error.ShouldBeCheckedAtEveryMoment;
import dev.rollouttest.assertions.presentation.RolloutRepresentation;
import dev.rollouttest.invariant.Invariant;
import dev.rollouttest.invariant.Violation;
import dev.rollouttest.model.RolloutTimeline;
import dev.rollouttest.model.WatchGap;
import dev.rollouttest.probe.HttpProbe;
import dev.rollouttest.probe.ProbeResult;
import dev.rollouttest.report.ReportAttachment;
import dev.rollouttest.report.RolloutReport;
import dev.rollouttest.rollout.ClusterFaults;
import dev.rollouttest.rollout.FailFast;
import dev.rollouttest.rollout.RolloutAction;
import dev.rollouttest.rollout.RolloutFailure;
import dev.rollouttest.rollout.RolloutOutcome;
import dev.rollouttest.rollout.RolloutResult;
import dev.rollouttest.rollout.Unfinished;
import dev.rollouttest.rollout.internal.RolloutRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AssertionErrorCollector;
import org.jspecify.annotations.Nullable;

/**
 * Assertions that drive a rollout, in two stages the compiler keeps apart: configure what to check
 * ({@link #holdsAtEveryMoment}, {@link #watchingServices}, {@link #probing}, {@link
 * #withFailFast}), then give one verdict ({@link #completesWithin} or {@link #failsWith}), which
 * sends the change and returns a {@link RolloutOutcomeAssert} for queries on the result. A chain
 * that configures after its verdict does not compile; an assertion that never gives its verdict
 * fails the {@code @RolloutTest} test that created it, naming the line; configuring an assertion
 * that has already given its verdict throws.
 *
 * <pre>{@code
 * assertThat(web.updateImage("web", "nginx:1.27").because("CVE fix"))
 *     .holdsAtEveryMoment(minAvailableAsConfigured(), minReadyEndpoints("web", 1))
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
 * crash-loop for 3 restarts). Invariants are checked on every recorded moment as it arrives, and
 * the first violation ends the wait at once: it names the moment, the event that caused it and the
 * timeline around it, and leads when the rollout also failed or timed out. A timeout is an {@link
 * AssertionError} whose cause carries the last observed state.
 */
@CheckReturnValue
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class RolloutAssert extends AbstractAssert<RolloutAssert, RolloutAction> {

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger("dev.rollouttest.RolloutAssert");

  private final List<Invariant> invariants = new ArrayList<>();
  private final List<String> services = new ArrayList<>();
  private final List<HttpProbe> probes = new ArrayList<>();
  private List<ProbeResult> probeResults = List.of();
  private @Nullable RolloutOutcome outcome;
  private @Nullable RolloutTimeline timeline;
  private List<Violation> violations = List.of();
  private FailFast failFast = FailFast.onUnrecoverable();
  private boolean failOnWatchGaps;
  private boolean sent;
  private final Unfinished.Ticket verdictDue;
  private final @Nullable AssertionErrorCollector softly;

  /**
   * Takes over {@code actual}, which it sends when it gives its verdict; {@code assertThat(action)}
   * is the usual way to get one.
   */
  public RolloutAssert(RolloutAction actual) {
    this(actual, null);
  }

  /** An assertion whose failures {@code softly} collects instead of throwing. */
  RolloutAssert(RolloutAction actual, @Nullable AssertionErrorCollector softly) {
    super(actual, RolloutAssert.class);
    info.useRepresentation(RolloutRepresentation.ROLLOUT_REPRESENTATION);
    this.softly = softly;
    if (actual != null) {
      actual.handOver();
    }
    this.verdictDue =
        Unfinished.open(
            "assertThat(" + actual + ")",
            "never gave its verdict, so it checked nothing and sent nothing: end it with"
                + " completesWithin(...) or failsWith(...)");
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
    beforeVerdict("holdsAtEveryMoment");
    this.invariants.addAll(List.of(invariants));
    return myself;
  }

  /**
   * Probes over HTTP while the rollout runs; the rollout assertion then also fails when a probe's
   * result is beyond its tolerance. The moments a probe starts and stops failing sit on the
   * timeline. With probes, {@link #completesWithin} also waits until no pod of the Deployment is
   * terminating, so that old pods shutting down are probed too. Refused on the local backend with
   * simulated pods, whose pod and Service IPs are fake; with real pods ({@code
   * rollouttest.local.pods=real}) {@link HttpProbe#clusterIp} goes through kube-proxy like an
   * in-cluster client.
   *
   * <pre>{@code
   * assertThat(web.updateImage("web", "nginx:1.27"))
   *     .probing(HttpProbe.service("web", 80).every(ofMillis(50)))
   *     .completesWithin(ofSeconds(120));
   * }</pre>
   */
  public RolloutAssert probing(HttpProbe... probes) {
    beforeVerdict("probing");
    this.probes.addAll(List.of(probes));
    return myself;
  }

  /**
   * Which states end the wait early; by default {@link FailFast#onUnrecoverable()}. {@code
   * withFailFast(FailFast.never())} waits exactly as {@code kubectl rollout status} does.
   */
  public RolloutAssert withFailFast(FailFast policy) {
    beforeVerdict("withFailFast");
    this.failFast = Objects.requireNonNull(policy, "policy");
    return myself;
  }

  /**
   * Fails the verdict when the recorder was blind at any time (a watch was down): by default such a
   * verdict passes, and a warning says which part of the rollout went unchecked.
   */
  public RolloutAssert failingOnWatchGaps() {
    beforeVerdict("failingOnWatchGaps");
    this.failOnWatchGaps = true;
    return myself;
  }

  /**
   * Records the EndpointSlices of these Services on the timeline, in addition to the Services that
   * select the Deployment's pods, which are always recorded.
   */
  public RolloutAssert watchingServices(String... services) {
    beforeVerdict("watchingServices");
    this.services.addAll(List.of(services));
    return myself;
  }

  /**
   * The verdict: sends the change and verifies that the rollout completes (kubectl's rule) within
   * {@code timeout}, with every invariant held at every moment and every probe within its
   * tolerance.
   *
   * @return assertions on the outcome
   */
  @CanIgnoreReturnValue
  public RolloutOutcomeAssert completesWithin(Duration timeout) {
    requirePositive(timeout);
    RolloutRecorder recorder = startVerdict("completesWithin");
    Probings probings = Probings.start(probes, actual.rollout().client(), recorder);
    probings
        .firstNotServing()
        .ifPresent(
            before -> {
              recorder.close();
              throw assertionError(
                  shouldAnswerBeforeTheChange(
                      before, actual.toString(), Probings.SERVING_BEFORE_CHANGE));
            });
    try {
      applyOnce(recorder);
    } catch (RuntimeException e) {
      probings.stop();
      throw clusterFaultOr(e);
    }
    // With probes, the verdict waits for the old pods to be gone: requests fail while they shut
    // down.
    outcome = recorder.awaitOutcome(timeout, failFast, true, false, !probes.isEmpty());
    probeResults = probings.stop();
    stopRecording(recorder);
    AssertionError failure = invariantsBroken();
    if (failure == null && !outcome.complete()) {
      failure =
          withLastState(
              assertionError(shouldCompleteWithin(actual.toString(), timeout, outcome, failFast)));
    }
    if (failure == null) {
      failure = probesBeyondTolerance();
    }
    return verdict(failure);
  }

  /**
   * The verdict: sends the change and verifies that the rollout reaches {@code failure}. For {@link
   * RolloutFailure#PROGRESS_DEADLINE_EXCEEDED} it waits the Deployment's {@code
   * progressDeadlineSeconds} plus 60 s, otherwise 60 s.
   *
   * @return assertions on the outcome
   */
  @CanIgnoreReturnValue
  public RolloutOutcomeAssert failsWith(RolloutFailure failure) {
    Objects.requireNonNull(failure, "failure");
    Duration timeout = Duration.ofSeconds(60);
    if (failure == RolloutFailure.PROGRESS_DEADLINE_EXCEEDED && actual != null) {
      Integer deadline = actual.rollout().get().getSpec().getProgressDeadlineSeconds();
      timeout = Duration.ofSeconds((deadline == null ? 600 : deadline) + 60L);
    }
    return failsWith(failure, timeout);
  }

  /**
   * The verdict: sends the change and verifies that the rollout reaches {@code failure} within
   * {@code timeout}, with every invariant held until then.
   *
   * @return assertions on the outcome
   */
  @CanIgnoreReturnValue
  public RolloutOutcomeAssert failsWith(RolloutFailure failure, Duration timeout) {
    Objects.requireNonNull(failure, "failure");
    requirePositive(timeout);
    RolloutRecorder recorder = startVerdict("failsWith");
    try {
      applyOnce(recorder);
    } catch (RuntimeException e) {
      throw clusterFaultOr(e);
    }
    outcome = recorder.awaitOutcome(timeout, FailFast.on(failure), true, false);
    stopRecording(recorder);
    AssertionError error = invariantsBroken();
    if (error == null && outcome.failure().filter(failure::equals).isEmpty()) {
      error =
          withLastState(
              assertionError(shouldFailWith(actual.toString(), failure, timeout, outcome)));
    }
    return verdict(error);
  }

  /**
   * Throws the failure, or collects it when soft; then the outcome's assertions. A verdict that
   * spans a watch gap says so: a failure names it, and a pass fails with {@link
   * #failingOnWatchGaps()}, else warns.
   */
  private RolloutOutcomeAssert verdict(@Nullable AssertionError failure) {
    RolloutOutcome outcome = outcome();
    RolloutTimeline timeline = timeline();
    List<WatchGap> gaps = timeline.gaps();
    if (!gaps.isEmpty()) {
      if (failure != null) {
        failure = FailureNotes.withNote(failure, ShouldBeCheckedAtEveryMoment.note(gaps));
      } else if (failOnWatchGaps) {
        failure =
            attachTimeline(
                assertionError(
                    shouldBeCheckedAtEveryMoment(outcome.deployment(), actual.toString(), gaps)));
      } else {
        LOG.warn(
            "The rollout of {} ({}) passed, but {}",
            RolloutRepresentation.deployment(outcome.deployment()),
            actual,
            ShouldBeCheckedAtEveryMoment.notChecked(gaps));
      }
    }
    failure = FailureNotes.withPage(report(failure), failure);
    if (failure != null) {
      if (softly == null) {
        throw failure;
      }
      softly.collectAssertionError(failure);
    }
    return new RolloutOutcomeAssert(
        outcome, timeline, probeResults, actual.toString(), info.description(), softly);
  }

  /** The recorded outcome; there is one once the verdict's wait has ended. */
  private RolloutOutcome outcome() {
    return Objects.requireNonNull(outcome, "no outcome before the verdict");
  }

  /** The recorded timeline; there is one once the recording has stopped. */
  private RolloutTimeline timeline() {
    return Objects.requireNonNull(timeline, "no timeline before the recording stopped");
  }

  /** The configuration may change only before the verdict. */
  private void beforeVerdict(String method) {
    if (outcome != null || sent) {
      throw new IllegalStateException(
          method
              + "(...) after the verdict on \""
              + actual
              + "\" would check nothing: configure before completesWithin(...) or"
              + " failsWith(...)");
    }
  }

  private RolloutRecorder startVerdict(String method) {
    isNotNull();
    if (sent) {
      throw new IllegalStateException(
          method
              + "(...): this assertion has already sent \""
              + actual
              + "\" and given its verdict; start a new assertThat(...) for another change");
    }
    verdictDue.close();
    return RolloutRecorder.start(actual.rollout(), services, invariants);
  }

  private static void requirePositive(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the timeout must be positive, but was " + timeout);
    }
  }

  private @Nullable AssertionError probesBeyondTolerance() {
    if (probeResults.stream().noneMatch(r -> r.beyondTolerance().isPresent())) {
      return null;
    }
    return attachTimeline(
        assertionError(
            shouldServeEveryProbe(
                outcome().deployment(), actual.toString(), probeResults, timeline())));
  }

  private void stopRecording(RolloutRecorder recorder) {
    timeline = recorder.stop();
    violations = recorder.violations();
  }

  private @Nullable AssertionError invariantsBroken() {
    return violations.isEmpty()
        ? null
        : attachTimeline(
            assertionError(
                shouldHoldAtEveryMoment(
                    outcome().deployment(),
                    actual.toString(),
                    invariants,
                    timeline(),
                    violations)));
  }

  private void applyOnce(RolloutRecorder recorder) {
    sent = true;
    RolloutResult result;
    try {
      result = actual.apply();
    } catch (RuntimeException e) {
      recorder.close();
      throw e;
    }
    recorder.changeGeneration(result.deployment().getMetadata().getGeneration());
  }

  /** The cluster's own fault, when its backend knows one, with {@code e} as the cause; else e. */
  private RuntimeException clusterFaultOr(RuntimeException e) {
    return ClusterFaults.orCause(
        actual.rollout().client(),
        e,
        "The rollout of " + actual + " cannot be judged (the change could not be sent)");
  }

  /** The recording as a report: the change, the timeline, violations, probes and the failure. */
  private RolloutReport report(@Nullable AssertionError failure) {
    return new RolloutReport(
        null,
        null,
        actual.toString(),
        timeline(),
        violations,
        probeResults,
        failure == null ? null : failure.getMessage());
  }

  /** Lets the failure carry the recording (timeline, violations, probes), for diagnostics. */
  @CanIgnoreReturnValue
  private AssertionError attachTimeline(AssertionError error) {
    if (timeline != null) {
      error.addSuppressed(new ReportAttachment(report(error)));
    }
    return error;
  }

  private AssertionError withLastState(AssertionError error) {
    attachTimeline(error);
    if (error.getCause() == null) {
      error.initCause(
          new LastObservedState(
              RolloutRepresentation.deployment(outcome().deployment())
                  + ": "
                  + outcome().status().message()));
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
