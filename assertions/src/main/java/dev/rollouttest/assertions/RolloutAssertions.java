package dev.rollouttest.assertions;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.rollouttest.rollout.DeploymentRollout;
import dev.rollouttest.rollout.RolloutAction;
import dev.rollouttest.rollout.RolloutHistory;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.apiguardian.api.API;

/**
 * The entry point of rollout-test's assertions. Import statically, beside AssertJ's {@code
 * Assertions}.
 *
 * <pre>{@code
 * DeploymentRollout web = DeploymentRollout.of(client, "web");
 * assertThat(web.updateImage("web", "nginx:1.27").because("CVE fix")).completesWithin(ofSeconds(60)).endsAtRevision(2);
 * assertThat(web.undo()).holdsAtEveryMoment(minAvailableAsConfigured()).completesWithin(ofSeconds(60));
 * assertThat(web.history()).hasRevisions(1, 2).revision(2).hasImage("nginx:1.27").hasChangeCause("CVE fix");
 * assertThat(web.get()).isComplete().hasImage("web", "nginx:1.27");
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class RolloutAssertions {

  private RolloutAssertions() {}

  /**
   * Assertions on a Deployment as it was read: no watching, no waiting.
   *
   * <pre>{@code
   * assertThat(web.get()).isComplete().hasImage("web", "nginx:1.27");
   * }</pre>
   */
  @CheckReturnValue
  public static DeploymentAssert assertThat(Deployment actual) {
    return new DeploymentAssert(actual);
  }

  /**
   * Assertions on a revision history, as {@link DeploymentRollout#history()} read it.
   *
   * <pre>{@code
   * assertThat(web.history()).hasRevisions(1, 2).revision(2).hasChangeCause("CVE fix");
   * }</pre>
   */
  @CheckReturnValue
  public static RolloutHistoryAssert assertThat(RolloutHistory actual) {
    return new RolloutHistoryAssert(actual);
  }

  /**
   * Assertions that watch the rollout in progress, changing nothing: for a rollout already under
   * way, e.g. of a Deployment just created or changed by something other than this driver.
   *
   * <pre>{@code
   * assertThat(web).holdsAtEveryMoment(minAvailable(2)).completesWithin(ofSeconds(60));
   * }</pre>
   */
  @CheckReturnValue
  public static RolloutAssert assertThat(DeploymentRollout actual) {
    return new RolloutAssert(actual.inProgress());
  }

  /**
   * Assertions that send a change once they are recording, and watch its rollout from its first
   * moment. The change is sent by the verdict ({@code completesWithin} or {@code failsWith}), not
   * before.
   *
   * <pre>{@code
   * assertThat(web.undoTo(1)).holdsAtEveryMoment(minAvailableAsConfigured()).completesWithin(ofSeconds(60));
   * }</pre>
   */
  @CheckReturnValue
  public static RolloutAssert assertThat(RolloutAction actual) {
    return new RolloutAssert(actual);
  }

  /**
   * Assertions that send a pending template change (with its change-cause, if any) and watch its
   * rollout; as {@link #assertThat(RolloutAction)}.
   *
   * <pre>{@code
   * assertThat(web.updateImage("web", "nginx:1.27").because("CVE fix")).completesWithin(ofSeconds(60));
   * }</pre>
   */
  @CheckReturnValue
  public static RolloutAssert assertThat(DeploymentRollout.TemplateChange actual) {
    return new RolloutAssert(actual);
  }
}
