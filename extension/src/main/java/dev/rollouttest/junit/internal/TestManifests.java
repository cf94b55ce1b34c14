package dev.rollouttest.junit.internal;

import dev.rollouttest.junit.Manifest;
import dev.rollouttest.manifest.ManifestDocument;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The {@link Manifest}s of a test, and applying them into its namespace: those of its class, after
 * those of the enclosing classes of a {@code @Nested} class (outermost first), then the method's.
 */
final class TestManifests {

  private TestManifests() {}

  /**
   * The documents of the context's test class and its enclosing classes, outermost first, each file
   * resolved beside the class that names it.
   */
  static List<ManifestDocument> ofClasses(ExtensionContext context) {
    List<Class<?>> classes = new ArrayList<>(context.getEnclosingTestClasses());
    classes.add(context.getRequiredTestClass());
    List<ManifestDocument> documents = new ArrayList<>();
    for (Class<?> testClass : classes) {
      documents.addAll(load(testClass, testClass));
    }
    return documents;
  }

  /** The documents of a test method, resolved beside the class that declares it. */
  static List<ManifestDocument> ofMethod(Method method) {
    return load(method, method.getDeclaringClass());
  }

  /**
   * Applies the documents into the namespace and waits for their first rollouts; a failure is
   * recorded (diagnostics, namespace kept) and fails the test or class.
   */
  static void apply(
      ExtensionContext context, NamespaceResource namespace, List<ManifestDocument> documents) {
    if (documents.isEmpty()) {
      return;
    }
    try {
      SettledManifests.apply(
          namespace.client(),
          namespace.name(),
          documents,
          namespace.settings().timeout(),
          namespace.clusterScoped());
    } catch (RuntimeException | AssertionError e) {
      FailureRecorder.record(context, e);
      throw e;
    }
  }

  private static List<ManifestDocument> load(AnnotatedElement element, Class<?> testClass) {
    List<ManifestDocument> documents = new ArrayList<>();
    for (Manifest manifest :
        AnnotationSupport.findAnnotation(element, Manifest.class).stream().toList()) {
      for (String reference : manifest.value()) {
        documents.addAll(ManifestFiles.load(testClass, reference));
      }
    }
    return documents;
  }
}
