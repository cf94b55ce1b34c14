/**
 * The AssertJ entry points: {@code RolloutAssertions.assertThat(change)} gives a {@link
 * dev.rollouttest.assertions.RolloutAssert} (configure, then one verdict), which gives a {@link
 * dev.rollouttest.assertions.RolloutOutcomeAssert} (queries on the recorded rollout); assertions on
 * Deployments, revisions and history.
 */
@NullMarked
package dev.rollouttest.assertions;

import org.jspecify.annotations.NullMarked;
