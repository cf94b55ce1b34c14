package dev.rollouttest.model;

import org.apiguardian.api.API;

/**
 * Rides on a rollout assertion's failure as a suppressed exception, carrying the recorded timeline,
 * so that whoever handles the failure (the JUnit extension's diagnostics) can save it without any
 * shared state. Open for attachments that carry more of the recording (the report's, with the
 * violations and probe results).
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public class TimelineAttachment extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient RolloutTimeline timeline;

  public TimelineAttachment(RolloutTimeline timeline) {
    super(
        "rollout timeline of Deployment "
            + timeline.namespace()
            + "/"
            + timeline.deployment()
            + ": "
            + timeline.moments().size()
            + " moments",
        null,
        false,
        false);
    this.timeline = timeline;
  }

  /** The timeline; null after deserialization. */
  public RolloutTimeline timeline() {
    return timeline;
  }

  /** The first timeline attached to a failure, its causes or their suppressed exceptions. */
  public static java.util.Optional<RolloutTimeline> find(Throwable failure) {
    return attachment(failure).map(a -> a.timeline);
  }

  /**
   * The first attachment (with its timeline) on a failure, its causes or their suppressed
   * exceptions.
   */
  public static java.util.Optional<TimelineAttachment> attachment(Throwable failure) {
    java.util.Set<Throwable> seen =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    java.util.Deque<Throwable> todo = new java.util.ArrayDeque<>();
    todo.add(failure);
    while (!todo.isEmpty()) {
      Throwable t = todo.poll();
      if (t == null || !seen.add(t)) {
        continue;
      }
      if (t instanceof TimelineAttachment a && a.timeline != null) {
        return java.util.Optional.of(a);
      }
      if (t.getCause() != null) {
        todo.add(t.getCause());
      }
      todo.addAll(java.util.List.of(t.getSuppressed()));
    }
    return java.util.Optional.empty();
  }
}
