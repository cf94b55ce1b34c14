package dev.rollouttest.junit.internal;

import dev.rollouttest.rollout.Unfinished;
import java.util.List;
import org.junit.jupiter.api.extension.InvocationInterceptor.Invocation;

/**
 * The guard around each test: a test that left a rollout change unsent, or a rollout assertion
 * without its verdict, fails, because such code compiles and checks nothing. A test that fails
 * anyway keeps its own failure.
 */
final class UnfinishedChains {

  private UnfinishedChains() {}

  /**
   * Runs the test, then fails it with {@link Unfinished#describe} of the chains it left open, if
   * any. Tickets left by earlier code on this thread are dropped first, so each test answers for
   * its own.
   */
  static void proceedRequiringFinished(Invocation<Void> invocation) throws Throwable {
    Unfinished.takeOpen();
    try {
      invocation.proceed();
    } catch (Throwable failed) {
      Unfinished.takeOpen();
      throw failed;
    }
    List<Unfinished.Ticket> open = Unfinished.takeOpen();
    if (!open.isEmpty()) {
      throw new AssertionError(Unfinished.describe(open));
    }
  }
}
