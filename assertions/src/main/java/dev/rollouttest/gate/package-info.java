/**
 * The manifest gate: a next manifest is applied over the current one and undone again, under the
 * invariants, and a failure names the manifest field that governs the broken invariant.
 */
@NullMarked
package dev.rollouttest.gate;

import org.jspecify.annotations.NullMarked;
