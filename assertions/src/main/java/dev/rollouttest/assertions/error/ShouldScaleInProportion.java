package dev.rollouttest.assertions.error;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Map;
import org.apiguardian.api.API;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * A scaling in the middle of a rollout should spread over the ReplicaSets in proportion, as the
 * Deployment controller spreads it; no recorded moment showed that spread.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class ShouldScaleInProportion extends BasicErrorMessageFactory {

  /** No moment had two ReplicaSets with replicas: there was nothing to spread. */
  public static ErrorMessageFactory shouldScaleInProportion(Deployment deployment, String change) {
    return new ShouldScaleInProportion(
        "%nExpecting the rollout of:%n  %s%n(%s)%nto spread its scaling over the ReplicaSets in"
            + " proportion,%nbut no recorded moment had more than one ReplicaSet with replicas:"
            + " there was no rollout in progress to spread it over.",
        deployment, unquotedString(change));
  }

  /**
   * The controller's rule gave {@code expected} from {@code before}, but the ReplicaSets went to
   * {@code seen}.
   */
  public static ErrorMessageFactory shouldScaleInProportion(
      Deployment deployment,
      String change,
      Map<Long, Integer> before,
      Map<Long, Integer> expected,
      Map<Long, Integer> seen) {
    return new ShouldScaleInProportion(
        "%nExpecting the rollout of:%n  %s%n(%s)%nto spread its scaling over the ReplicaSets in"
            + " proportion,%nbut from desired replicas per revision %s the controller's rule gives %s,"
            + "%nand the ReplicaSets went to %s.",
        deployment,
        unquotedString(change),
        unquotedString(before.toString()),
        unquotedString(expected.toString()),
        unquotedString(seen.toString()));
  }

  private ShouldScaleInProportion(String format, Object... arguments) {
    super(format, arguments);
  }
}
