package dev.rollouttest.assertions.presentation;

import dev.rollouttest.kube.Revisions;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Duration;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.assertj.core.presentation.Representation;
import org.assertj.core.presentation.StandardRepresentation;
import org.jspecify.annotations.Nullable;

/**
 * Prints the Kubernetes objects rollout-test deals in (fabric8's Deployment, ReplicaSet and Pod) as
 * one readable line instead of a model dump, e.g. {@code Deployment ns/web (gen 4, observed 4, 1/3
 * updated, 2/3 available)}, and nothing else: for every other object it returns {@code null}.
 *
 * <p>It is registered through {@code META-INF/services}, so AssertJ consults it in every message
 * once rollout-test is on the classpath; AssertJ's contract for a registered representation is that
 * {@code null} hands the object on (to registered representations of lower priority, then to {@link
 * StandardRepresentation}). So a test's own messages, {@code assertThat(List.of(1, 2)).isEmpty()}
 * say, read exactly as they do without rollout-test. rollout-test's assertions print with {@link
 * #ROLLOUT_REPRESENTATION}, which also formats these objects inside collections.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public class RolloutRepresentation implements Representation {

  /**
   * What rollout-test's assertions print with: the objects above as one line, wherever they appear
   * (in collections, maps, arrays), every other object exactly as {@link StandardRepresentation}
   * prints it.
   */
  public static final Representation ROLLOUT_REPRESENTATION = new WithStandardFallback();

  /** The one line of a Deployment, ReplicaSet or Pod; {@code null} for any other object. */
  @Override
  public @Nullable String toStringOf(Object object) {
    if (object instanceof Deployment d) {
      return deployment(d);
    }
    if (object instanceof ReplicaSet rs) {
      return replicaSet(rs);
    }
    if (object instanceof Pod p) {
      return pod(p);
    }
    return null;
  }

  /**
   * The one line with the object's class and identity, as AssertJ tells apart two objects that
   * print alike; {@code null} for any other object.
   */
  @Override
  public @Nullable String unambiguousToStringOf(Object object) {
    String line = toStringOf(object);
    return line == null
        ? null
        : String.format(
            "%s (%s@%s)",
            line,
            object.getClass().getSimpleName(),
            Integer.toHexString(System.identityHashCode(object)));
  }

  /** Consulted before registered representations of lower priority (AssertJ's default is 1). */
  @Override
  public int getPriority() {
    return 10;
  }

  @Override
  public String toString() {
    return "rollout-test's RolloutRepresentation (Deployment, ReplicaSet, Pod)";
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

  private static int n(@Nullable Integer value) {
    return value == null ? 0 : value;
  }

  /**
   * {@link StandardRepresentation}, except for the objects a {@link RolloutRepresentation} prints.
   */
  private static final class WithStandardFallback extends StandardRepresentation {

    private static final RolloutRepresentation OWN = new RolloutRepresentation();

    @Override
    protected String fallbackToStringOf(Object object) {
      String own = OWN.toStringOf(object);
      return own == null ? super.fallbackToStringOf(object) : own;
    }

    @Override
    public String toString() {
      return "rollout-test's RolloutRepresentation, else AssertJ's standard representation";
    }
  }
}
