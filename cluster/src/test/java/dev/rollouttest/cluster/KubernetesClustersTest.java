package dev.rollouttest.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.rollouttest.cluster.KubernetesClusters.Choice;
import dev.rollouttest.cluster.KubernetesClusters.Environment;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How {@code auto} chooses, with the machine substituted. */
class KubernetesClustersTest {

  private static final ClusterSettings AUTO =
      ClusterSettings.from(ConfigurationSource.of(Map.of()));

  private static Environment machine(boolean docker, boolean binaries, boolean go) {
    return new Environment(() -> docker, () -> binaries, () -> go);
  }

  @Test
  void auto_prefers_k3s_when_docker_answers() {
    assertThat(KubernetesClusters.choose(AUTO, machine(true, true, true)))
        .isEqualTo(new Choice("k3s", "auto: a Docker engine answers"));
  }

  @Test
  void auto_falls_back_to_local_when_its_binaries_are_present() {
    assertThat(KubernetesClusters.choose(AUTO, machine(false, true, false)).backend())
        .isEqualTo("local");
  }

  @Test
  void auto_falls_back_to_local_when_go_can_build_it() {
    assertThat(KubernetesClusters.choose(AUTO, machine(false, false, true)))
        .isEqualTo(
            new Choice(
                "local", "auto: no Docker engine; the local control plane will be built with Go"));
  }

  @Test
  void auto_fails_saying_what_to_install_when_nothing_is_available() {
    assertThatIllegalStateException()
        .isThrownBy(() -> KubernetesClusters.choose(AUTO, machine(false, false, false)))
        .withMessageStartingWith(
            "No Kubernetes backend is available (rollouttest.backend=auto): no Docker engine")
        .withMessageContaining("install Go (https://go.dev/dl)")
        .withMessageContaining("start a Docker engine that allows privileged containers")
        .withMessageContaining("rollouttest.local.binaries")
        .withMessageContaining("rollouttest.backend=kubeconfig");
  }

  @Test
  void a_named_backend_is_taken_as_given_without_probing() {
    Environment probesFail =
        new Environment(
            () -> {
              throw new AssertionError("probed docker");
            },
            () -> {
              throw new AssertionError("probed binaries");
            },
            () -> {
              throw new AssertionError("probed go");
            });

    for (String name : new String[] {"k3s", "local", "kubeconfig"}) {
      assertThat(KubernetesClusters.choose(AUTO.withBackend(name), probesFail).backend())
          .isEqualTo(name);
    }
  }
}
