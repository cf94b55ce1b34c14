package dev.rollouttest.gate;

import dev.rollouttest.invariant.Violation;
import dev.rollouttest.model.RolloutTimeline;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * What a passed {@link ManifestGate} checked: per Deployment and phase (first rollout, upgrade,
 * undo), how long it took and the recorded timeline.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record GateReport(@Nullable Path current, Path next, List<DeploymentResult> results) {

  /** Copies {@code results}, so the report cannot change. */
  public GateReport {
    results = List.copyOf(results);
  }

  /**
   * One phase of one Deployment.
   *
   * @param where e.g. {@code next/web.yaml document #1 (Deployment/web)}
   * @param phase {@code first rollout}, {@code upgrade} or {@code undo}
   * @param elapsed from the change (the apply of next, or the undo) until the gate saw the rollout
   *     complete (or give up); the gate waits for one Deployment after the other, so a Deployment
   *     that finished while an earlier one was awaited shows when the gate got to it
   * @param timeline every recorded moment; {@code null} for a first rollout
   * @param violations the first violation of each broken invariant
   * @param complete whether the rollout completed
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public record DeploymentResult(
      String where,
      String phase,
      Duration elapsed,
      RolloutTimeline timeline,
      List<Violation> violations,
      boolean complete) {

    /** Copies {@code violations}, so the result cannot change. */
    public DeploymentResult {
      violations = List.copyOf(violations);
    }

    /** The fewest available pods over the recorded moments, or -1 without a timeline. */
    public int minAvailable() {
      return timeline == null
          ? -1
          : timeline.moments().stream().mapToInt(s -> s.available()).min().orElse(-1);
    }
  }

  /** One line per result: {@code upgrade of web.yaml document #1 (Deployment/web): 3.1 s, ...}. */
  public String summary() {
    StringBuilder b = new StringBuilder();
    for (DeploymentResult r : results) {
      b.append(
          String.format(
              java.util.Locale.ROOT,
              "%s of %s: %.1f s%s%n",
              r.phase(),
              r.where(),
              r.elapsed().toMillis() / 1000.0,
              r.timeline() == null
                  ? ""
                  : ", "
                      + r.timeline().moments().size()
                      + " moments, at least "
                      + r.minAvailable()
                      + " pods available"));
    }
    return b.toString().stripTrailing();
  }
}
