package dev.rollouttest.report;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link RolloutPages} in use per thread. */
final class CurrentPages {

  static final Logger LOG = LoggerFactory.getLogger("dev.rollouttest.RolloutPages");

  static final InheritableThreadLocal<@Nullable RolloutPages> CURRENT =
      new InheritableThreadLocal<>();

  private CurrentPages() {}
}
