/**
 * The rollout report: one self-contained HTML page per recorded rollout (inline CSS and SVG, no
 * script, no network), drawn from its {@link dev.rollouttest.model.RolloutTimeline}, its {@link
 * dev.rollouttest.invariant.Violation}s and its {@link dev.rollouttest.probe.ProbeResult}s. Knows
 * nothing of JUnit, so the extension and the CLI gate both write it.
 */
@NullMarked
package dev.rollouttest.report;

import org.jspecify.annotations.NullMarked;
