package dev.rollouttest.report;

import dev.rollouttest.model.TimelineAttachment;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Rides on a rollout assertion's failure as a suppressed exception, carrying the whole recording
 * (timeline, violations, probe results), so that the JUnit extension's diagnostics can write its
 * page; a {@link TimelineAttachment} too, for whoever wants only the timeline.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class ReportAttachment extends TimelineAttachment {

  private static final long serialVersionUID = 1L;

  private final transient RolloutReport report;

  public ReportAttachment(RolloutReport report) {
    super(report.timeline());
    this.report = report;
  }

  /** The report; null after deserialization. */
  public RolloutReport report() {
    return report;
  }

  /**
   * The report of the first recording attached to a failure: with its violations and probe results
   * when a {@code ReportAttachment} carries it, of its timeline alone when a plain {@link
   * TimelineAttachment} does.
   */
  public static Optional<RolloutReport> findReport(Throwable failure) {
    return TimelineAttachment.attachment(failure)
        .map(a -> a instanceof ReportAttachment r ? r.report : RolloutReport.of(a.timeline()));
  }
}
