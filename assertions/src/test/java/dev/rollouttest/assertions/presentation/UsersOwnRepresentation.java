package dev.rollouttest.assertions.presentation;

import org.assertj.core.presentation.Representation;

/**
 * A representation a test suite registers for its own type, at AssertJ's default priority (below
 * rollout-test's): AssertJ must still consult it, so rollout-test's must return {@code null} for
 * what it does not print.
 */
public class UsersOwnRepresentation implements Representation {

  /** A type of the test suite's own. */
  public record Money(long cents) {}

  @Override
  public String toStringOf(Object object) {
    return object instanceof Money m
        ? String.format("%d.%02d EUR", m.cents() / 100, m.cents() % 100)
        : null;
  }
}
