package dev.rollouttest.testing;

import dev.rollouttest.cluster.local.LocalCluster;
import java.io.IOException;

/**
 * Makes the local cluster's kube-controller-manager lag on purpose: {@link #pause} stops the
 * process (SIGSTOP) and the returned handle resumes it (SIGCONT) when closed. While it is stopped,
 * no Deployment, ReplicaSet or EndpointSlice controller acts: writes are not observed. The local
 * backend runs it with {@code --leader-elect=false}, so it carries on where it stopped.
 */
public final class ControllerManager {

  private ControllerManager() {}

  /** Stops kube-controller-manager until the handle is closed. */
  public static Paused pause(LocalCluster cluster) {
    long pid = cluster.components().get("kube-controller-manager");
    signal("-STOP", pid);
    return () -> signal("-CONT", pid);
  }

  /** A stopped kube-controller-manager; closing resumes it. */
  public interface Paused extends AutoCloseable {
    @Override
    void close();
  }

  private static void signal(String signal, long pid) {
    try {
      int exit =
          new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start().waitFor();
      if (exit != 0) {
        throw new IllegalStateException("kill " + signal + " " + pid + " exited with " + exit);
      }
    } catch (IOException e) {
      throw new IllegalStateException("could not signal kube-controller-manager", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while signalling kube-controller-manager", e);
    }
  }
}
