package dev.rollouttest.cluster.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouttest.testing.LocalClusterExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/**
 * The local backend's run directory holds an admin token, keys (etcd's among them) and kubeconfigs:
 * only its owner may read them while the cluster runs, and they are gone when it stops (the logs
 * stay).
 */
class LocalClusterSecretsTest {

  @Test
  void secrets_are_owner_only_while_the_cluster_runs_and_deleted_when_it_stops()
      throws IOException {
    Path work;
    try (LocalCluster cluster = LocalCluster.start(LocalClusterExtension.settings())) {
      work = cluster.workDirectory();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(work)))
          .isEqualTo("rwx------");
      for (String file :
          java.util.List.of(
              "tokens.csv",
              "sa.key",
              "components.kubeconfig",
              "kubeconfig.yaml",
              "certs/etcd/ca.key",
              "certs/etcd/server.key",
              "certs/etcd/apiserver-client.key")) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(work.resolve(file))))
            .as(file)
            .isEqualTo("rw-------");
      }
    }
    for (String secret : RunDirectory.SECRETS) {
      assertThat(work.resolve(secret)).as(secret).doesNotExist();
    }
    assertThat(work.resolve("etcd")).doesNotExist();
    assertThat(work.resolve("logs/kube-apiserver.log")).exists();
  }

  @Test
  void a_failed_start_leaves_neither_etcd_data_nor_secrets(
      @org.junit.jupiter.api.io.TempDir Path root) throws IOException {
    var settings =
        dev.rollouttest.cluster.ClusterSettings.from(
            dev.rollouttest.cluster.ConfigurationSource.of(
                java.util.Map.of(
                    dev.rollouttest.cluster.ClusterSettings.LOCAL_WORK_DIRECTORY,
                    root.toString(),
                    dev.rollouttest.cluster.ClusterSettings.START_TIMEOUT,
                    "1ms")));

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> LocalCluster.start(settings))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Timed out waiting for");

    Path work;
    try (var runs = Files.list(root)) {
      work = runs.findFirst().orElseThrow();
    }
    assertThat(work.resolve("etcd")).doesNotExist();
    for (String secret : RunDirectory.SECRETS) {
      assertThat(work.resolve(secret)).as(secret).doesNotExist();
    }
    assertThat(work.resolve("logs")).isDirectory();
  }

  @Test
  void a_simulated_cluster_leaves_the_host_as_it_found_it() {
    dev.rollouttest.testing.HostState before = dev.rollouttest.testing.HostState.capture(null);
    try (LocalCluster cluster = LocalCluster.start(LocalClusterExtension.settings())) {
      assertThat(cluster.client().namespaces().withName("default").get()).isNotNull();
    }
    assertThat(dev.rollouttest.testing.HostState.capture(null).differencesFrom(before))
        .as(
            "what a run of the simulated backend changed outside its own and the cache's directories")
        .isEmpty();
  }
}
