package dev.rollouttest.soak;

import dev.rollouttest.rollout.RolloutFailure;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The parts of the pod template a soak step sets: the image, kwok's simulated timings (ready and
 * termination delay, per pod template through annotations) and, for a bad release, the simulated
 * failure ({@code never-ready} plays an image that cannot be pulled, {@code crash-loop} a container
 * that keeps crashing). {@code restart} numbers the last {@code rollout restart} baked into it
 * (each restart writes a new timestamp), so that two templates are equal exactly when the
 * Deployment controller would find them equal.
 */
record SoakTemplate(
    String image,
    int readyDelayMillis,
    int terminationDelayMillis,
    @Nullable String simulate,
    int restart) {

  static final String READY_DELAY = "rollout-test.dev/ready-delay";
  static final String TERMINATION_DELAY = "rollout-test.dev/termination-delay";
  static final String SIMULATE = "rollout-test.dev/simulate";

  /** Writes the image and the annotations into {@code template} (restarts are the driver's). */
  void applyTo(PodTemplateSpec template) {
    template.getSpec().getContainers().get(0).setImage(image);
    Map<String, String> annotations =
        template.getMetadata().getAnnotations() == null
            ? new HashMap<>()
            : new HashMap<>(template.getMetadata().getAnnotations());
    annotations.putAll(annotations());
    if (simulate == null) {
      annotations.remove(SIMULATE);
    }
    template.getMetadata().setAnnotations(annotations);
  }

  /** The annotations that select kwok's timings and behaviour. */
  Map<String, String> annotations() {
    Map<String, String> annotations = new HashMap<>();
    annotations.put(READY_DELAY, readyDelayMillis + "ms");
    annotations.put(TERMINATION_DELAY, terminationDelayMillis + "ms");
    if (simulate != null) {
      annotations.put(SIMULATE, simulate);
    }
    return annotations;
  }

  /** The failure a rollout to this template must report, or null when it must complete. */
  @Nullable RolloutFailure failure() {
    if (simulate == null) {
      return null;
    }
    return "never-ready".equals(simulate)
        ? RolloutFailure.IMAGE_PULL_FAILURE
        : RolloutFailure.CRASHING_PODS;
  }

  /** This template after the {@code n}th restart of the sequence. */
  SoakTemplate restarted(int n) {
    return new SoakTemplate(image, readyDelayMillis, terminationDelayMillis, simulate, n);
  }

  @Override
  public String toString() {
    return image
        + " ready "
        + readyDelayMillis
        + "ms, terminating "
        + terminationDelayMillis
        + "ms"
        + (simulate == null ? "" : ", simulate " + simulate)
        + (restart == 0 ? "" : ", restart #" + restart);
  }
}
