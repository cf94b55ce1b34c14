/**
 * The command line behind {@code bin/rollout-test}: {@code check} (the rollout-safety rules) and
 * {@code gate} (current, next and undo under the invariants), with a JUnit XML report.
 */
@NullMarked
package dev.rollouttest.cli;

import org.jspecify.annotations.NullMarked;
