package dev.rollouttest.junit.internal;

import dev.rollouttest.cluster.KubernetesCluster;
import dev.rollouttest.junit.CleanupMode;
import dev.rollouttest.junit.NamespaceScope;
import dev.rollouttest.manifest.ClusterScopedObjects;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A test namespace, kept in the store of the context that owns it: the class for {@link
 * NamespaceScope#PER_CLASS}, the test method otherwise. JUnit closes it when that context ends,
 * after every {@code @AfterEach}/{@code @AfterAll} method and callback, and {@link #close()}
 * deletes it or keeps it according to the {@link CleanupMode}, as JUnit's own {@code @TempDir} does
 * with its directories; the cluster-scoped objects its manifests were allowed to create ({@link
 * ClusterScopedObjects}) go, or stay, with it.
 *
 * <p>A namespace counts as failed when its owning context ended with an exception, or when a
 * failure was recorded against it ({@link #markFailed()}): a class context does not see the
 * failures of its tests, so a failing test of a {@code PER_CLASS} namespace marks it.
 */
final class NamespaceResource implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger("dev.rollouttest.junit.RolloutTest");

  private final String name;
  private final TestSettings settings;
  private final KubernetesCluster cluster;
  private final ExtensionContext owner;
  private final ClusterScopedObjects clusterScoped;
  private final AtomicBoolean failed = new AtomicBoolean();

  private NamespaceResource(
      String name, TestSettings settings, KubernetesCluster cluster, ExtensionContext owner) {
    this.name = name;
    this.settings = settings;
    this.cluster = cluster;
    this.owner = owner;
    this.clusterScoped =
        ClusterScopedObjects.allowing(settings.allowedClusterScoped(), cluster.runId(), name)
            .describingOptIn(TestSettings.HOW_TO_ALLOW_CLUSTER_SCOPED);
  }

  /**
   * Creates a namespace for the context (a class, or a test method) on the run's cluster, named
   * after its test class and method, and puts it in the context's store.
   */
  static NamespaceResource create(ExtensionContext context, TestSettings settings) {
    KubernetesCluster cluster = SharedClusters.of(context, settings);
    String testClass = context.getRequiredTestClass().getSimpleName();
    String name =
        NamespaceNames.forTest(
            testClass, context.getTestMethod().map(Method::getName).orElse(null));
    long started = System.nanoTime();
    cluster.createNamespace(
        name,
        Map.of("rollout-test.dev/test-class", NamespaceNames.labelValue(testClass)),
        Map.of(
            "rollout-test.dev/test-unique-id", context.getUniqueId(),
            "rollout-test.dev/test-display-name", context.getDisplayName()));
    LOG.info(
        "Namespace {} ready for {} in {} ms",
        name,
        context.getDisplayName(),
        (System.nanoTime() - started) / 1_000_000);
    NamespaceResource namespace = new NamespaceResource(name, settings, cluster, context);
    context.getStore(RolloutTestExtension.STORE).put(NamespaceResource.class, namespace);
    return namespace;
  }

  /**
   * The namespace a context works in: its own, or else that of the nearest enclosing context that
   * has one (a store lookup walks up from a method to its class and the enclosing classes).
   */
  static Optional<NamespaceResource> of(ExtensionContext context) {
    return Optional.ofNullable(
        context
            .getStore(RolloutTestExtension.STORE)
            .get(NamespaceResource.class, NamespaceResource.class));
  }

  String name() {
    return name;
  }

  TestSettings settings() {
    return settings;
  }

  KubernetesCluster cluster() {
    return cluster;
  }

  /**
   * The cluster-scoped objects this namespace's manifests may create; those they did are deleted
   * with the namespace.
   */
  ClusterScopedObjects clusterScoped() {
    return clusterScoped;
  }

  /** A client of the cluster whose default namespace is this one. */
  KubernetesClient client() {
    return cluster.client().adapt(NamespacedKubernetesClient.class).inNamespace(name);
  }

  /**
   * Records that a test failed in this namespace, so that {@link CleanupMode#ON_SUCCESS} keeps it.
   */
  void markFailed() {
    failed.set(true);
  }

  @Override
  public void close() {
    boolean hasFailed = failed.get() || owner.getExecutionException().isPresent();
    CleanupMode mode = settings.cleanup();
    if (mode == CleanupMode.ALWAYS || (mode == CleanupMode.ON_SUCCESS && !hasFailed)) {
      long started = System.nanoTime();
      try {
        // first, so that no webhook or binding outlives what it points into
        clusterScoped.deleteApplied(cluster.client());
      } finally {
        cluster.deleteNamespace(name);
      }
      LOG.debug(
          "Namespace {} deletion requested in {} ms",
          name,
          (System.nanoTime() - started) / 1_000_000);
    } else {
      LOG.info(
          "Namespace {} kept (cleanup {}{}){}",
          name,
          mode,
          hasFailed ? ", test failed" : "",
          clusterScoped.applied().isEmpty()
              ? ""
              : ", and with it the cluster-scoped " + clusterScoped.applied());
    }
  }
}
