package dev.rollouttest.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Where the page of every recorded rollout goes. Every verdict of a rollout assertion and every
 * phase of a manifest gate hands its {@link RolloutReport} to the pages in use on its thread, and a
 * failed assertion names the page in its message. Under {@code @RolloutTest} the extension puts
 * them, per test, under {@code target/rollout-test/reports} with an index page per run (see {@code
 * rollouttest.reports.directory}); {@code rollout-test gate} does the same for each candidate;
 * plain code can use a {@link ReportDirectory} or its own pages.
 *
 * <pre>{@code
 * ReportDirectory pages = ReportDirectory.ofThisRun(Path.of("build", "rollout-pages"));
 * try (RolloutPages.Registration r = RolloutPages.useOnThisThread(pages.forTest("smoke"))) {
 *   assertThat(web.updateImage("web", "nginx:1.27")).completesWithin(ofSeconds(60));
 * }
 * }</pre>
 */
@FunctionalInterface
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface RolloutPages {

  /**
   * Writes the page of {@code report}.
   *
   * @return the page, or empty when these pages keep none of this report (e.g. only failed ones)
   */
  Optional<Path> write(RolloutReport report) throws IOException;

  /**
   * Uses {@code pages} for the rollouts judged on this thread, and on threads it starts, until the
   * registration is closed; a registration made earlier on this thread is restored then.
   */
  static Registration useOnThisThread(RolloutPages pages) {
    Objects.requireNonNull(pages, "pages");
    @Nullable RolloutPages before = CurrentPages.CURRENT.get();
    CurrentPages.CURRENT.set(pages);
    return () -> {
      if (before == null) {
        CurrentPages.CURRENT.remove();
      } else {
        CurrentPages.CURRENT.set(before);
      }
    };
  }

  /**
   * Writes the page of {@code report} through the pages in use on this thread; empty when there are
   * none, or when writing fails, which is logged as a warning and never fails the rollout's
   * verdict.
   */
  static Optional<Path> publish(RolloutReport report) {
    @Nullable RolloutPages pages = CurrentPages.CURRENT.get();
    if (pages == null) {
      return Optional.empty();
    }
    try {
      return pages.write(report);
    } catch (IOException | RuntimeException e) {
      CurrentPages.LOG.warn(
          "Could not write the page of the rollout of {}: {}",
          report.timeline().deployment(),
          e.toString());
      return Optional.empty();
    }
  }

  /** A use of pages; {@link #close()} ends it. */
  @FunctionalInterface
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  interface Registration extends AutoCloseable {
    @Override
    void close();
  }
}
