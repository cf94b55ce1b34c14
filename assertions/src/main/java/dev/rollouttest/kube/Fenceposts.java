package dev.rollouttest.kube;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * maxSurge and maxUnavailable as the Deployment controller resolves them ({@code
 * deploymentutil.ResolveFenceposts}): percentages of replicas, surge rounded up and unavailable
 * down, 25% each when unset; both zero forces unavailable to 1; {@code Recreate} has no surge and
 * all of replicas unavailable.
 *
 * @param maxSurge pods allowed above replicas
 * @param maxUnavailable pods allowed below replicas
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Fenceposts(int maxSurge, int maxUnavailable) {

  /** The Deployment's fenceposts at {@code replicas}. */
  public static Fenceposts of(Deployment d, int replicas) {
    var strategy = d.getSpec().getStrategy();
    if (strategy != null && "Recreate".equals(strategy.getType())) {
      return new Fenceposts(0, replicas);
    }
    var rolling = strategy == null ? null : strategy.getRollingUpdate();
    int surge = scaled(rolling == null ? null : rolling.getMaxSurge(), replicas, true);
    int unavailable = scaled(rolling == null ? null : rolling.getMaxUnavailable(), replicas, false);
    if (surge == 0 && unavailable == 0) {
      unavailable = 1;
    }
    return new Fenceposts(surge, Math.min(unavailable, replicas));
  }

  /** The Deployment's fenceposts at its own {@code spec.replicas} (1 when unset). */
  public static Fenceposts of(Deployment d) {
    return of(d, replicas(d));
  }

  /** {@code spec.replicas}, 1 when unset (the API server's default). */
  public static int replicas(Deployment d) {
    return d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
  }

  private static int scaled(@Nullable IntOrString value, int total, boolean roundUp) {
    IntOrString v = value == null ? new IntOrString("25%") : value;
    if (v.getIntVal() != null) {
      return v.getIntVal();
    }
    String s = v.getStrVal();
    if (s.endsWith("%")) {
      double percent = Integer.parseInt(s.substring(0, s.length() - 1)) * total / 100.0;
      return (int) (roundUp ? Math.ceil(percent) : Math.floor(percent));
    }
    return Integer.parseInt(s);
  }
}
