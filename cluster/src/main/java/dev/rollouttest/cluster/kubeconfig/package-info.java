/**
 * An existing cluster, named by a kubeconfig context on an allow-list, shared with others: tests
 * stay in their own namespaces.
 */
@NullMarked
package dev.rollouttest.cluster.kubeconfig;

import org.jspecify.annotations.NullMarked;
