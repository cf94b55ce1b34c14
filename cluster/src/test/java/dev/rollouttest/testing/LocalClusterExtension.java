package dev.rollouttest.testing;

import dev.rollouttest.cluster.ClusterSettings;
import dev.rollouttest.cluster.ConfigurationSource;
import dev.rollouttest.cluster.KubernetesCluster;
import dev.rollouttest.cluster.local.LocalCluster;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands this project's own tests one local cluster per test run, shared across classes and closed
 * by JUnit at the end (root store). Pod timings are short so the suite stays fast.
 */
public final class LocalClusterExtension implements ParameterResolver {

  /** The settings of the shared cluster: 500 ms to Ready, 500 ms Terminating. */
  public static ClusterSettings settings() {
    return ClusterSettings.from(
        ConfigurationSource.of(
                Map.of(
                    ClusterSettings.LOCAL_POD_READY_DELAY, "500ms",
                    ClusterSettings.LOCAL_POD_TERMINATION_DELAY, "500ms"))
            .orElse(ConfigurationSource.systemPropertiesAndEnvironment()));
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == LocalCluster.class || type == KubernetesCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.create(LocalClusterExtension.class))
        .getOrComputeIfAbsent(
            "cluster", key -> new Resource(LocalCluster.start(settings())), Resource.class)
        .cluster;
  }

  private record Resource(LocalCluster cluster) implements AutoCloseable {
    @Override
    public void close() {
      cluster.close();
    }
  }
}
