/**
 * Kubernetes' own rules, each written once and tested against the controller's and kubectl's
 * behaviour: surge and unavailability fenceposts, revision numbers, change-causes, kubectl's
 * rollback and rollout-status rules, proportional scaling. Depends on nothing of ours; usable in
 * your own invariants ({@link dev.rollouttest.invariant.Invariant#satisfies}).
 */
@NullMarked
package dev.rollouttest.kube;

import org.jspecify.annotations.NullMarked;
