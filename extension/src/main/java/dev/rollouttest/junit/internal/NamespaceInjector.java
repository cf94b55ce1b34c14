package dev.rollouttest.junit.internal;

import dev.rollouttest.cluster.KubernetesCluster;
import dev.rollouttest.junit.TestNamespace;
import dev.rollouttest.rollout.Rollouts;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/**
 * What a test is given: parameters of type {@link KubernetesClient} (scoped to its namespace),
 * {@link Rollouts} and {@link KubernetesCluster}, and {@link TestNamespace} {@code String}
 * parameters and fields, those of the enclosing instances of a {@code @Nested} test included.
 * Anything else annotated {@link TestNamespace} is refused, naming the field or parameter.
 */
final class NamespaceInjector {

  private NamespaceInjector() {}

  static boolean supports(ParameterContext parameter) {
    Class<?> type = parameter.getParameter().getType();
    if (parameter.isAnnotated(TestNamespace.class)) {
      if (type != String.class) {
        throw new ParameterResolutionException(
            "Can only inject @TestNamespace into a field or parameter of type String, but parameter #"
                + (parameter.getIndex() + 1)
                + " of "
                + parameter.getDeclaringExecutable()
                + " is of type "
                + type.getName()
                + ".");
      }
      return true;
    }
    return type == KubernetesClient.class
        || type == KubernetesCluster.class
        || type == Rollouts.class;
  }

  static Object resolve(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (type == KubernetesCluster.class && !parameter.isAnnotated(TestNamespace.class)) {
      return SharedClusters.of(context, TestSettings.of(context));
    }
    NamespaceResource namespace =
        NamespaceResource.of(context)
            .orElseThrow(
                () ->
                    new ParameterResolutionException(
                        "No test namespace exists yet for parameter "
                            + parameter.getParameter().getName()
                            + " of "
                            + parameter.getDeclaringExecutable()
                            + ": with namespaceScope PER_METHOD, the namespace is created before each test, so inject"
                            + " it into test methods, @BeforeEach/@AfterEach methods or fields, or use namespaceScope ="
                            + " PER_CLASS."));
    if (type == Rollouts.class) {
      return Rollouts.in(namespace.client());
    }
    return type == String.class ? namespace.name() : namespace.client();
  }

  /** Refuses a {@link TestNamespace} field that cannot take the name, before any test runs. */
  static void validateFields(Class<?> testClass) {
    for (Field field : namespaceFields(testClass)) {
      if (field.getType() != String.class
          || Modifier.isStatic(field.getModifiers())
          || Modifier.isFinal(field.getModifiers())) {
        throw new ExtensionConfigurationException(
            "Can only inject @TestNamespace into a non-static, non-final field or a parameter of type String, but field "
                + field.getName()
                + " of "
                + field.getDeclaringClass().getName()
                + " is "
                + Modifier.toString(field.getModifiers())
                + (Modifier.toString(field.getModifiers()).isEmpty() ? "" : " ")
                + field.getType().getName()
                + ".");
      }
    }
  }

  /**
   * Sets the {@link TestNamespace} fields of the test instance and, for a {@code @Nested} test, of
   * its enclosing instances.
   */
  static void injectFields(ExtensionContext context, NamespaceResource namespace) {
    for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
      for (Field field : namespaceFields(instance.getClass())) {
        try {
          field.setAccessible(true);
          field.set(instance, namespace.name());
        } catch (IllegalAccessException e) {
          throw new ExtensionConfigurationException(
              "Cannot inject @TestNamespace into field " + field, e);
        }
      }
    }
  }

  private static java.util.List<Field> namespaceFields(Class<?> type) {
    return AnnotationSupport.findAnnotatedFields(
        type, TestNamespace.class, f -> true, HierarchyTraversalMode.TOP_DOWN);
  }
}
