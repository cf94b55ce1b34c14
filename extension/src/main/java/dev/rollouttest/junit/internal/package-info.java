/**
 * The extension behind {@link dev.rollouttest.junit.RolloutTest @RolloutTest}: settings, the run's
 * clusters and the tests' namespaces as resources JUnit closes, manifests, injection, diagnostics
 * on failure. Not API: users name the annotations, never these classes.
 */
@NullMarked
package dev.rollouttest.junit.internal;

import org.jspecify.annotations.NullMarked;
