package dev.rollouttest.assertions.error;

import dev.rollouttest.model.RolloutTimeline;
import dev.rollouttest.probe.ProbeResult;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import org.apiguardian.api.API;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * A rollout should serve every probe within its tolerance; some probe saw more failures, or a
 * longer gap, than it tolerates. Names each such probe with what it saw, explains the termination
 * race when its errors show it, and shows the timeline around the first failure.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class ShouldServeEveryProbe extends BasicErrorMessageFactory {

  /** The failure kinds of a connection to a pod that is going away (see HttpProbe.clusterIp). */
  private static final List<String> TERMINATION_RACE =
      List.of("connection refused", "connect timeout", "connection reset");

  /**
   * @param results what every probe saw; those within their tolerance are left out
   * @param timeline the recording, or {@code null} when there is none
   */
  public static ErrorMessageFactory shouldServeEveryProbe(
      Deployment deployment, String change, List<ProbeResult> results, RolloutTimeline timeline) {
    return new ShouldServeEveryProbe(
        "%nExpecting the rollout of:%n  %s%n(%s)%nto serve every probe within its tolerance,"
            + " but:%n%s%s",
        deployment,
        unquotedString(change),
        unquotedString(beyondTolerance(results)),
        unquotedString(timeline == null ? "" : aroundFirstFailure(timeline)));
  }

  /** One entry per probe beyond its tolerance, and the termination race when it shows. */
  private static String beyondTolerance(List<ProbeResult> results) {
    StringBuilder b = new StringBuilder();
    boolean race = false;
    for (ProbeResult result : results) {
      if (result.beyondTolerance().isPresent()) {
        b.append(b.length() == 0 ? "" : String.format("%n"))
            .append(
                String.format("  %s%n    %s", result.beyondTolerance().get(), result.summary()));
        race |=
            result.target().startsWith("ClusterIP of ")
                && TERMINATION_RACE.stream().anyMatch(result.errors()::containsKey);
      }
    }
    if (race) {
      b.append(
          String.format(
              "%n  %s: new connections sent to a pod that was shutting down while it was still"
                  + " routed (the race between endpoint removal and SIGTERM). A preStop delay"
                  + " longer than kube-proxy's sync (1 s by default) keeps the pod serving until"
                  + " it is no longer routed.",
              String.join(", ", TERMINATION_RACE)));
    }
    return b.toString();
  }

  /** The moments around the first probe failure on the timeline, or its last ones. */
  private static String aroundFirstFailure(RolloutTimeline timeline) {
    int first = timeline.moments().size() - 1;
    for (int i = 0; i < timeline.moments().size(); i++) {
      if (timeline.moments().get(i).event().startsWith("HTTP probe failing")) {
        first = i;
        break;
      }
    }
    return String.format("%nTimeline around the first failure:%n")
        + timeline.table(first - 5, first + 6);
  }

  private ShouldServeEveryProbe(String format, Object... arguments) {
    super(format, arguments);
  }
}
