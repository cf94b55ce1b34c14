package dev.rollouttest.assertions.error;

import static dev.rollouttest.assertions.error.ShouldAnswerBeforeTheChange.shouldAnswerBeforeTheChange;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouttest.assertions.presentation.RolloutRepresentation;
import dev.rollouttest.probe.ProbeResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.description.TextDescription;
import org.junit.jupiter.api.Test;

class ShouldAnswerBeforeTheChange_create_Test {

  @Test
  void names_the_target_the_change_not_sent_and_what_the_probe_saw() {
    ProbeResult refused =
        new ProbeResult(
            "ClusterIP of Service web:80/",
            12,
            Map.of(),
            Map.of("connection refused", 12L),
            Duration.ZERO,
            Duration.ZERO,
            Duration.ZERO,
            Duration.ofSeconds(30),
            List.of("0.100s connection refused"),
            0,
            null);

    String message =
        shouldAnswerBeforeTheChange(refused, "set image web=nginx:1.27", Duration.ofSeconds(30))
            .create(new TextDescription("Test"), RolloutRepresentation.ROLLOUT_REPRESENTATION);

    assertThat(message)
        .isEqualTo(
            String.format(
                "[Test] %n"
                    + "Expecting ClusterIP of Service web:80/ to answer before the change to set image"
                    + " web=nginx:1.27 is sent, but no request succeeded in 30 s; the change was not"
                    + " sent:%n"
                    + "  ClusterIP of Service web:80/: 12 requests, connection refused=12, latency p50"
                    + " 0.0 ms p99 0.0 ms max 0.0 ms, longest gap between successes 30.000s; first"
                    + " failures: [0.100s connection refused]"));
  }
}
