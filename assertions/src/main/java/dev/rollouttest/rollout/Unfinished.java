package dev.rollouttest.rollout;

import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * What a test started and did not finish: a change that was never sent, an assertion that never
 * gave its verdict. Such code compiles and checks nothing, so the {@code @RolloutTest} extension
 * fails the test that left any, naming the line that created it.
 *
 * <p>Each change and each rollout assertion opens a {@link Ticket} when it is created, on the
 * creating thread, and closes it when it is sent, handed to an assertion, or has given its verdict.
 * {@link #takeOpen()} returns (and forgets) the tickets the current thread left open. Outside the
 * extension nothing reads them; a thread keeps only its open tickets.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class Unfinished {

  // closed from any thread (a change may be sent elsewhere), so each thread's set is synchronized
  private static final ThreadLocal<Set<Ticket>> OPEN =
      ThreadLocal.withInitial(() -> Collections.synchronizedSet(new LinkedHashSet<>()));
  private static final CodeSource LIBRARY = Unfinished.class.getProtectionDomain().getCodeSource();
  private static final StackWalker WALKER =
      StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

  private Unfinished() {}

  /**
   * Opens a ticket for {@code what}, e.g. {@code the change "set image web=nginx:1.27"}, with the
   * first caller outside this library as the line that created it.
   */
  public static Ticket open(String what, String howToFinish) {
    Ticket ticket = new Ticket(what, howToFinish, creator(), OPEN.get());
    ticket.open.add(ticket);
    return ticket;
  }

  /** The tickets the current thread left open, oldest first; they are forgotten. */
  public static List<Ticket> takeOpen() {
    Set<Ticket> open = OPEN.get();
    synchronized (open) {
      List<Ticket> taken = new ArrayList<>(open);
      open.clear();
      return taken;
    }
  }

  /**
   * The failure of a test that left {@code open} tickets: each with the line that created it and
   * how to finish it.
   */
  public static String describe(List<Ticket> open) {
    StringBuilder b =
        new StringBuilder("The test left ")
            .append(open.size())
            .append(
                open.size() == 1
                    ? " rollout change or assertion"
                    : " rollout changes or assertions")
            .append(" unfinished, so ")
            .append(open.size() == 1 ? "it" : "they")
            .append(" checked nothing:");
    for (int i = 0; i < open.size(); i++) {
      b.append("\n").append(i + 1).append(". ").append(open.get(i));
    }
    return b.toString();
  }

  private static String creator() {
    return WALKER.walk(
        frames ->
            frames
                .filter(f -> !Objects.equals(codeSource(f.getDeclaringClass()), LIBRARY))
                .findFirst()
                .map(f -> f.toStackTraceElement().toString())
                .orElse("(unknown)"));
  }

  private static @Nullable CodeSource codeSource(Class<?> type) {
    return type.getProtectionDomain() == null ? null : type.getProtectionDomain().getCodeSource();
  }

  /** Something started on one thread that must still be finished. */
  @API(status = API.Status.INTERNAL, since = "0.1")
  public static final class Ticket {
    private final String what;
    private final String howToFinish;
    private final String createdAt;
    private final Set<Ticket> open;

    private Ticket(String what, String howToFinish, String createdAt, Set<Ticket> open) {
      this.what = what;
      this.howToFinish = howToFinish;
      this.createdAt = createdAt;
      this.open = open;
    }

    /** Finished: sent, handed over, or given its verdict. */
    public void close() {
      open.remove(this);
    }

    /** The line that created it, as a stack trace element prints it. */
    public String createdAt() {
      return createdAt;
    }

    /**
     * {@code the change "set image web=nginx:1.27", created at WebTest.upgrade(WebTest.java:42),
     * was never sent: ...}.
     */
    @Override
    public String toString() {
      return what + ", created at " + createdAt + ", " + howToFinish;
    }
  }
}
