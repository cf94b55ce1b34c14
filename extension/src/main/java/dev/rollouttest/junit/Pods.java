package dev.rollouttest.junit;

import org.apiguardian.api.API;

/** Whether the local backend simulates pods or runs them; see {@link RolloutTest#pods()}. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum Pods {
  /** As configured by {@code rollouttest.local.pods}; {@link #SIMULATED} when unset. */
  DEFAULT,
  /**
   * kwok simulates nodes and pods: fast, any image name, but no container runs and no IP answers.
   */
  SIMULATED,
  /**
   * One real node runs every pod: containerd, runc, kubelet and kube-proxy, in namespaces of their
   * own. Images must be loaded ({@code KubernetesCluster.loadImage}) or be the bundled test
   * application ({@code localhost/rollout-test/testapp:v1} and {@code :v2}). Linux and root only;
   * elsewhere the tests are skipped (aborted) with the exact reason, so a CI report shows them.
   */
  REAL
}
