package dev.rollouttest.assertions.error;

import static dev.rollouttest.assertions.error.ShouldCompleteWithin.shouldCompleteWithin;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouttest.assertions.Fixtures;
import dev.rollouttest.assertions.presentation.RolloutRepresentation;
import dev.rollouttest.rollout.RolloutFailure;
import dev.rollouttest.rollout.RolloutOutcome;
import dev.rollouttest.rollout.RolloutStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.assertj.core.description.TextDescription;
import org.junit.jupiter.api.Test;

class ShouldCompleteWithin_create_Test {

  @Test
  void failed_fast_with_the_failing_pods() {
    var web = Fixtures.web(1, 3, false);
    RolloutOutcome outcome =
        new RolloutOutcome(
            web,
            RolloutStatus.of(web),
            Optional.of(RolloutFailure.IMAGE_PULL_FAILURE),
            List.of(
                "web-6d8f9-x2k4p: container web waiting: ImagePullBackOff (Back-off pulling image \"nginx:nope\")"),
            Duration.ofMillis(3200),
            false);

    String message =
        shouldCompleteWithin("set image web=nginx:nope", Duration.ofSeconds(60), outcome)
            .create(new TextDescription("Test"), RolloutRepresentation.ROLLOUT_REPRESENTATION);

    assertThat(message)
        .isEqualTo(
            String.format(
                "[Test] %n"
                    + "Expecting the rollout of:%n"
                    + "  Deployment shop/web (revision 2, gen 4, observed 4, 1/3 updated, 3/3 available)%n"
                    + "(set image web=nginx:nope)%n"
                    + "to complete within 1m,%n"
                    + "but it failed after 3.2s with IMAGE_PULL_FAILURE.%n"
                    + "Rule that fired:%n"
                    + "  fail-fast rule IMAGE_PULL_FAILURE: a container of the new revision cannot pull"
                    + " its image (policy FailFast[IMAGE_PULL_FAILURE, CRASHING_PODS after 3 restarts];"
                    + " withFailFast(FailFast.never()) waits as kubectl rollout status does)%n"
                    + "Last observed:%n"
                    + "  Deployment shop/web (revision 2, gen 4, observed 4, 1/3 updated, 3/3 available)%n"
                    + "kubectl rollout status:%n"
                    + "  Waiting for deployment \"web\" rollout to finish: 1 out of 3 new replicas have been updated...%n"
                    + "Failing pods of the new revision:%n"
                    + "  web-6d8f9-x2k4p: container web waiting: ImagePullBackOff (Back-off pulling image \"nginx:nope\")"));
  }

  @Test
  void timed_out() {
    var web = Fixtures.web(3, 2, false);
    RolloutOutcome outcome =
        new RolloutOutcome(
            web, RolloutStatus.of(web), Optional.empty(), List.of(), Duration.ofSeconds(30), true);

    String message =
        shouldCompleteWithin("set image web=nginx:1.27", Duration.ofSeconds(30), outcome)
            .create(new TextDescription(""), RolloutRepresentation.ROLLOUT_REPRESENTATION);

    assertThat(message)
        .isEqualTo(
            String.format(
                "%n"
                    + "Expecting the rollout of:%n"
                    + "  Deployment shop/web (revision 2, gen 4, observed 4, 3/3 updated, 2/3 available)%n"
                    + "(set image web=nginx:1.27)%n"
                    + "to complete within 30s,%n"
                    + "but it had not completed after 30s.%n"
                    + "Last observed:%n"
                    + "  Deployment shop/web (revision 2, gen 4, observed 4, 3/3 updated, 2/3 available)%n"
                    + "kubectl rollout status:%n"
                    + "  Waiting for deployment \"web\" rollout to finish: 2 of 3 updated replicas are available..."));
  }
}
