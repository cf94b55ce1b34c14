/**
 * The recorder: informers on the Deployment, its ReplicaSets, its pods and the EndpointSlices of
 * the Services that select them, folded into one view; a {@link dev.rollouttest.model.Moment} per
 * event; the invariants checked on each; and the verdict (violation, fail-fast, complete by
 * kubectl's rule, timeout) as the timeline's last moment.
 */
@NullMarked
package dev.rollouttest.rollout.internal;

import org.jspecify.annotations.NullMarked;
