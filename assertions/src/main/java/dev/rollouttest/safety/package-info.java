/**
 * The rollout-safety rules a manifest is checked against before anything runs (e.g. Recreate, no
 * readiness probe).
 */
@NullMarked
package dev.rollouttest.safety;

import org.jspecify.annotations.NullMarked;
