package dev.rollouttest.safety;

import org.apiguardian.api.API;

/**
 * One unsafe setting: the rule, where it is (file, document, object, field) and what is wrong.
 *
 * @param rule the rule that found it
 * @param where e.g. {@code web.yaml document #1 (Deployment/web)}
 * @param field the field path, e.g. {@code spec.template.spec.containers[0].readinessProbe}
 * @param problem what is wrong with it
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record SafetyFinding(SafetyRule rule, String where, String field, String problem) {

  /**
   * {@code web.yaml document #1 (Deployment/web) spec.revisionHistoryLimit: is 0 [revision-history]
   * - why}.
   */
  @Override
  public String toString() {
    return where + " " + field + ": " + problem + " [" + rule.id() + "] - " + rule.why();
  }
}
