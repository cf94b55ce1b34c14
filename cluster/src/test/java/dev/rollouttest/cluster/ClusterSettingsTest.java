package dev.rollouttest.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterSettingsTest {

  @Test
  void defaults() {
    ClusterSettings settings = ClusterSettings.from(ConfigurationSource.of(Map.of()));

    assertThat(settings.backend()).isEqualTo("auto");
    assertThat(settings.kubernetesVersion()).isEqualTo("v1.36.3");
    assertThat(settings.k3sImage()).isEqualTo("rancher/k3s:v1.36.3-k3s1");
    assertThat(settings.kubeconfigPath()).isEmpty();
    assertThat(settings.kubeconfigContext()).isEmpty();
    assertThat(settings.allowedContexts()).isEqualTo(ClusterSettings.DEFAULT_ALLOWED_CONTEXTS);
    assertThat(settings.localNodes()).isEqualTo(1);
    assertThat(settings.podReadyDelay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(settings.podTerminationDelay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(settings.startTimeout()).isEqualTo(Duration.ofMinutes(3));
    assertThat(settings.allowedClusterScoped()).isEmpty();
  }

  @Test
  void every_key_is_read() {
    ClusterSettings settings =
        ClusterSettings.from(
            ConfigurationSource.of(
                Map.ofEntries(
                    Map.entry("rollouttest.backend", "KubeConfig"),
                    Map.entry("rollouttest.kubernetes.version", "v1.35.4"),
                    Map.entry("rollouttest.kubeconfig.path", "/tmp/kc"),
                    Map.entry("rollouttest.kubeconfig.context", "ci"),
                    Map.entry("rollouttest.kubeconfig.allowedContexts", "ci, staging-throwaway"),
                    Map.entry("rollouttest.local.nodes", "3"),
                    Map.entry("rollouttest.local.podReadyDelay", "250ms"),
                    Map.entry("rollouttest.local.podTerminationDelay", "PT2S"),
                    Map.entry("rollouttest.local.binaries", "/opt/k8s"),
                    Map.entry("rollouttest.local.workDirectory", "/tmp/w"),
                    Map.entry("rollouttest.startTimeout", "2m"),
                    Map.entry(
                        "rollouttest.clusterScoped.allow",
                        "ClusterRole/web-reader, CustomResourceDefinition/widgets.example.com,"))));

    assertThat(settings.backend()).isEqualTo("kubeconfig");
    assertThat(settings.k3sImage()).isEqualTo("rancher/k3s:v1.35.4-k3s1");
    assertThat(settings.kubeconfigPath()).contains(Path.of("/tmp/kc"));
    assertThat(settings.kubeconfigContext()).contains("ci");
    assertThat(settings.allowedContexts()).endsWith("ci", "staging-throwaway");
    assertThat(settings.localNodes()).isEqualTo(3);
    assertThat(settings.podReadyDelay()).isEqualTo(Duration.ofMillis(250));
    assertThat(settings.podTerminationDelay()).isEqualTo(Duration.ofSeconds(2));
    assertThat(settings.localBinaries()).contains(Path.of("/opt/k8s"));
    assertThat(settings.localWorkDirectory()).contains(Path.of("/tmp/w"));
    assertThat(settings.startTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(settings.allowedClusterScoped())
        .containsExactly("ClusterRole/web-reader", "CustomResourceDefinition/widgets.example.com");
    assertThat(settings.withBackend("local").allowedClusterScoped())
        .isEqualTo(settings.allowedClusterScoped());
  }

  @Test
  void invalid_values_name_the_key_and_the_value() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                ClusterSettings.from(ConfigurationSource.of(Map.of("rollouttest.backend", "kind"))))
        .withMessage(
            "Invalid configuration 'rollouttest.backend=kind': expected one of [auto, k3s, local, kubeconfig].");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                ClusterSettings.from(
                    ConfigurationSource.of(Map.of("rollouttest.local.nodes", "0"))))
        .withMessage(
            "Invalid configuration 'rollouttest.local.nodes=0': expected a whole number of at least 1.");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                ClusterSettings.from(
                    ConfigurationSource.of(Map.of("rollouttest.local.podReadyDelay", "soon"))))
        .withMessage(
            "Invalid configuration 'rollouttest.local.podReadyDelay=soon': expected a duration such as 500ms, 2s, 1m"
                + " or PT1.5S.");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                ClusterSettings.from(
                    ConfigurationSource.of(Map.of("rollouttest.kubernetes.version", "1.36"))))
        .withMessageContaining("'rollouttest.kubernetes.version=1.36'");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                ClusterSettings.from(
                    ConfigurationSource.of(
                        Map.of(
                            "rollouttest.clusterScoped.allow",
                            "ClusterRole/web-reader,ClusterRole/*"))))
        .withMessage(
            "Invalid configuration 'rollouttest.clusterScoped.allow=ClusterRole/web-reader,ClusterRole/*':"
                + " 'ClusterRole/*' is not a Kind/name pair such as ClusterRole/web-reader; cluster-scoped"
                + " objects are allowed one by one, by their exact kind and name, without wildcards.");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                ClusterSettings.from(
                    ConfigurationSource.of(
                        Map.of("rollouttest.clusterScoped.allow", "web-reader"))))
        .withMessageContaining("'web-reader' is not a Kind/name pair");
  }

  @Test
  void configuration_sources_chain_and_name_environment_variables() {
    ConfigurationSource first = ConfigurationSource.of(Map.of("a", "1", "blank", "  "));
    ConfigurationSource second = ConfigurationSource.of(Map.of("a", "2", "b", "3", "blank", "4"));

    ConfigurationSource chained = first.orElse(second);

    assertThat(chained.get("a")).contains("1");
    assertThat(chained.get("b")).contains("3");
    assertThat(chained.get("blank")).contains("4");
    assertThat(chained.get("c")).isEqualTo(Optional.empty());
    assertThat(ConfigurationSource.environmentVariable("rollouttest.kubeconfig.allowedContexts"))
        .isEqualTo("ROLLOUTTEST_KUBECONFIG_ALLOWEDCONTEXTS");
  }

  @Test
  void a_misspelt_key_is_refused_with_the_nearest_known_one() {
    assertThatThrownBy(
            () ->
                ClusterSettings.rejectUnknownKeys(
                    Map.of("rollouttest.backnd", "local", "user.home", "/root"),
                    Map.of("ROLLOUTTEST_LOCAL_POD", "real", "PATH", "/bin"),
                    List.of("rollouttest.timeout")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "'rollouttest.backnd' (a system property); did you mean 'rollouttest.backend'?")
        .hasMessageContaining(
            "'ROLLOUTTEST_LOCAL_POD' (an environment variable); did you mean"
                + " 'ROLLOUTTEST_LOCAL_PODS'?");
  }

  @Test
  void known_keys_and_other_variables_pass() {
    ClusterSettings.rejectUnknownKeys(
        Map.of("rollouttest.backend", "local", "rollouttest.timeout", "90s", "java.home", "/j"),
        Map.of("ROLLOUTTEST_LOCAL_PODS", "real", "ROLLOUT_TEST_CACHE_DIR", "/c"),
        List.of("rollouttest.timeout"));
  }
}
