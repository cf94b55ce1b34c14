package dev.rollouttest.soak;

import static dev.rollouttest.assertions.RolloutAssertions.assertThat;
import static dev.rollouttest.invariant.Invariant.maxSurgeRespected;
import static dev.rollouttest.invariant.Invariant.minAvailableAsConfigured;
import static dev.rollouttest.invariant.Invariant.onlyOldAndNewRevisions;
import static dev.rollouttest.invariant.Invariant.revisionAdvancesAsExpected;
import static org.awaitility.Awaitility.await;

import dev.rollouttest.invariant.Invariant;
import dev.rollouttest.rollout.DeploymentRollout;
import dev.rollouttest.rollout.RolloutFailure;
import dev.rollouttest.testing.Manifests;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One step of a soak sequence: a verb of {@link DeploymentRollout} (or a few, for the steps that
 * change something in the middle of a rollout) whose verdict is asserted with the invariants a
 * healthy Deployment controller keeps. {@link #run} throws the {@link AssertionError} of a verdict
 * that differs from the {@link SoakSequence}'s expectation.
 */
interface SoakStep {

  /**
   * What a healthy controller guarantees for a rollout that starts from a complete Deployment or
   * makes no new revision: the availability floor, the surge bound, two revisions, one new revision
   * at most (docs/README "Invariants at every moment", {@code WrongVerdictsTest}).
   */
  Invariant[] RECOMMENDED = {
    minAvailableAsConfigured(),
    maxSurgeRespected(),
    onlyOldAndNewRevisions(),
    revisionAdvancesAsExpected()
  };

  /**
   * For a template change sent before the previous rollout finished: three revisions may run at
   * once, legitimately, so {@code onlyOldAndNewRevisions()} does not apply.
   */
  Invariant[] ON_TOP_OF_A_ROLLOUT = {
    minAvailableAsConfigured(), maxSurgeRespected(), revisionAdvancesAsExpected()
  };

  Duration TIMEOUT = Duration.ofSeconds(60);

  /** Runs the step on the Deployment and asserts its verdict. */
  void run(DeploymentRollout web);

  /** The failure the verdict must report, or null when the rollout must complete. */
  default @Nullable RolloutFailure expectedFailure() {
    return null;
  }

  /** Creates the Deployment; its first rollout must complete under the recommended invariants. */
  record Create(
      SoakTemplate template, int replicas, IntOrString maxSurge, IntOrString maxUnavailable)
      implements SoakStep {
    @Override
    public void run(DeploymentRollout web) {
      Deployment d =
          Manifests.deployment(web.name(), replicas, template.image(), template.annotations());
      d.getSpec().getStrategy().getRollingUpdate().setMaxSurge(maxSurge);
      d.getSpec().getStrategy().getRollingUpdate().setMaxUnavailable(maxUnavailable);
      web.client().apps().deployments().inNamespace(web.namespace()).resource(d).create();
      assertThat(web.inProgress()).holdsAtEveryMoment(RECOMMENDED).completesWithin(TIMEOUT);
    }

    @Override
    public String toString() {
      return "create "
          + replicas
          + " replicas, maxSurge "
          + fencepost(maxSurge)
          + ", maxUnavailable "
          + fencepost(maxUnavailable)
          + ": "
          + template;
    }

    private static String fencepost(IntOrString value) {
      return value.getIntVal() != null ? value.getIntVal().toString() : value.getStrVal();
    }
  }

  /** A template change (image and timings) from a complete Deployment. */
  record Update(SoakTemplate template) implements SoakStep {
    @Override
    public void run(DeploymentRollout web) {
      assertThat(web.patchTemplate(template::applyTo))
          .holdsAtEveryMoment(RECOMMENDED)
          .completesWithin(TIMEOUT);
    }

    @Override
    public String toString() {
      return "update to " + template;
    }
  }

  /** A release that cannot roll out: the verdict must name its failure, fast. */
  record BadRelease(SoakTemplate template) implements SoakStep {
    @Override
    public void run(DeploymentRollout web) {
      assertThat(web.patchTemplate(template::applyTo))
          .holdsAtEveryMoment(RECOMMENDED)
          .failsWith(java.util.Objects.requireNonNull(template.failure()), TIMEOUT);
    }

    @Override
    public @Nullable RolloutFailure expectedFailure() {
      return template.failure();
    }

    @Override
    public String toString() {
      return "bad release " + template + ", expecting " + template.failure();
    }
  }

  /**
   * {@code rollout undo}: back to the previous revision's template. When that is a bad release
   * ({@code failure} not null), the verdict must name its failure.
   */
  record Undo(@Nullable RolloutFailure failure) implements SoakStep {
    @Override
    public void run(DeploymentRollout web) {
      if (failure == null) {
        assertThat(web.undo()).holdsAtEveryMoment(RECOMMENDED).completesWithin(TIMEOUT);
      } else {
        assertThat(web.undo()).holdsAtEveryMoment(RECOMMENDED).failsWith(failure, TIMEOUT);
      }
    }

    @Override
    public @Nullable RolloutFailure expectedFailure() {
      return failure;
    }

    @Override
    public String toString() {
      return failure == null ? "undo" : "undo to the bad release, expecting " + failure;
    }
  }

  /** {@code scale --replicas=n}. */
  record Scale(int replicas) implements SoakStep {
    @Override
    public void run(DeploymentRollout web) {
      assertThat(web.scale(replicas)).holdsAtEveryMoment(RECOMMENDED).completesWithin(TIMEOUT);
    }

    @Override
    public String toString() {
      return "scale to " + replicas;
    }
  }

  /** {@code rollout restart}. */
  record Restart() implements SoakStep {
    @Override
    public void run(DeploymentRollout web) {
      // restartedAt has seconds: kubectl refuses a second restart within the same second
      String last =
          web.get()
              .getSpec()
              .getTemplate()
              .getMetadata()
              .getAnnotations()
              .get(DeploymentRollout.RESTARTED_AT);
      if (last != null) {
        long second = java.time.OffsetDateTime.parse(last).toEpochSecond();
        await()
            .atMost(Duration.ofSeconds(2))
            .until(() -> java.time.Instant.now().getEpochSecond() > second);
      }
      assertThat(web.restart()).holdsAtEveryMoment(RECOMMENDED).completesWithin(TIMEOUT);
    }

    @Override
    public String toString() {
      return "restart";
    }
  }

  /**
   * {@code rollout pause}, a template change and a scaling while paused (each optional), then
   * {@code rollout resume}, whose rollout is asserted.
   */
  record PauseResume(@Nullable SoakTemplate template, int replicas) implements SoakStep {
    @Override
    public void run(DeploymentRollout web) {
      web.pause().apply();
      if (template != null) {
        web.patchTemplate(template::applyTo).apply();
      }
      if (replicas > 0) {
        web.scale(replicas).apply();
      }
      assertThat(web.resume()).holdsAtEveryMoment(RECOMMENDED).completesWithin(TIMEOUT);
    }

    @Override
    public String toString() {
      return "pause"
          + (template == null ? "" : ", update to " + template)
          + (replicas > 0 ? ", scale to " + replicas : "")
          + ", resume";
    }
  }

  /** A template change sent (not watched), then a scaling in the middle of its rollout. */
  record ScaleMidRollout(SoakTemplate template, int replicas) implements SoakStep {
    @Override
    public void run(DeploymentRollout web) {
      web.patchTemplate(template::applyTo).apply();
      assertThat(web.scale(replicas)).holdsAtEveryMoment(RECOMMENDED).completesWithin(TIMEOUT);
    }

    @Override
    public String toString() {
      return "update to " + template + ", and in the middle scale to " + replicas;
    }
  }

  /** A template change sent (not watched), then another before the first has rolled out. */
  record UpdateMidRollout(SoakTemplate first, SoakTemplate second) implements SoakStep {
    @Override
    public void run(DeploymentRollout web) {
      web.patchTemplate(first::applyTo).apply();
      assertThat(web.patchTemplate(second::applyTo))
          .holdsAtEveryMoment(ON_TOP_OF_A_ROLLOUT)
          .completesWithin(TIMEOUT);
    }

    @Override
    public String toString() {
      return "update to " + first + ", and in the middle to " + second;
    }
  }
}
