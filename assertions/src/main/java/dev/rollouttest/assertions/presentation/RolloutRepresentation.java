package dev.rollouttest.assertions.presentation;

import dev.rollouttest.kube.Revisions;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Duration;
import java.util.stream.Collectors;
import org.assertj.core.presentation.StandardRepresentation;

/**
 * Prints Kubernetes objects as one readable line instead of a model dump, e.g. {@code Deployment
 * ns/web (gen 4, observed 4, 1/3 updated, 2/3 available)}. Registered through {@code
 * META-INF/services}, so AssertJ uses it in every message once rollout-test is on the classpath.
 */
public class RolloutRepresentation extends StandardRepresentation {

  /** Shared instance. */
  public static final RolloutRepresentation ROLLOUT_REPRESENTATION = new RolloutRepresentation();

  @Override
  protected String fallbackToStringOf(Object object) {
    if (object instanceof Deployment d) {
      return deployment(d);
    }
    if (object instanceof ReplicaSet rs) {
      return replicaSet(rs);
    }
    if (object instanceof Pod p) {
      return pod(p);
    }
    if (object instanceof Duration d) {
      return duration(d);
    }
    return super.fallbackToStringOf(object);
  }

  @Override
  public int getPriority() {
    return 10;
  }

  /** {@code Deployment ns/web (gen 4, observed 4, 1/3 updated, 2/3 available, paused)}. */
  public static String deployment(Deployment d) {
    int replicas =
        d.getSpec() == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    var s = d.getStatus();
    String revision =
        d.getMetadata().getAnnotations() == null
            ? null
            : d.getMetadata().getAnnotations().get(Revisions.ANNOTATION);
    return "Deployment "
        + d.getMetadata().getNamespace()
        + "/"
        + d.getMetadata().getName()
        + " ("
        + (revision == null ? "" : "revision " + revision + ", ")
        + "gen "
        + d.getMetadata().getGeneration()
        + ", observed "
        + (s == null ? null : s.getObservedGeneration())
        + ", "
        + n(s == null ? null : s.getUpdatedReplicas())
        + "/"
        + replicas
        + " updated, "
        + n(s == null ? null : s.getAvailableReplicas())
        + "/"
        + replicas
        + " available"
        + (Boolean.TRUE.equals(d.getSpec() == null ? null : d.getSpec().getPaused())
            ? ", paused"
            : "")
        + ")";
  }

  static String replicaSet(ReplicaSet rs) {
    String revision =
        rs.getMetadata().getAnnotations() == null
            ? "?"
            : rs.getMetadata().getAnnotations().get(Revisions.ANNOTATION);
    return "ReplicaSet "
        + rs.getMetadata().getNamespace()
        + "/"
        + rs.getMetadata().getName()
        + " (revision "
        + revision
        + ", "
        + n(rs.getStatus() == null ? null : rs.getStatus().getReadyReplicas())
        + "/"
        + rs.getSpec().getReplicas()
        + " ready)";
  }

  static String pod(Pod p) {
    boolean ready =
        p.getStatus() != null
            && p.getStatus().getConditions() != null
            && p.getStatus().getConditions().stream()
                .filter(c -> "Ready".equals(c.getType()))
                .map(PodCondition::getStatus)
                .anyMatch("True"::equals);
    return "Pod "
        + p.getMetadata().getNamespace()
        + "/"
        + p.getMetadata().getName()
        + " ("
        + (p.getMetadata().getDeletionTimestamp() != null
            ? "Terminating"
            : p.getStatus() == null ? "?" : p.getStatus().getPhase())
        + ", "
        + (ready ? "ready" : "not ready")
        + ", "
        + p.getSpec().getContainers().stream()
            .map(Container::getImage)
            .collect(Collectors.joining(","))
        + ")";
  }

  /** {@code 30s}, {@code 1.5s}, {@code 250ms}, {@code 2m}. */
  public static String duration(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + "ms";
    }
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
  }

  private static int n(Integer value) {
    return value == null ? 0 : value;
  }
}
