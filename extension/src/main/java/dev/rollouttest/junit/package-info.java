/**
 * {@link dev.rollouttest.junit.RolloutTest @RolloutTest} and the annotations that go with it: a
 * cluster for the run, a namespace per test, manifests applied.
 */
@NullMarked
package dev.rollouttest.junit;

import org.jspecify.annotations.NullMarked;
