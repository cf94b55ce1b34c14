/**
 * What a recording holds, immutable: a {@link dev.rollouttest.model.Moment} per watch event, the
 * {@link dev.rollouttest.model.RolloutTimeline} of them, and the watch gaps.
 */
@NullMarked
package dev.rollouttest.model;

import org.jspecify.annotations.NullMarked;
