/**
 * The drivers: {@link dev.rollouttest.rollout.Rollouts} hands out a {@link
 * dev.rollouttest.rollout.DeploymentRollout} whose every verb (update, pause, resume, restart,
 * scale, undo) is a {@link dev.rollouttest.rollout.RolloutAction} not sent yet; the history of
 * revisions; the fail-fast policy; the outcome of a rollout.
 */
@NullMarked
package dev.rollouttest.rollout;

import org.jspecify.annotations.NullMarked;
