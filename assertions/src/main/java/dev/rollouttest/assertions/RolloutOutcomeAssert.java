package dev.rollouttest.assertions;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.rollouttest.assertions.presentation.RolloutRepresentation;
import dev.rollouttest.model.RolloutTimeline;
import dev.rollouttest.probe.ProbeResult;
import dev.rollouttest.rollout.RolloutOutcome;
import java.util.List;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AssertionErrorCollector;
import org.assertj.core.description.Description;

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
public class RolloutOutcomeAssert extends AbstractAssert<RolloutOutcomeAssert, RolloutOutcome> {

  private final RolloutTimeline timeline;
  private final List<ProbeResult> probeResults;
  private final String change;
  private final AssertionErrorCollector softly;

  RolloutOutcomeAssert(
      RolloutOutcome outcome,
      RolloutTimeline timeline,
      List<ProbeResult> probeResults,
      String change,
      Description description,
      AssertionErrorCollector softly) {
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
