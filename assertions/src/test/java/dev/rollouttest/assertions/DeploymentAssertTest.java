package dev.rollouttest.assertions;

import static dev.rollouttest.assertions.Fixtures.web;
import static dev.rollouttest.assertions.RolloutAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

import org.junit.jupiter.api.Test;

class DeploymentAssertTest {

  @Test
  void is_paused() {
    // GIVEN / WHEN / THEN
    assertThatNoException().isThrownBy(() -> assertThat(web(3, 3, true)).isPaused());
    assertThatExceptionOfType(AssertionError.class)
        .isThrownBy(() -> assertThat(web(3, 3, false)).as("Test").isPaused())
        .withMessage(
            String.format(
                "[Test] %nExpecting Deployment:%n  Deployment shop/web (revision 2, gen 4, observed 4, 3/3 updated,"
                    + " 3/3 available)%nto be paused, but it is not."));
  }

  @Test
  void is_not_paused() {
    assertThatNoException().isThrownBy(() -> assertThat(web(3, 3, false)).isNotPaused());
    assertThatExceptionOfType(AssertionError.class)
        .isThrownBy(() -> assertThat(web(3, 3, true)).isNotPaused())
        .withMessage(
            String.format(
                "%nExpecting Deployment:%n  Deployment shop/web (revision 2, gen 4, observed 4, 3/3 updated, 3/3"
                    + " available, paused)%nnot to be paused, but it is."));
  }

  @Test
  void has_image() {
    assertThatNoException()
        .isThrownBy(
            () ->
                assertThat(web(3, 3, false)).hasImage("web", "nginx:1.27").hasImage("envoy:1.30"));
    assertThatExceptionOfType(AssertionError.class)
        .isThrownBy(() -> assertThat(web(3, 3, false)).hasImage("web", "nginx:1.28"))
        .withMessage(
            String.format(
                "%nExpecting:%n  Deployment shop/web (revision 2, gen 4, observed 4, 3/3 updated, 3/3 available)%n"
                    + "to run image:%n  \"nginx:1.28\"%nin container \"web\", but its containers run:%n"
                    + "  web=nginx:1.27, proxy=envoy:1.30"));
    assertThatExceptionOfType(AssertionError.class)
        .isThrownBy(() -> assertThat(web(3, 3, false)).hasImage("nginx:1.28"))
        .withMessageContaining(
            "to run image:%n  \"nginx:1.28\"%nbut its containers run:".formatted());
  }

  @Test
  void is_complete() {
    assertThatNoException()
        .isThrownBy(() -> assertThat(web(3, 3, false)).isComplete().hasRevision(2));
    assertThatExceptionOfType(AssertionError.class)
        .isThrownBy(() -> assertThat(web(1, 3, false)).isComplete())
        .withMessage(
            String.format(
                "%nExpecting the rollout of:%n  Deployment shop/web (revision 2, gen 4, observed 4, 1/3 updated, 3/3"
                    + " available)%nto be complete (kubectl rollout status), but kubectl would say:%n"
                    + "  Waiting for deployment \"web\" rollout to finish: 1 out of 3 new replicas have been updated..."));
  }

  @Test
  void has_revision() {
    assertThatExceptionOfType(AssertionError.class)
        .isThrownBy(() -> assertThat(web(3, 3, false)).hasRevision(3))
        .withMessage(
            String.format(
                "%nExpecting the rollout of:%n  Deployment shop/web (revision 2, gen 4, observed 4, 3/3 updated, 3/3"
                    + " available)%nto end at revision 3, but it ended at revision 2."));
  }

  @Test
  void null_actual_is_reported() {
    assertThatExceptionOfType(AssertionError.class)
        .isThrownBy(
            () -> assertThat((io.fabric8.kubernetes.api.model.apps.Deployment) null).isComplete())
        .withMessageContaining("Expecting actual not to be null");
  }
}
