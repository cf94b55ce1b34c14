/**
 * The Kubernetes clusters tests run on: the backend contract ({@link
 * dev.rollouttest.cluster.KubernetesCluster}), its settings ({@link
 * dev.rollouttest.cluster.ClusterSettings}) and the choice of a backend ({@link
 * dev.rollouttest.cluster.KubernetesClusters}). Knows nothing of JUnit or of the assertions.
 */
@NullMarked
package dev.rollouttest.cluster;

import org.jspecify.annotations.NullMarked;
