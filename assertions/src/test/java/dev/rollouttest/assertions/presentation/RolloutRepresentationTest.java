package dev.rollouttest.assertions.presentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.presentation.StandardRepresentation.STANDARD_REPRESENTATION;

import dev.rollouttest.assertions.Fixtures;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.assertj.core.configuration.ConfigurationProvider;
import org.assertj.core.presentation.CompositeRepresentation;
import org.junit.jupiter.api.Test;

/**
 * The representation rollout-test registers with AssertJ formats its Kubernetes objects and leaves
 * every other object, and so a test's own messages, to AssertJ.
 */
class RolloutRepresentationTest {

  private static final String WEB =
      "Deployment shop/web (revision 2, gen 4, observed 4, 3/3 updated, 3/3 available)";

  private record Point(int x, int y) {}

  private static String failure(ThrowingCallable assertion) {
    return catchThrowableOfType(AssertionError.class, assertion).getMessage();
  }

  @Test
  void it_is_registered_with_assertj() {
    assertThat(ConfigurationProvider.CONFIGURATION_PROVIDER.representation())
        .isInstanceOfSatisfying(
            CompositeRepresentation.class,
            c ->
                assertThat(c.getAllRepresentationsOrderedByPriority())
                    .hasAtLeastOneElementOfType(RolloutRepresentation.class));
  }

  @Test
  void a_tests_own_messages_read_as_without_rollout_test() {
    assertThat(failure(() -> assertThat(List.of(1, 2)).isEmpty()))
        .isEqualTo(String.format("%nExpecting empty but was: [1, 2]"))
        .isEqualTo(
            failure(
                () ->
                    assertThat(List.of(1, 2))
                        .withRepresentation(STANDARD_REPRESENTATION)
                        .isEmpty()));
    assertThat(failure(() -> assertThat(new Point(1, 2)).isNull()))
        .isEqualTo(
            failure(
                () ->
                    assertThat(new Point(1, 2))
                        .withRepresentation(STANDARD_REPRESENTATION)
                        .isNull()));
    assertThat(failure(() -> assertThat(Duration.ofSeconds(90)).isZero()))
        .isEqualTo(
            failure(
                () ->
                    assertThat(Duration.ofSeconds(90))
                        .withRepresentation(STANDARD_REPRESENTATION)
                        .isZero()));
  }

  @Test
  void a_representation_the_test_suite_registers_is_still_consulted() {
    assertThat(failure(() -> assertThat(new UsersOwnRepresentation.Money(150)).isNull()))
        .contains("1.50 EUR")
        .doesNotContain("Money[");
  }

  @Test
  void rollout_tests_objects_are_one_line_in_a_tests_own_messages() {
    assertThat(failure(() -> assertThat((Object) Fixtures.web(3, 3, false)).isNull()))
        .contains(WEB)
        .doesNotContain("DeploymentSpec");
  }

  @Test
  void every_other_object_is_handed_back_to_assertj() {
    RolloutRepresentation representation = new RolloutRepresentation();

    for (Object foreign :
        List.of(List.of(1, 2), "text", 42L, Duration.ofSeconds(90), new Point(1, 2))) {
      assertThat(representation.toStringOf(foreign)).as("%s", foreign).isNull();
      assertThat(representation.unambiguousToStringOf(foreign)).as("%s", foreign).isNull();
    }
    assertThat(representation.toStringOf(Fixtures.web(3, 3, false))).isEqualTo(WEB);
    assertThat(representation.unambiguousToStringOf(Fixtures.web(3, 3, false)))
        .startsWith(WEB + " (Deployment@");
  }

  @Test
  void the_assertions_print_other_objects_exactly_as_assertj_and_these_inside_collections() {
    for (Object foreign :
        List.of(
            List.of(1, 2), "text", 42L, Duration.ofSeconds(90), Map.of("a", 1), new Point(1, 2))) {
      assertThat(RolloutRepresentation.ROLLOUT_REPRESENTATION.toStringOf(foreign))
          .isEqualTo(STANDARD_REPRESENTATION.toStringOf(foreign));
    }
    assertThat(
            RolloutRepresentation.ROLLOUT_REPRESENTATION.toStringOf(
                List.of(Fixtures.web(3, 3, false))))
        .isEqualTo("[" + WEB + "]");
  }
}
