package dev.rollouttest.rollout;

import dev.rollouttest.kube.ChangeCause;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The verbs that edit a Deployment in place ({@code kubectl set image}, a template patch, {@code
 * rollout pause}, {@code resume}, {@code restart}, {@code scale}) as they are sent: kubectl's
 * refusals with its words, then one edit of the Deployment, retried on a conflict as client-go's
 * {@code RetryOnConflict} does, then the wait until the controller has observed it ({@link
 * ObservedGeneration}).
 */
final class DeploymentWrites {

  private final DeploymentRollout rollout;

  DeploymentWrites(DeploymentRollout rollout) {
    this.rollout = rollout;
  }

  /**
   * Changes the pod template and, when {@code cause} is not null, records it as the change-cause in
   * the same write.
   */
  RolloutResult changeTemplate(Consumer<PodTemplateSpec> change, @Nullable String cause) {
    return write(
        d -> {
          change.accept(d.getSpec().getTemplate());
          if (cause != null) {
            if (d.getMetadata().getAnnotations() == null) {
              d.getMetadata().setAnnotations(new HashMap<>());
            }
            d.getMetadata().getAnnotations().put(ChangeCause.ANNOTATION, cause);
          }
        },
        "image updated");
  }

  RolloutResult pause() {
    if (Boolean.TRUE.equals(rollout.get().getSpec().getPaused())) {
      throw new RolloutException("deployments.apps \"" + rollout.name() + "\" is already paused");
    }
    return write(d -> d.getSpec().setPaused(true), "paused");
  }

  RolloutResult resume() {
    if (!Boolean.TRUE.equals(rollout.get().getSpec().getPaused())) {
      throw new RolloutException("deployments.apps \"" + rollout.name() + "\" is not paused");
    }
    return write(d -> d.getSpec().setPaused(false), "resumed");
  }

  /**
   * Sets the pod template's {@link DeploymentRollout#RESTARTED_AT} to now, in seconds; refused on a
   * paused Deployment and when it already holds this second.
   */
  RolloutResult restart() {
    Deployment current = rollout.get();
    if (Boolean.TRUE.equals(current.getSpec().getPaused())) {
      throw new RolloutException(
          "deployments.apps \""
              + rollout.name()
              + "\" can't restart paused deployment (run rollout resume first)");
    }
    String now =
        ZonedDateTime.now()
            .truncatedTo(ChronoUnit.SECONDS)
            .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    Map<String, String> template = current.getSpec().getTemplate().getMetadata().getAnnotations();
    if (template != null && now.equals(template.get(DeploymentRollout.RESTARTED_AT))) {
      throw new RolloutException(
          "failed to create patch for "
              + rollout.name()
              + ": if restart has already been triggered within the past second, please wait before attempting to"
              + " trigger another");
    }
    return write(
        d -> {
          if (d.getSpec().getTemplate().getMetadata().getAnnotations() == null) {
            d.getSpec().getTemplate().getMetadata().setAnnotations(new HashMap<>());
          }
          d.getSpec()
              .getTemplate()
              .getMetadata()
              .getAnnotations()
              .put(DeploymentRollout.RESTARTED_AT, now);
        },
        "restarted");
  }

  RolloutResult scale(int replicas) {
    return write(d -> d.getSpec().setReplicas(replicas), "scaled");
  }

  /**
   * One edit of the Deployment, then the wait until the controller has observed it; kubectl's
   * {@code deployment.apps/NAME <verb>} as the result's message.
   */
  private RolloutResult write(Consumer<Deployment> change, String verb) {
    // The controller writes the status concurrently; like client-go's RetryOnConflict, read again
    // and retry.
    for (int attempt = 1; ; attempt++) {
      try {
        Deployment edited =
            rollout
                .resource()
                .edit(
                    d -> {
                      change.accept(d);
                      return d;
                    });
        return new RolloutResult(
            rollout,
            new ObservedGeneration(rollout).await(edited),
            "deployment.apps/" + rollout.name() + " " + verb);
      } catch (KubernetesClientException e) {
        if (e.getCode() == 404) {
          throw new RolloutException(
              "deployments.apps \""
                  + rollout.name()
                  + "\" not found in namespace "
                  + rollout.namespace(),
              e);
        }
        // A large Deployment's status changes many times a second while it rolls out, so a few
        // conflicts in a row are normal: back off a little more each time, as client-go does.
        if (e.getCode() != 409 || attempt == 50) {
          throw e;
        }
        try {
          Thread.sleep(Math.min(10L * attempt, 200L) + ThreadLocalRandom.current().nextLong(10));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }
}
