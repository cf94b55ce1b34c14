package dev.rollouttest.cluster.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.rollouttest.cluster.ClusterSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContextAllowListTest {

  private static ContextAllowList withUserEntries(String... names) {
    List<String> entries = new ArrayList<>(ClusterSettings.DEFAULT_ALLOWED_CONTEXTS);
    entries.addAll(List.of(names));
    return new ContextAllowList(entries);
  }

  @Test
  void disposable_local_clusters_are_allowed_by_default() {
    ContextAllowList list = withUserEntries();

    assertThat(list.allows("kind-kind")).isTrue();
    assertThat(list.allows("k3d-dev")).isTrue();
    assertThat(list.allows("minikube")).isTrue();
    assertThat(list.allows("docker-desktop")).isTrue();
    assertThat(list.allows("rancher-desktop")).isTrue();
    assertThat(list.allows("rollout-test-local")).isTrue();
  }

  @Test
  void other_contexts_are_refused_by_default() {
    ContextAllowList list = withUserEntries();

    assertThat(list.allows("prod-eu-west")).isFalse();
    assertThat(list.allows("minikube-prod")).isFalse();
    assertThat(list.allows("arn:aws:eks:eu-west-1:1234:cluster/kind-lookalike")).isFalse();
  }

  @Test
  void a_refusal_names_the_context_the_file_and_the_setting_that_would_allow_it() {
    assertThatIllegalStateException()
        .isThrownBy(() -> withUserEntries().check("prod-eu-west", Path.of("/home/u/.kube/config")))
        .withMessage(
            "Refusing to run tests against kubeconfig context 'prod-eu-west' of /home/u/.kube/config: it is not on"
                + " the allow-list [kind-*, k3d-*, minikube, docker-desktop, rancher-desktop, rollout-test-*]. Tests"
                + " create and delete namespaces, Deployments and pods there. If that cluster is disposable, name the"
                + " context exactly in rollouttest.kubeconfig.allowedContexts=prod-eu-west (a JUnit configuration"
                + " parameter, a system property, or the environment variable"
                + " ROLLOUTTEST_KUBECONFIG_ALLOWEDCONTEXTS).");
  }

  @Test
  void a_context_named_exactly_is_allowed_and_user_entries_are_not_patterns() {
    ContextAllowList list = withUserEntries("ci-throwaway", "staging-*");

    assertThat(list.allows("ci-throwaway")).isTrue();
    assertThat(list.allows("ci-throwaway-2")).isFalse();
    assertThat(list.allows("staging-eu")).isFalse();
  }
}
