package dev.rollouttest.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RolloutPagesTest {

  private static final RolloutReport REPORT = RolloutReport.of(RolloutReportTest.rollout());

  @Test
  void without_pages_in_use_nothing_is_written() {
    assertThat(RolloutPages.publish(REPORT)).isEmpty();
  }

  @Test
  void the_pages_in_use_on_the_thread_write_until_closed_and_the_earlier_ones_come_back()
      throws Exception {
    List<String> written = new ArrayList<>();
    try (RolloutPages.Registration outer =
        RolloutPages.useOnThisThread(
            r -> {
              written.add("outer");
              return Optional.of(Path.of("outer.html"));
            })) {
      try (RolloutPages.Registration inner =
          RolloutPages.useOnThisThread(
              r -> {
                written.add("inner");
                return Optional.of(Path.of("inner.html"));
              })) {
        assertThat(RolloutPages.publish(REPORT)).contains(Path.of("inner.html"));
      }
      assertThat(RolloutPages.publish(REPORT)).contains(Path.of("outer.html"));
      // a thread the test starts inherits them
      Thread child = new Thread(() -> RolloutPages.publish(REPORT));
      child.start();
      child.join();
    }
    assertThat(RolloutPages.publish(REPORT)).isEmpty();
    assertThat(written).containsExactly("inner", "outer", "outer");
  }

  @Test
  void pages_that_cannot_be_written_never_fail_the_verdict() {
    try (RolloutPages.Registration r =
        RolloutPages.useOnThisThread(
            report -> {
              throw new IOException("disk full");
            })) {
      assertThat(RolloutPages.publish(REPORT)).isEmpty();
    }
  }
}
