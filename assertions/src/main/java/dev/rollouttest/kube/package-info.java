/**
 * Kubernetes' own rules, each written once and tested against the controller's and kubectl's
 * behaviour: surge and unavailability fenceposts, revision numbers, change-causes, kubectl's
 * rollback and rollout-status rules, proportional scaling. Depends on nothing of ours.
 */
@NullMarked
package dev.rollouttest.kube;

import org.jspecify.annotations.NullMarked;
