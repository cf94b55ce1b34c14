package dev.rollouttest.safety;

import org.apiguardian.api.API;

/**
 * The rollout-safety rules, each with its id (for selecting or silencing it) and why it matters
 * during a rollout. Silence a rule for one object with the annotation {@code
 * rollout-test.dev/ignore-rules: image-tag,progress-deadline}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum SafetyRule {
  /** {@code readiness-probe}: flags a container without a readiness probe. */
  READINESS_PROBE(
      "readiness-probe",
      "without a readiness probe a pod counts as available as soon as its container starts, so the rollout removes"
          + " old pods before the new ones can serve"),
  /**
   * {@code zero-available}: flags a Recreate strategy, or a maxUnavailable that leaves no replica
   * available.
   */
  ZERO_AVAILABLE(
      "zero-available",
      "the rollout may take every replica down at once: replicas - maxUnavailable leaves no pod available"),
  /** {@code revision-history}: flags a revisionHistoryLimit below 1 (nothing to undo to). */
  REVISION_HISTORY(
      "revision-history",
      "revisionHistoryLimit 0 deletes old ReplicaSets once a rollout completes, so there is nothing to undo to"),
  /** {@code progress-deadline}: flags a Deployment without progressDeadlineSeconds. */
  PROGRESS_DEADLINE(
      "progress-deadline",
      "without progressDeadlineSeconds a stuck rollout is reported only after the default 600 s"),
  /** {@code image-tag}: flags an image without a tag or digest, or tagged {@code latest}. */
  IMAGE_TAG(
      "image-tag",
      "an image without a tag, or tagged latest, changes behind the template's back: a new image is no new revision"
          + " and undo cannot bring the old one back"),
  /** {@code min-ready-seconds}: flags minReadySeconds shorter than a readiness probe's period. */
  MIN_READY_SECONDS(
      "min-ready-seconds",
      "with minReadySeconds shorter than one readiness probe period, a pod that passes one probe and then fails"
          + " already counts as available and the rollout moves on");

  private final String id;
  private final String why;

  SafetyRule(String id, String why) {
    this.id = id;
    this.why = why;
  }

  /** The rule's id, e.g. {@code readiness-probe}. */
  public String id() {
    return id;
  }

  /** Why the rule matters during a rollout. */
  public String why() {
    return why;
  }

  /**
   * The rule with this id.
   *
   * @throws IllegalArgumentException naming the id and the known ones
   */
  public static SafetyRule byId(String id) {
    for (SafetyRule rule : values()) {
      if (rule.id.equals(id.strip())) {
        return rule;
      }
    }
    throw new IllegalArgumentException(
        "Unknown rollout-safety rule '"
            + id
            + "'; known rules: "
            + java.util.Arrays.stream(values()).map(SafetyRule::id).toList());
  }
}
