package dev.rollouttest.rollout.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The values of {@code rollouttest.progress}: a positive duration or {@code off}. */
class ProgressSettingTest {

  @AfterEach
  void backToTheDefault() {
    ProgressSetting.set(Optional.of(ProgressSetting.DEFAULT_INTERVAL));
  }

  @Test
  void durations_and_off() {
    assertThat(ProgressSetting.parse(ProgressSetting.KEY, "5s")).contains(Duration.ofSeconds(5));
    assertThat(ProgressSetting.parse(ProgressSetting.KEY, " 10s "))
        .contains(Duration.ofSeconds(10));
    assertThat(ProgressSetting.parse(ProgressSetting.KEY, "500ms"))
        .contains(Duration.ofMillis(500));
    assertThat(ProgressSetting.parse(ProgressSetting.KEY, "1m")).contains(Duration.ofMinutes(1));
    assertThat(ProgressSetting.parse(ProgressSetting.KEY, "PT2.5S"))
        .contains(Duration.ofMillis(2_500));
    assertThat(ProgressSetting.parse(ProgressSetting.KEY, "off")).isEmpty();
    assertThat(ProgressSetting.parse(ProgressSetting.KEY, "OFF")).isEmpty();
  }

  @Test
  void anything_else_names_the_key_and_the_accepted_forms() {
    for (String bad :
        new String[] {"fast", "", "0s", "-5s", "PT-1S", "5", "5 s", "99999999999999999999s"}) {
      assertThatIllegalArgumentException()
          .as(bad)
          .isThrownBy(() -> ProgressSetting.parse("rollouttest.progress", bad))
          .withMessage(
              "Invalid configuration 'rollouttest.progress="
                  + bad
                  + "': expected a duration such as 5s, 10s, 1m or PT2.5S, or off.");
    }
  }

  @Test
  void the_setting_holds_until_set_again() {
    assertThat(ProgressSetting.interval()).contains(Duration.ofSeconds(5));
    ProgressSetting.set(Optional.empty());
    assertThat(ProgressSetting.interval()).isEmpty();
    ProgressSetting.set(Optional.of(Duration.ofSeconds(30)));
    assertThat(ProgressSetting.interval()).contains(Duration.ofSeconds(30));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ProgressSetting.set(Optional.of(Duration.ZERO)));
  }
}
