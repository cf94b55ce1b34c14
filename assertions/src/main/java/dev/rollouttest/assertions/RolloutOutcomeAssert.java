package dev.rollouttest.assertions;

import static dev.rollouttest.assertions.error.ShouldScaleInProportion.shouldScaleInProportion;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.rollouttest.assertions.presentation.RolloutRepresentation;
import dev.rollouttest.kube.Fenceposts;
import dev.rollouttest.kube.ProportionalScaling;
import dev.rollouttest.model.Moment;
import dev.rollouttest.model.RolloutTimeline;
import dev.rollouttest.probe.ProbeResult;
import dev.rollouttest.rollout.RolloutOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AssertionErrorCollector;
import org.assertj.core.description.Description;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on the outcome of a rollout that has had its verdict ({@link
 * RolloutAssert#completesWithin} or {@link RolloutAssert#failsWith}): the revision it ended at, the
 * Deployment as it left it, the recorded timeline and what the probes saw. Nothing here sends or
 * waits for anything.
 *
 * <pre>{@code
 * assertThat(web.undo()).completesWithin(ofSeconds(60)).endsAtRevision(3);
 * RolloutTimeline timeline = assertThat(web.restart()).completesWithin(ofSeconds(60)).timeline();
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class RolloutOutcomeAssert extends AbstractAssert<RolloutOutcomeAssert, RolloutOutcome> {

  private final RolloutTimeline timeline;
  private final List<ProbeResult> probeResults;
  private final String change;
  private final @Nullable AssertionErrorCollector softly;

  RolloutOutcomeAssert(
      RolloutOutcome outcome,
      RolloutTimeline timeline,
      List<ProbeResult> probeResults,
      String change,
      Description description,
      @Nullable AssertionErrorCollector softly) {
    super(outcome, RolloutOutcomeAssert.class);
    info.useRepresentation(RolloutRepresentation.ROLLOUT_REPRESENTATION);
    this.timeline = timeline;
    this.probeResults = List.copyOf(probeResults);
    this.change = change;
    this.softly = softly;
    if (description != null) {
      info.description(description);
    }
  }

  /** Verifies the revision the Deployment ended at. */
  @CanIgnoreReturnValue
  public RolloutOutcomeAssert endsAtRevision(long revision) {
    DeploymentAssert deployment = deployment();
    if (softly == null) {
      deployment.hasRevision(revision);
    } else {
      try {
        deployment.hasRevision(revision);
      } catch (AssertionError e) {
        softly.collectAssertionError(e);
      }
    }
    return myself;
  }

  /**
   * Verifies that a scaling in the middle of a rollout spread over the ReplicaSets in proportion,
   * as the Deployment controller spreads it ({@link ProportionalScaling}): at some recorded moment,
   * the ReplicaSets had exactly the sizes the controller's rule gives from the sizes they had
   * before, for the Deployment's new replicas.
   *
   * <pre>{@code
   * assertThat(web.scale(6)).completesWithin(ofSeconds(60)).scaledInProportion();
   * }</pre>
   */
  @CanIgnoreReturnValue
  public RolloutOutcomeAssert scaledInProportion() {
    int newReplicas = Fenceposts.replicas(actual.deployment());
    int newMax = newReplicas + Fenceposts.of(actual.deployment()).maxSurge();
    int oldMax = timeline.moments().get(0).maxTotal();
    // the controller spreads a scaling in one sync, from the sizes just before it, and the
    // ReplicaSets then add up to the new replicas + maxSurge for the first time: that moment must
    // show the spread of one of the states before it (the watches deliver the other kinds between)
    List<Map<Long, Integer>> states = new ArrayList<>();
    Map<Long, Integer> firstBefore = null;
    @Nullable Map<Long, Integer> firstExpected = null;
    Map<Long, Integer> spread = null;
    for (Moment s : timeline.moments()) {
      Map<Long, Integer> sizes = activeSizes(s);
      int total = sizes.values().stream().mapToInt(Integer::intValue).sum();
      if (total == newMax && !states.isEmpty()) {
        spread = sizes;
        break;
      }
      if (sizes.size() > 1 && total != newMax && !states.contains(sizes)) {
        states.add(sizes);
      }
    }
    if (spread != null) {
      for (Map<Long, Integer> before : states) {
        Map<Long, Integer> expected =
            ProportionalScaling.sizes(before, oldMax, newReplicas, newMax);
        if (expected.equals(spread)) {
          return myself;
        }
        if (firstBefore == null) {
          firstBefore = before;
          firstExpected = expected;
        }
      }
    }
    if (firstBefore == null && !states.isEmpty()) {
      firstBefore = states.get(states.size() - 1);
      firstExpected = ProportionalScaling.sizes(firstBefore, oldMax, newReplicas, newMax);
    }
    AssertionError error =
        firstBefore == null
            ? failure(shouldScaleInProportion(actual.deployment(), change))
            : failure(
                shouldScaleInProportion(
                    actual.deployment(),
                    change,
                    firstBefore,
                    java.util.Objects.requireNonNull(firstExpected),
                    spread != null
                        ? spread
                        : activeSizes(timeline.moments().get(timeline.moments().size() - 1))));
    if (softly == null) {
      throw error;
    }
    softly.collectAssertionError(error);
    return myself;
  }

  private AssertionError failure(org.assertj.core.error.ErrorMessageFactory message) {
    return new AssertionError(
        message.create(info.description(), info.representation()).stripTrailing());
  }

  /** Desired replicas of the ReplicaSets that have some, by revision. */
  private static Map<Long, Integer> activeSizes(Moment s) {
    Map<Long, Integer> sizes = new TreeMap<>();
    s.revisions()
        .forEach(
            (revision, counts) -> {
              if (revision != 0 && counts.desired() > 0) {
                sizes.put(revision, counts.desired());
              }
            });
    return sizes;
  }

  /** Assertions on the Deployment as the rollout left it. */
  public DeploymentAssert deployment() {
    DeploymentAssert deployment = new DeploymentAssert(actual.deployment());
    return info.description() == null ? deployment : deployment.describedAs(info.description());
  }

  /** The outcome, for custom checks. */
  public RolloutOutcome outcome() {
    return actual;
  }

  /** The recorded timeline: every moment from the start of the recording to the verdict. */
  public RolloutTimeline timeline() {
    return timeline;
  }

  /** What each probe saw, in the order given to {@link RolloutAssert#probing}. */
  public List<ProbeResult> probeResults() {
    return probeResults;
  }

  /** {@code set image web=nginx:1.27: complete after 3.2s}. */
  @Override
  public String toString() {
    return change + ": " + (actual.complete() ? "complete" : actual.status().message());
  }
}
