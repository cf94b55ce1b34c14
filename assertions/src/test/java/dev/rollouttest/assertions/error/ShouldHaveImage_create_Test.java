package dev.rollouttest.assertions.error;

import static dev.rollouttest.assertions.error.ShouldHaveImage.shouldHaveImage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouttest.assertions.Fixtures;
import dev.rollouttest.assertions.presentation.RolloutRepresentation;
import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.description.TextDescription;
import org.junit.jupiter.api.Test;

class ShouldHaveImage_create_Test {

  private static final Map<String, String> IMAGES = new LinkedHashMap<>();

  static {
    IMAGES.put("web", "nginx:1.27");
    IMAGES.put("proxy", "envoy:1.30");
  }

  private static final String WEB =
      "  Deployment shop/web (revision 2, gen 4, observed 4, 3/3 updated, 3/3 available)%n";

  @Test
  void a_container_of_a_deployment() {
    String message =
        shouldHaveImage(Fixtures.web(3, 3, false), "web", "nginx:1.28", IMAGES)
            .create(new TextDescription("Test"), RolloutRepresentation.ROLLOUT_REPRESENTATION);

    assertThat(message)
        .isEqualTo(
            String.format(
                "[Test] %n"
                    + "Expecting:%n"
                    + WEB
                    + "to run image:%n"
                    + "  \"nginx:1.28\"%n"
                    + "in container \"web\", but its containers run:%n"
                    + "  web=nginx:1.27, proxy=envoy:1.30"));
  }

  @Test
  void some_container_of_a_deployment() {
    String message =
        shouldHaveImage(Fixtures.web(3, 3, false), null, "nginx:1.28", IMAGES)
            .create(new TextDescription(""), RolloutRepresentation.ROLLOUT_REPRESENTATION);

    assertThat(message)
        .isEqualTo(
            String.format(
                "%n"
                    + "Expecting:%n"
                    + WEB
                    + "to run image:%n"
                    + "  \"nginx:1.28\"%n"
                    + "but its containers run:%n"
                    + "  web=nginx:1.27, proxy=envoy:1.30"));
  }

  @Test
  void a_revision() {
    var revision = Fixtures.history().revisions().get(0);

    assertThat(
            shouldHaveImage(revision, null, "nginx:1.26")
                .create(new TextDescription(""), RolloutRepresentation.ROLLOUT_REPRESENTATION))
        .isEqualTo(
            String.format(
                "%n"
                    + "Expecting:%n"
                    + "  revision 2 (web-5d9f7c) nginx:1.27 \"CVE fix\"%n"
                    + "to run image:%n"
                    + "  \"nginx:1.26\"%n"
                    + "but its containers run:%n"
                    + "  web=nginx:1.27"));
    assertThat(
            shouldHaveImage(revision, "web", "nginx:1.26")
                .create(new TextDescription(""), RolloutRepresentation.ROLLOUT_REPRESENTATION))
        .isEqualTo(
            String.format(
                "%n"
                    + "Expecting:%n"
                    + "  revision 2 (web-5d9f7c) nginx:1.27 \"CVE fix\"%n"
                    + "to run image:%n"
                    + "  \"nginx:1.26\"%n"
                    + "in container \"web\", but its containers run:%n"
                    + "  web=nginx:1.27"));
  }
}
