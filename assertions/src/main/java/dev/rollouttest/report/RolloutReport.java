package dev.rollouttest.report;

import dev.rollouttest.invariant.Violation;
import dev.rollouttest.model.Moment;
import dev.rollouttest.model.RolloutTimeline;
import dev.rollouttest.model.WatchGap;
import dev.rollouttest.probe.ProbeResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * One recorded rollout as a self-contained HTML page: a header (test, change, Deployment,
 * revisions, verdict, the assertion's result, duration, backend), a chart of counts and bounds, a
 * lane per pod grouped by revision, a marker per write, probe transition, violation and the
 * verdict, each linked to the state recorded then. The page has no script and loads nothing: it
 * opens from a file, offline, and can be attached to a ticket as is. A timeline that is empty,
 * never shows the change, or has watch gaps renders a page that says so.
 *
 * @param testName the test that recorded it, when known
 * @param backend the cluster backend it ran on, when known
 * @param change what was sent, e.g. {@code updateImage(web=nginx:1.27) because "CVE fix"}, when
 *     known
 * @param timeline the recording
 * @param violations the first breach of each invariant that broke
 * @param probes what each HTTP probe saw
 * @param failure the message of the assertion that judged the rollout, when it failed; null when it
 *     passed
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record RolloutReport(
    @Nullable String testName,
    @Nullable String backend,
    @Nullable String change,
    RolloutTimeline timeline,
    List<Violation> violations,
    List<ProbeResult> probes,
    @Nullable String failure) {

  /** The prefix of the verdict's moment on a recorded timeline. */
  private static final String VERDICT = "verdict: ";

  /** Copies the lists, so the report cannot change. */
  public RolloutReport {
    violations = List.copyOf(violations);
    probes = List.copyOf(probes);
  }

  /** A report without the change and the assertion's result. */
  public RolloutReport(
      @Nullable String testName,
      @Nullable String backend,
      RolloutTimeline timeline,
      List<Violation> violations,
      List<ProbeResult> probes) {
    this(testName, backend, null, timeline, violations, probes, null);
  }

  /** A report of a timeline alone: no test name, backend, violations or probes. */
  public static RolloutReport of(RolloutTimeline timeline) {
    return new RolloutReport(null, null, timeline, List.of(), List.of());
  }

  /** The same report, of this test on this backend. */
  public RolloutReport withTest(@Nullable String testName, @Nullable String backend) {
    return new RolloutReport(testName, backend, change, timeline, violations, probes, failure);
  }

  /**
   * Whether the assertion that judged the rollout passed; true too for a report no assertion judged
   * (no change and no failure), whose page then shows no assertion.
   */
  public boolean passed() {
    return failure == null;
  }

  /**
   * The rollout's verdict as recorded, e.g. {@code complete} or {@code failed:
   * ProgressDeadlineExceeded}; {@code none recorded} when the recording has no verdict.
   */
  public String verdict() {
    List<Moment> moments = timeline.moments();
    if (moments.isEmpty()) {
      return "none recorded";
    }
    String last = moments.get(moments.size() - 1).event();
    return last.startsWith(VERDICT) ? last.substring(VERDICT.length()) : "none recorded";
  }

  /** From the start of the recording to its last moment or watch gap. */
  public Duration duration() {
    List<Moment> moments = timeline.moments();
    Duration end = moments.isEmpty() ? Duration.ZERO : moments.get(moments.size() - 1).at();
    for (WatchGap gap : timeline.gaps()) {
      end = gap.to().compareTo(end) > 0 ? gap.to() : end;
    }
    return end;
  }

  /** The page. */
  public String html() {
    return Page.render(this);
  }

  /**
   * Writes the page to {@code file}, creating its directory.
   *
   * @return the file
   */
  public Path writeTo(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, html(), StandardCharsets.UTF_8);
    return file;
  }
}
