package dev.rollouttest.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouttest.cluster.ConfigurationSource;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Timeout 0 means the default, in the annotation and in the configuration alike; the annotation's
 * cluster-scoped objects add to the configured ones; the progress interval is read and checked.
 */
class TestSettingsTest {

  static ConfigurationSource timeoutKey(String value) {
    return key -> java.util.Optional.ofNullable(Map.of("rollouttest.timeout", value).get(key));
  }

  @Test
  void zero_means_the_default_in_both_places() {
    assertThat(TestSettings.timeout(0, TimeUnit.SECONDS, timeoutKey("0s")))
        .isEqualTo(Duration.ofMinutes(2));
    assertThat(TestSettings.timeout(0, TimeUnit.SECONDS, key -> java.util.Optional.empty()))
        .isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void the_annotation_wins_over_the_configuration() {
    assertThat(TestSettings.timeout(90, TimeUnit.SECONDS, timeoutKey("10s")))
        .isEqualTo(Duration.ofSeconds(90));
    assertThat(TestSettings.timeout(0, TimeUnit.SECONDS, timeoutKey("10s")))
        .isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void progress_lines_every_5_s_unless_configured_otherwise_or_off() {
    assertThat(TestSettings.progress(key -> java.util.Optional.empty()))
        .contains(Duration.ofSeconds(5));
    assertThat(TestSettings.progress(ConfigurationSource.of(Map.of("rollouttest.progress", "10s"))))
        .contains(Duration.ofSeconds(10));
    assertThat(TestSettings.progress(ConfigurationSource.of(Map.of("rollouttest.progress", "off"))))
        .isEmpty();
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                TestSettings.progress(
                    ConfigurationSource.of(Map.of("rollouttest.progress", "fast"))))
        .withMessage(
            "Invalid configuration 'rollouttest.progress=fast': expected a duration such as 5s,"
                + " 10s, 1m or PT2.5S, or off.");
  }

  @dev.rollouttest.junit.RolloutTest(allowClusterScoped = {"ClusterRole/a", "Namespace/extra"})
  static class Annotated {}

  @dev.rollouttest.junit.RolloutTest(allowClusterScoped = "ClusterRole/*")
  static class Wildcard {}

  @Test
  void the_annotation_adds_cluster_scoped_objects_to_the_configured_ones() {
    var configured =
        dev.rollouttest.cluster.ClusterSettings.from(
            ConfigurationSource.of(
                Map.of("rollouttest.clusterScoped.allow", "ClusterRole/a,ClusterRole/b")));

    assertThat(
            TestSettings.allowedClusterScoped(
                configured,
                Annotated.class.getAnnotation(dev.rollouttest.junit.RolloutTest.class),
                Annotated.class))
        .containsExactly("ClusterRole/a", "ClusterRole/b", "Namespace/extra");
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                TestSettings.allowedClusterScoped(
                    configured,
                    Wildcard.class.getAnnotation(dev.rollouttest.junit.RolloutTest.class),
                    Wildcard.class))
        .withMessageStartingWith(
            "Invalid configuration '@RolloutTest(allowClusterScoped) on "
                + Wildcard.class.getName()
                + "': 'ClusterRole/*' is not a Kind/name pair");
  }
}
