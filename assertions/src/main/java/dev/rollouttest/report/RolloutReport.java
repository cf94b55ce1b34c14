package dev.rollouttest.report;

import dev.rollouttest.invariant.Violation;
import dev.rollouttest.model.RolloutTimeline;
import dev.rollouttest.probe.ProbeResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * One recorded rollout as a self-contained HTML page: a header (test, Deployment, revisions,
 * verdict, duration, backend), a chart of counts and bounds, a lane per pod grouped by revision, a
 * marker per write, probe transition, violation and the verdict, each linked to the state recorded
 * then. The page has no script and loads nothing: it opens from a file, offline, and can be
 * attached to a ticket as is. A timeline that is empty, never shows the change, or has watch gaps
 * renders a page that says so.
 *
 * @param testName the test that recorded it, when known
 * @param backend the cluster backend it ran on, when known
 * @param timeline the recording
 * @param violations the first breach of each invariant that broke
 * @param probes what each HTTP probe saw
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record RolloutReport(
    @Nullable String testName,
    @Nullable String backend,
    RolloutTimeline timeline,
    List<Violation> violations,
    List<ProbeResult> probes) {

  /** Copies the lists, so the report cannot change. */
  public RolloutReport {
    violations = List.copyOf(violations);
    probes = List.copyOf(probes);
  }

  /** A report of a timeline alone: no test name, backend, violations or probes. */
  public static RolloutReport of(RolloutTimeline timeline) {
    return new RolloutReport(null, null, timeline, List.of(), List.of());
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
