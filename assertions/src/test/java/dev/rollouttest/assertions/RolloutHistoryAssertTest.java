package dev.rollouttest.assertions;

import static dev.rollouttest.assertions.Fixtures.history;
import static dev.rollouttest.assertions.RolloutAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

import dev.rollouttest.rollout.RolloutHistory;
import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutHistoryAssertTest {

  private static final String HISTORY =
      "History:%n  2 (web-5d9f7c) nginx:1.27 \"CVE fix\"%n  3 (web-7b8c6d) nginx:1.26 formerly [1]";

  @Test
  void has_revisions() {
    assertThatNoException().isThrownBy(() -> assertThat(history()).hasRevisions(2, 3));
    assertThatExceptionOfType(AssertionError.class)
        .isThrownBy(() -> assertThat(history()).hasRevisions(1, 2))
        .withMessage(
            String.format(
                "%nExpecting the revisions of Deployment shop/web to be:%n  [1, 2]%nbut they are:%n  [2, 3]%n"
                    + HISTORY));
  }

  @Test
  void revision_navigates_or_fails() {
    assertThatNoException()
        .isThrownBy(
            () ->
                assertThat(history())
                    .revision(2)
                    .hasImage("nginx:1.27")
                    .hasImage("web", "nginx:1.27")
                    .hasChangeCause("CVE fix"));
    assertThatExceptionOfType(AssertionError.class)
        .isThrownBy(() -> assertThat(history()).revision(1))
        .withMessage(
            String.format(
                "%nExpecting Deployment shop/web to have revision 1, but its revisions are:%n  [2, 3]%n"
                    + HISTORY));
    assertThatExceptionOfType(AssertionError.class)
        .isThrownBy(() -> assertThat(new RolloutHistory("shop", "web", List.of())).revision(1))
        .withMessageEndingWith(String.format("History:%n  (no revisions)"));
  }

  @Test
  void change_cause() {
    assertThatNoException().isThrownBy(() -> assertThat(history()).revision(3).hasNoChangeCause());
    assertThatExceptionOfType(AssertionError.class)
        .isThrownBy(() -> assertThat(history()).revision(3).hasChangeCause("rollback"))
        .withMessage(
            String.format(
                "%nExpecting revision 3 (web-7b8c6d) nginx:1.26 formerly [1] to have change-cause:%n  \"rollback\"%n"
                    + "but it has none"));
    assertThatExceptionOfType(AssertionError.class)
        .isThrownBy(() -> assertThat(history()).revision(2).hasNoChangeCause())
        .withMessage(
            String.format(
                "%nExpecting revision 2 (web-5d9f7c) nginx:1.27 \"CVE fix\" to have no change-cause, but it has:%n"
                    + "  \"CVE fix\""));
  }

  @Test
  void revision_image() {
    assertThatExceptionOfType(AssertionError.class)
        .isThrownBy(() -> assertThat(history()).revision(2).hasImage("nginx:1.26"))
        .withMessage(
            String.format(
                "%nExpecting:%n  revision 2 (web-5d9f7c) nginx:1.27 \"CVE fix\"%nto run image:%n  \"nginx:1.26\"%n"
                    + "but its containers run:%n  web=nginx:1.27"));
  }

  @Test
  void soft_assertions_collect_every_failure() {
    RolloutSoftAssertions softly = new RolloutSoftAssertions();
    softly.assertThat(history()).hasRevisions(1);
    softly.assertThat(Fixtures.web(3, 3, false)).isPaused();
    softly.assertThat(Fixtures.web(3, 3, false)).hasImage("web", "nginx:1.27");

    assertThatExceptionOfType(AssertionError.class)
        .isThrownBy(softly::assertAll)
        .withMessageContaining("Multiple Failures (2 failures)")
        .withMessageContaining("Expecting the revisions of Deployment shop/web")
        .withMessageContaining("to be paused, but it is not.");
  }
}
