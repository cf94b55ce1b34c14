package dev.rollouttest.cluster.local;

import dev.rollouttest.cluster.ClusterSettings;
import dev.rollouttest.cluster.ConfigurationSource;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Run in a child JVM by {@link NoProcessOutlivesTheJvmTest}: starts a local cluster with two nodes,
 * prints the component pids, and waits to be killed.
 */
public final class LocalClusterProcessMain {

  public static void main(String[] args) throws InterruptedException {
    ClusterSettings settings =
        ClusterSettings.from(
            ConfigurationSource.of(
                    Map.of(
                        ClusterSettings.LOCAL_NODES,
                        "2",
                        ClusterSettings.LOCAL_WORK_DIRECTORY,
                        args[0]))
                .orElse(ConfigurationSource.systemPropertiesAndEnvironment()));
    LocalCluster cluster = LocalCluster.start(settings);
    System.out.println(
        "READY nodes="
            + cluster.client().nodes().list().getItems().size()
            + " pids="
            + cluster.componentPids().stream()
                .map(String::valueOf)
                .collect(Collectors.joining(",")));
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
