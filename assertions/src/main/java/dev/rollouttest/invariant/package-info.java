/**
 * Invariants: pure functions of the baseline and a {@link dev.rollouttest.model.Moment}, each of a
 * {@link dev.rollouttest.invariant.Invariant.Kind}, checked at every moment of a rollout; the first
 * breach of each is a {@link dev.rollouttest.invariant.Violation}.
 */
@NullMarked
package dev.rollouttest.invariant;

import org.jspecify.annotations.NullMarked;
