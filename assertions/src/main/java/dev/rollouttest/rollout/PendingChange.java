package dev.rollouttest.rollout;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A verb of {@link DeploymentRollout} other than a template change (pause, resume, restart, scale,
 * undo), not sent yet: a rollout assertion, or {@link #apply()}, sends it once. It holds an {@link
 * Unfinished} ticket from its creation until it is sent or handed over.
 */
final class PendingChange implements RolloutAction {
  private final DeploymentRollout rollout;
  private final String description;
  private final Supplier<RolloutResult> send;
  private final Unfinished.Ticket ticket;
  private @Nullable RolloutResult result;

  /**
   * @param description kubectl's command, e.g. {@code rollout undo}
   * @param send kubectl's checks and the write, run when the change is sent
   */
  PendingChange(DeploymentRollout rollout, String description, Supplier<RolloutResult> send) {
    this.rollout = rollout;
    this.description = description;
    this.send = send;
    this.ticket = rollout.unsent(description);
  }

  @Override
  public DeploymentRollout rollout() {
    return rollout;
  }

  @Override
  @CanIgnoreReturnValue
  public synchronized RolloutResult apply() {
    ticket.close();
    if (result == null) {
      result = send.get();
    }
    return result;
  }

  @Override
  public void handOver() {
    ticket.close();
  }

  /** {@code rollout undo} before it is sent, kubectl's words for what it did after. */
  @Override
  public String toString() {
    return result == null ? description : result.message();
  }
}
