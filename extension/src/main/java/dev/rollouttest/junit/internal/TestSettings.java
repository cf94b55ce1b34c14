package dev.rollouttest.junit.internal;

import dev.rollouttest.cluster.ClusterSettings;
import dev.rollouttest.cluster.ConfigurationSource;
import dev.rollouttest.junit.CleanupMode;
import dev.rollouttest.junit.NamespaceScope;
import dev.rollouttest.junit.RolloutTest;
import dev.rollouttest.rollout.internal.ProgressSetting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * A test class's effective settings: its {@link RolloutTest} attributes (a {@code @Nested} class's
 * are those of its enclosing class) over the configured defaults.
 */
record TestSettings(
    ClusterSettings cluster,
    NamespaceScope scope,
    CleanupMode cleanup,
    Duration timeout,
    Path diagnostics,
    Path reports,
    PageMode pages,
    List<String> allowedClusterScoped,
    Optional<Duration> progress) {

  /** Where a user allows a cluster-scoped object, for the message that refuses one. */
  static final String HOW_TO_ALLOW_CLUSTER_SCOPED =
      "@RolloutTest(allowClusterScoped = ...) or the configuration key "
          + ClusterSettings.CLUSTER_SCOPED_ALLOW;

  TestSettings {
    allowedClusterScoped = List.copyOf(allowedClusterScoped);
  }

  /**
   * The settings of the context's test class: its {@link RolloutTest}, or that of the nearest
   * enclosing class for a {@code @Nested} class, over the configured defaults. Computed once per
   * class and kept in the class's store.
   */
  static TestSettings of(ExtensionContext context) {
    Class<?> testClass = context.getRequiredTestClass();
    RolloutTest annotation =
        AnnotationSupport.findAnnotation(
                testClass, RolloutTest.class, context.getEnclosingTestClasses())
            .orElseThrow(
                () ->
                    new ExtensionConfigurationException(
                        testClass.getName() + " is not annotated @RolloutTest"));
    return context
        .getStore(RolloutTestExtension.STORE)
        .getOrComputeIfAbsent(
            TestSettings.class.getName() + ":" + testClass.getName(),
            key -> of(context, annotation),
            TestSettings.class);
  }

  static TestSettings of(ExtensionContext context, RolloutTest annotation) {
    ConfigurationSource source =
        ((ConfigurationSource) context::getConfigurationParameter)
            .orElse(ConfigurationSource.systemPropertiesAndEnvironment());
    if (!annotation.backend().isEmpty()) {
      source =
          ConfigurationSource.of(java.util.Map.of(ClusterSettings.BACKEND, annotation.backend()))
              .orElse(source);
    }
    if (annotation.pods() != dev.rollouttest.junit.Pods.DEFAULT) {
      source =
          ConfigurationSource.of(
                  java.util.Map.of(
                      ClusterSettings.LOCAL_PODS,
                      annotation.pods().name().toLowerCase(Locale.ROOT)))
              .orElse(source);
    }
    ClusterSettings.rejectUnknownKeys(
        List.of(
            RolloutTest.NAMESPACE_SCOPE_KEY,
            RolloutTest.CLEANUP_KEY,
            RolloutTest.TIMEOUT_KEY,
            RolloutTest.DIAGNOSTICS_KEY,
            RolloutTest.REPORTS_DIRECTORY_KEY,
            RolloutTest.REPORTS_KEY,
            RolloutTest.PROGRESS_KEY));
    ClusterSettings cluster = ClusterSettings.from(source);
    NamespaceScope scope =
        annotation.namespaceScope() != NamespaceScope.DEFAULT
            ? annotation.namespaceScope()
            : parse(
                source,
                RolloutTest.NAMESPACE_SCOPE_KEY,
                NamespaceScope.class,
                NamespaceScope.PER_METHOD);
    CleanupMode cleanup =
        annotation.cleanup() != CleanupMode.DEFAULT
            ? annotation.cleanup()
            : parse(source, RolloutTest.CLEANUP_KEY, CleanupMode.class, CleanupMode.ON_SUCCESS);
    if (annotation.timeout() < 0) {
      throw new IllegalArgumentException(
          "@RolloutTest(timeout = "
              + annotation.timeout()
              + ") on "
              + context.getRequiredTestClass().getName()
              + " must not be negative.");
    }
    Duration timeout = timeout(annotation.timeout(), annotation.timeoutUnit(), source);
    Path diagnostics =
        source
            .get(RolloutTest.DIAGNOSTICS_KEY)
            .map(Path::of)
            .orElse(Path.of("target", "rollout-test", "diagnostics"));
    Path reports =
        source
            .get(RolloutTest.REPORTS_DIRECTORY_KEY)
            .map(Path::of)
            .orElse(Path.of("target", "rollout-test", "reports"));
    PageMode pages = parse(source, RolloutTest.REPORTS_KEY, PageMode.class, PageMode.ALL);
    return new TestSettings(
        cluster,
        scope,
        cleanup,
        timeout,
        diagnostics,
        reports,
        pages,
        allowedClusterScoped(cluster, annotation, context.getRequiredTestClass()),
        progress(source));
  }

  /**
   * The interval between progress lines ({@link RolloutTest#PROGRESS_KEY}); empty when {@code off}.
   */
  static Optional<Duration> progress(ConfigurationSource source) {
    return source
        .get(RolloutTest.PROGRESS_KEY)
        .map(v -> ProgressSetting.parse(RolloutTest.PROGRESS_KEY, v))
        .orElse(Optional.of(ProgressSetting.DEFAULT_INTERVAL));
  }

  /**
   * The configured cluster-scoped objects and those of the annotation. Only the configured ones
   * reach the {@code kubeconfig} backend's guard, which is made once for the run.
   */
  static List<String> allowedClusterScoped(
      ClusterSettings cluster, RolloutTest annotation, Class<?> testClass) {
    Set<String> allowed = new LinkedHashSet<>(cluster.allowedClusterScoped());
    allowed.addAll(
        ClusterSettings.kindNames(
            "@RolloutTest(allowClusterScoped) on " + testClass.getName(),
            List.of(annotation.allowClusterScoped())));
    return List.copyOf(allowed);
  }

  /**
   * The annotation's timeout when positive, else the configured one; 0, in either place, means the
   * default, 2 minutes.
   */
  static Duration timeout(
      long annotated, java.util.concurrent.TimeUnit unit, ConfigurationSource source) {
    if (annotated > 0) {
      return Duration.ofNanos(unit.toNanos(annotated));
    }
    return source
        .get(RolloutTest.TIMEOUT_KEY)
        .map(v -> ClusterSettings.parseDuration(RolloutTest.TIMEOUT_KEY, v))
        .filter(d -> !d.isZero())
        .orElse(Duration.ofMinutes(2));
  }

  private static <E extends Enum<E>> E parse(
      ConfigurationSource source, String key, Class<E> type, E fallback) {
    Optional<String> value = source.get(key);
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      E parsed = Enum.valueOf(type, value.get().toUpperCase(Locale.ROOT).replace('-', '_'));
      if (parsed.name().equals("DEFAULT")) {
        throw new IllegalArgumentException();
      }
      return parsed;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Invalid configuration '"
              + key
              + "="
              + value.get()
              + "': expected one of "
              + java.util.Arrays.stream(type.getEnumConstants())
                  .filter(c -> !c.name().equals("DEFAULT"))
                  .map(c -> c.name().toLowerCase(Locale.ROOT))
                  .toList()
              + ".");
    }
  }
}
