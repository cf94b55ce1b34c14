package dev.rollouttest.cluster.kubeconfig;

import dev.rollouttest.cluster.ClusterSettings;
import dev.rollouttest.cluster.ConfigurationSource;
import java.nio.file.Path;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Decides which kubeconfig contexts tests may use. Built-in entries may end in {@code *}; entries a
 * user adds through {@value ClusterSettings#KUBECONFIG_ALLOWED_CONTEXTS} are exact names, so that
 * opting a real cluster in always means naming it.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class ContextAllowList {

  private final List<String> builtIn;
  private final List<String> named;

  public ContextAllowList(List<String> entries) {
    this.builtIn =
        entries.stream().filter(ClusterSettings.DEFAULT_ALLOWED_CONTEXTS::contains).toList();
    this.named =
        entries.stream()
            .filter(e -> !ClusterSettings.DEFAULT_ALLOWED_CONTEXTS.contains(e))
            .toList();
  }

  public boolean allows(String context) {
    return named.contains(context)
        || builtIn.stream().anyMatch(pattern -> matches(pattern, context));
  }

  /**
   * Refuses a context that is not on the list, naming it and the setting that would allow it.
   *
   * @throws IllegalStateException when the context is not allowed
   */
  public void check(String context, Path kubeconfig) {
    if (!allows(context)) {
      throw new IllegalStateException(
          "Refusing to run tests against kubeconfig context '"
              + context
              + "' of "
              + kubeconfig
              + ": it is not on the allow-list "
              + builtIn
              + (named.isEmpty() ? "" : " + " + named)
              + ". Tests create and delete namespaces, Deployments and pods there. If that cluster is disposable, "
              + "name the context exactly in "
              + ClusterSettings.KUBECONFIG_ALLOWED_CONTEXTS
              + "="
              + context
              + " (a JUnit configuration parameter, a system property, or the environment variable "
              + ConfigurationSource.environmentVariable(ClusterSettings.KUBECONFIG_ALLOWED_CONTEXTS)
              + ").");
    }
  }

  private static boolean matches(String pattern, String context) {
    return pattern.endsWith("*")
        ? context.startsWith(pattern.substring(0, pattern.length() - 1))
        : pattern.equals(context);
  }
}
