package dev.rollouttest.model;

import java.time.Duration;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * A time the recorder was blind: one of its watches was down. Entries recorded after it ends
 * arrived late; and when the server had compacted its history meanwhile (410 Gone), the watch was
 * replaced by a re-list, which shows only the state at its end, so what happened inside the gap is
 * not on the timeline.
 *
 * @param watch the kind watched, e.g. {@code Pod}
 * @param from when it went down, since the recording started
 * @param to when it was back, or when the verdict came if it was not back by then
 * @param ended whether it was back before the verdict
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record WatchGap(String watch, Duration from, Duration to, boolean ended) {

  /** {@code between 0.957s and 2.368s (the Pod watch was down)}. */
  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "between %.3fs and %.3fs (the %s watch was down%s)",
        from.toNanos() / 1e9,
        to.toNanos() / 1e9,
        watch,
        ended ? "" : " until the verdict");
  }
}
