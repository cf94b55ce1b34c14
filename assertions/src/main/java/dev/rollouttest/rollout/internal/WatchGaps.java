package dev.rollouttest.rollout.internal;

import dev.rollouttest.model.WatchGap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The times a recording was blind: per watched kind, when its watch went down, while it is down,
 * and the gaps that are over; with the words the recorder notes on the timeline when a gap begins
 * and ends. Times are since the recording started. Not thread-safe: the recorder calls it under its
 * lock.
 */
final class WatchGaps {

  private final Map<String, Duration> open = new HashMap<>();
  private final List<WatchGap> over = new ArrayList<>();

  /** The watch of {@code kind} failed at {@code at}: a gap begins, unless one is open. */
  void failed(String kind, Duration at) {
    open.putIfAbsent(kind, at);
  }

  /** The note for a watch of {@code kind} that failed with {@code error}. */
  static String failedNote(String kind, Throwable error) {
    return "watch gap: the "
        + kind
        + " watch failed ("
        + error.getMessage()
        + "); it is re-established and re-listed, later moments show the reconciled state";
  }

  /**
   * Whether the watch of {@code kind} is {@code watching} at {@code at}: opens a gap when it is
   * down and none is open, closes the open one when it is back.
   *
   * @return the note for the timeline when a gap began or ended
   */
  Optional<String> update(String kind, boolean watching, Duration at) {
    boolean down = open.containsKey(kind);
    if (!watching && !down) {
      open.put(kind, at);
      return Optional.of("watch gap: the " + kind + " watch stopped; it is being re-established");
    }
    if (watching && down) {
      over.add(new WatchGap(kind, java.util.Objects.requireNonNull(open.remove(kind)), at, true));
      return Optional.of(
          "watch gap ends: the "
              + kind
              + " watch is back; the moments since the gap began arrived late");
    }
    return Optional.empty();
  }

  /** The gaps so far, those still open ending {@code now}, in the order they began. */
  List<WatchGap> soFar(Duration now) {
    List<WatchGap> all = new ArrayList<>(over);
    open.forEach((kind, from) -> all.add(new WatchGap(kind, from, now, false)));
    all.sort(Comparator.comparing(WatchGap::from));
    return all;
  }

  /** Ends the recording's gaps at {@code now}: those still open end there, not reconnected. */
  void endAll(Duration now) {
    List<WatchGap> all = soFar(now);
    over.clear();
    over.addAll(all);
    open.clear();
  }
}
