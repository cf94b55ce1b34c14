/**
 * The local backend: etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok
 * (simulated pods) or one real node (kubelet, containerd, kube-proxy), built from pinned Go modules
 * into a cache, run under a watchdog, with every file under the run's or the cache's directory.
 */
@NullMarked
package dev.rollouttest.cluster.local;

import org.jspecify.annotations.NullMarked;
