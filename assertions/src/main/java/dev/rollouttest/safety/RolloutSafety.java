package dev.rollouttest.safety;

import dev.rollouttest.manifest.ManifestDocument;
import dev.rollouttest.manifest.ManifestException;
import dev.rollouttest.manifest.internal.ManifestParser;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Checks manifests for settings that make a rollout unsafe, without a cluster. Immutable: {@link
 * #only} and {@link #without} return a new checker.
 *
 * <pre>{@code
 * List<SafetyFinding> findings = RolloutSafety.allRules().without(SafetyRule.PROGRESS_DEADLINE).check(Path.of("k8s"));
 * assertThat(findings).isEmpty();
 * }</pre>
 *
 * An object can silence rules for itself with the annotation {@value #IGNORE_ANNOTATION}, e.g.
 * {@code image-tag,progress-deadline}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class RolloutSafety {

  /** Annotation on a Deployment listing rule ids to skip for it. */
  public static final String IGNORE_ANNOTATION = "rollout-test.dev/ignore-rules";

  private final Set<SafetyRule> rules;

  private RolloutSafety(Set<SafetyRule> rules) {
    this.rules = Set.copyOf(rules);
  }

  /** Every rule. */
  public static RolloutSafety allRules() {
    return new RolloutSafety(EnumSet.allOf(SafetyRule.class));
  }

  /** Only these rules. */
  public RolloutSafety only(SafetyRule... selected) {
    return new RolloutSafety(EnumSet.copyOf(Arrays.asList(selected)));
  }

  /** All current rules but these. */
  public RolloutSafety without(SafetyRule... silenced) {
    EnumSet<SafetyRule> remaining =
        rules.isEmpty() ? EnumSet.noneOf(SafetyRule.class) : EnumSet.copyOf(rules);
    remaining.removeAll(Arrays.asList(silenced));
    return new RolloutSafety(remaining);
  }

  /**
   * Checks files, and the {@code .yaml}/{@code .yml} files of directories (recursively, in name
   * order).
   *
   * @throws ManifestException naming the file and document when one cannot be parsed
   */
  public List<SafetyFinding> check(Path... paths) {
    return check(ManifestParser.read(paths));
  }

  /** Checks parsed documents. */
  public List<SafetyFinding> check(List<ManifestDocument> documents) {
    List<SafetyFinding> findings = new ArrayList<>();
    for (ManifestDocument document : documents) {
      if (document.object() instanceof Deployment deployment) {
        findings.addAll(check(document.describe(), deployment));
      }
    }
    return findings;
  }

  private List<SafetyFinding> check(String where, Deployment d) {
    Set<SafetyRule> active = EnumSet.noneOf(SafetyRule.class);
    active.addAll(rules);
    String ignored =
        d.getMetadata().getAnnotations() == null
            ? null
            : d.getMetadata().getAnnotations().get(IGNORE_ANNOTATION);
    if (ignored != null) {
      for (String id : ignored.split(",")) {
        if (!id.isBlank()) {
          active.remove(SafetyRule.byId(id));
        }
      }
    }
    List<SafetyFinding> findings = new ArrayList<>();
    DeploymentSpec spec = d.getSpec();
    List<Container> containers = spec.getTemplate().getSpec().getContainers();
    for (int i = 0; i < containers.size(); i++) {
      Container c = containers.get(i);
      String path = "spec.template.spec.containers[" + i + "]";
      if (active.contains(SafetyRule.READINESS_PROBE) && c.getReadinessProbe() == null) {
        findings.add(
            new SafetyFinding(
                SafetyRule.READINESS_PROBE,
                where,
                path + ".readinessProbe",
                "container " + c.getName() + " has none"));
      }
      if (active.contains(SafetyRule.IMAGE_TAG)) {
        imageProblem(c.getImage())
            .ifPresent(
                p ->
                    findings.add(
                        new SafetyFinding(SafetyRule.IMAGE_TAG, where, path + ".image", p)));
      }
      if (active.contains(SafetyRule.MIN_READY_SECONDS) && c.getReadinessProbe() != null) {
        Probe probe = c.getReadinessProbe();
        int period = probe.getPeriodSeconds() == null ? 10 : probe.getPeriodSeconds();
        int minReady = spec.getMinReadySeconds() == null ? 0 : spec.getMinReadySeconds();
        if (minReady < period) {
          findings.add(
              new SafetyFinding(
                  SafetyRule.MIN_READY_SECONDS,
                  where,
                  "spec.minReadySeconds",
                  "is "
                      + minReady
                      + " s, shorter than the readiness probe period of container "
                      + c.getName()
                      + " ("
                      + period
                      + " s)"));
        }
      }
    }
    int replicas = spec.getReplicas() == null ? 1 : spec.getReplicas();
    if (active.contains(SafetyRule.ZERO_AVAILABLE)) {
      zeroAvailable(spec, replicas)
          .ifPresent(
              p -> findings.add(new SafetyFinding(SafetyRule.ZERO_AVAILABLE, where, p[0], p[1])));
    }
    if (active.contains(SafetyRule.REVISION_HISTORY)
        && spec.getRevisionHistoryLimit() != null
        && spec.getRevisionHistoryLimit() < 1) {
      findings.add(
          new SafetyFinding(
              SafetyRule.REVISION_HISTORY,
              where,
              "spec.revisionHistoryLimit",
              "is " + spec.getRevisionHistoryLimit()));
    }
    if (active.contains(SafetyRule.PROGRESS_DEADLINE)
        && spec.getProgressDeadlineSeconds() == null) {
      findings.add(
          new SafetyFinding(
              SafetyRule.PROGRESS_DEADLINE, where, "spec.progressDeadlineSeconds", "is not set"));
    }
    return findings;
  }

  private static java.util.Optional<String[]> zeroAvailable(DeploymentSpec spec, int replicas) {
    var strategy = spec.getStrategy();
    if (strategy != null && "Recreate".equals(strategy.getType())) {
      return java.util.Optional.of(
          new String[] {
            "spec.strategy.type", "is Recreate: every old pod stops before a new one starts"
          });
    }
    var rolling = strategy == null ? null : strategy.getRollingUpdate();
    IntOrString unavailableValue =
        rolling == null || rolling.getMaxUnavailable() == null
            ? new IntOrString("25%")
            : rolling.getMaxUnavailable();
    IntOrString surgeValue =
        rolling == null || rolling.getMaxSurge() == null
            ? new IntOrString("25%")
            : rolling.getMaxSurge();
    int unavailable = scaled(unavailableValue, replicas, false);
    int surge = scaled(surgeValue, replicas, true);
    if (unavailable == 0 && surge == 0) {
      unavailable = 1;
    }
    if (replicas > 0 && replicas - Math.min(unavailable, replicas) < 1) {
      return java.util.Optional.of(
          new String[] {
            "spec.strategy.rollingUpdate.maxUnavailable",
            "resolves to "
                + Math.min(unavailable, replicas)
                + " of "
                + replicas
                + " replica(s), leaving 0 available"
          });
    }
    return java.util.Optional.empty();
  }

  private static int scaled(IntOrString value, int total, boolean roundUp) {
    if (value.getIntVal() != null) {
      return value.getIntVal();
    }
    String s = value.getStrVal().strip();
    if (s.endsWith("%")) {
      double v = Integer.parseInt(s.substring(0, s.length() - 1)) * total / 100.0;
      return (int) (roundUp ? Math.ceil(v) : Math.floor(v));
    }
    return Integer.parseInt(s);
  }

  static java.util.Optional<String> imageProblem(String image) {
    if (image == null || image.isBlank()) {
      return java.util.Optional.of("is empty");
    }
    if (image.contains("@")) {
      return java.util.Optional.empty();
    }
    int slash = image.lastIndexOf('/');
    int colon = image.lastIndexOf(':');
    if (colon <= slash) {
      return java.util.Optional.of("\"" + image + "\" has no tag (it means latest)");
    }
    if (image.substring(colon + 1).equals("latest")) {
      return java.util.Optional.of("\"" + image + "\" is tagged latest");
    }
    return java.util.Optional.empty();
  }
}
