package dev.rollouttest.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.rollouttest.manifest.ManifestException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutSafetyTest {

  private static Path resource(String name) {
    try {
      return Path.of(RolloutSafetyTest.class.getResource("/safety/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String where(String file, String deployment) {
    return resource("unsafe/" + file) + " document #1 (Deployment/" + deployment + ")";
  }

  @Test
  void the_safe_manifest_passes() {
    assertThat(RolloutSafety.allRules().check(resource("safe"))).isEmpty();
  }

  @Test
  void each_unsafe_manifest_is_named_with_file_document_field_and_reason() {
    List<SafetyFinding> findings = RolloutSafety.allRules().check(resource("unsafe"));

    assertThat(findings)
        .extracting(
            f -> f.where() + " " + f.field() + ": " + f.problem() + " [" + f.rule().id() + "]")
        .containsExactly(
            where("1-no-probe.yaml", "no-probe")
                + " spec.template.spec.containers[0].readinessProbe: container app has none [readiness-probe]",
            where("2-zero-available.yaml", "single")
                + " spec.strategy.rollingUpdate.maxUnavailable: resolves to 1 of 1 replica(s), leaving 0 available [zero-available]",
            where("3-recreate.yaml", "recreate")
                + " spec.strategy.type: is Recreate: every old pod stops before a new one starts [zero-available]",
            where("4-latest.yaml", "latest")
                + " spec.template.spec.containers[0].image: \"app:latest\" is tagged latest [image-tag]",
            where("5-untagged.yaml", "untagged")
                + " spec.template.spec.containers[0].image: \"registry.example.com:5000/app\" has no tag (it means latest) [image-tag]",
            where("6-no-history.yaml", "no-history")
                + " spec.revisionHistoryLimit: is 0 [revision-history]",
            where("7-no-deadline.yaml", "no-deadline")
                + " spec.progressDeadlineSeconds: is not set [progress-deadline]",
            where("8-min-ready.yaml", "min-ready")
                + " spec.minReadySeconds: is 10 s, shorter than the readiness probe period of container app (15 s) [min-ready-seconds]");
    assertThat(findings.get(0).toString())
        .endsWith(
            "[readiness-probe] - without a readiness probe a pod counts as available as soon as its container starts,"
                + " so the rollout removes old pods before the new ones can serve");
  }

  @Test
  void rules_can_be_selected_or_silenced() {
    assertThat(RolloutSafety.allRules().only(SafetyRule.IMAGE_TAG).check(resource("unsafe")))
        .extracting(SafetyFinding::rule)
        .containsOnly(SafetyRule.IMAGE_TAG)
        .hasSize(2);
    assertThat(
            RolloutSafety.allRules()
                .without(SafetyRule.IMAGE_TAG, SafetyRule.ZERO_AVAILABLE)
                .check(resource("unsafe")))
        .extracting(SafetyFinding::rule)
        .doesNotContain(SafetyRule.IMAGE_TAG, SafetyRule.ZERO_AVAILABLE)
        .hasSize(4);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SafetyRule.byId("no-latest"))
        .withMessage(
            "Unknown rollout-safety rule 'no-latest'; known rules: [readiness-probe, zero-available, revision-history,"
                + " progress-deadline, image-tag, min-ready-seconds]");
  }

  @Test
  void a_missing_path_is_named() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RolloutSafety.allRules().check(Path.of("/nonexistent/k8s.yaml")))
        .isInstanceOf(ManifestException.class)
        .withMessage(
            "Manifest /nonexistent/k8s.yaml does not exist (resolved against "
                + Path.of("").toAbsolutePath()
                + ").");
  }
}
