package dev.rollouttest.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouttest.safety.RolloutSafety;
import dev.rollouttest.safety.SafetyFinding;
import dev.rollouttest.safety.SafetyRule;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rollout-safety check as a CI gate on manifests, without a cluster: the examples' web.yaml
 * passes (with two rules silenced on purpose, because the examples keep rollouts fast), and a
 * manifest with a latest tag, no readiness probe and a replica that maxUnavailable may take down is
 * refused, each finding naming file, document and field.
 */
class ManifestSafetyExample {

  @Test
  void the_gate_passes_safe_manifests_and_names_what_is_unsafe() throws Exception {
    Path web = Path.of(getClass().getResource("web.yaml").toURI());
    Path unsafe = Path.of(getClass().getResource("unsafe/web-latest.yaml").toURI());
    RolloutSafety gate =
        RolloutSafety.allRules()
            .without(SafetyRule.PROGRESS_DEADLINE, SafetyRule.MIN_READY_SECONDS);

    assertThat(gate.check(web)).isEmpty();

    List<SafetyFinding> findings = gate.check(unsafe);
    assertThat(findings)
        .extracting(SafetyFinding::rule)
        .containsExactly(
            SafetyRule.READINESS_PROBE, SafetyRule.IMAGE_TAG, SafetyRule.ZERO_AVAILABLE);
    assertThat(findings.get(1).toString())
        .startsWith(
            unsafe
                + " document #1 (Deployment/web) spec.template.spec.containers[0].image: \"nginx:latest\" is tagged latest");

    System.out.printf(
        "EXAMPLE manifest-safety [no cluster]: PASS - web.yaml passed; unsafe/web-latest.yaml refused with %d findings: %s%n",
        findings.size(), findings.stream().map(f -> f.rule().id()).toList());
  }
}
