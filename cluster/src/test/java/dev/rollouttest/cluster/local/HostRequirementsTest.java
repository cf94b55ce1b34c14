package dev.rollouttest.cluster.local;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A machine that cannot run real pods says why with the exception the extension turns into a
 * skipped test, not a plain failure.
 */
class HostRequirementsTest {

  @Test
  void a_reason_is_a_real_pods_unavailable_exception_naming_it_and_the_way_out() {
    assertThatThrownBy(
            () -> HostRequirements.require("rollouttest.local.pods", Optional.of("not root")))
        .isExactlyInstanceOf(RealPodsUnavailableException.class)
        .hasMessage(
            "The local backend cannot run real pods here (rollouttest.local.pods=real): not root."
                + " Unset rollouttest.local.pods to simulate pods with kwok, or use the k3s backend"
                + " where Docker runs.");
  }

  @Test
  void no_reason_passes() {
    assertThatCode(() -> HostRequirements.require("rollouttest.local.pods", Optional.empty()))
        .doesNotThrowAnyException();
  }
}
