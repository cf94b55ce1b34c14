package dev.rollouttest.junit.internal;

import dev.rollouttest.junit.CleanupMode;
import dev.rollouttest.junit.NamespaceScope;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a test fails in a namespace: the {@link Diagnostics} bundle is written (once
 * per test or class, whichever failure comes first), published through JUnit, the namespace is
 * marked failed, and the failure gets a note saying where the bundle is and whether the namespace
 * is kept.
 */
final class FailureRecorder {

  private static final Logger LOG = LoggerFactory.getLogger("dev.rollouttest.junit.RolloutTest");

  private FailureRecorder() {}

  /**
   * Records a failure of the context's test, or of its class's set-up; returns the failure, for the
   * caller to rethrow. Does nothing when no namespace exists yet, or when this context's bundle was
   * already written.
   */
  static Throwable record(ExtensionContext context, Throwable failure) {
    NamespaceResource namespace = NamespaceResource.of(context).orElse(null);
    String writtenKey = "diagnostics-written:" + context.getUniqueId();
    ExtensionContext.Store store = context.getStore(RolloutTestExtension.STORE);
    if (namespace == null || store.get(writtenKey) != null) {
      return failure;
    }
    store.put(writtenKey, Boolean.TRUE);
    namespace.markFailed();
    try {
      Path dir = write(context, namespace, failure);
      publish(context, dir);
      failure.addSuppressed(new RolloutTestDiagnostics(note(namespace, dir)));
      LOG.info("Test {} failed; diagnostics in {}", context.getDisplayName(), dir);
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
    return failure;
  }

  /**
   * Writes the bundle: {@code <diagnostics>/<namespace>/}, or, for a test of a {@code PER_CLASS}
   * namespace, {@code <diagnostics>/<namespace>/<method>/}.
   */
  private static Path write(
      ExtensionContext context, NamespaceResource namespace, Throwable failure) {
    TestSettings settings = namespace.settings();
    boolean testOfSharedNamespace =
        context.getTestMethod().isPresent() && settings.scope() == NamespaceScope.PER_CLASS;
    Path root =
        testOfSharedNamespace
            ? settings.diagnostics().resolve(namespace.name())
            : settings.diagnostics();
    String bundle =
        testOfSharedNamespace ? context.getRequiredTestMethod().getName() : namespace.name();
    return Diagnostics.write(
        namespace.cluster(), bundle, namespace.name(), context.getUniqueId(), failure, root);
  }

  private static String note(NamespaceResource namespace, Path dir) {
    CleanupMode cleanup = namespace.settings().cleanup();
    boolean kept = cleanup != CleanupMode.ALWAYS;
    return "Diagnostics of namespace "
        + namespace.name()
        + " written to "
        + dir
        + (Files.isRegularFile(dir.resolve(Diagnostics.PAGE))
            ? "; see the rollout: " + dir.resolve(Diagnostics.PAGE).toUri()
            : "")
        + "; the namespace is "
        + (kept
            ? "kept for inspection (cleanup "
                + cleanup
                + "): kubectl --kubeconfig "
                + namespace.cluster().kubeconfigFile()
                + " -n "
                + namespace.name()
                + " get all"
                + (namespace.cluster().backend().equals("kubeconfig")
                    ? ""
                    : " (until the test run ends and its cluster stops)")
            : "deleted (cleanup ALWAYS)");
  }

  private static void publish(ExtensionContext context, Path dir) {
    try {
      context.publishDirectory(
          "rollout-test-diagnostics",
          target -> {
            try (var files = Files.walk(dir)) {
              for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path copy = target.resolve(dir.relativize(file).toString());
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy);
              }
            }
          });
    } catch (RuntimeException | LinkageError e) {
      // platforms without an output directory provider: the bundle under target/ is what counts
      LOG.debug("Could not publish diagnostics through JUnit", e);
    }
  }
}
