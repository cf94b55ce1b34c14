package dev.rollouttest.junit.internal;

import dev.rollouttest.cluster.KubernetesCluster;
import dev.rollouttest.cluster.KubernetesClusters;
import dev.rollouttest.junit.CleanupMode;
import dev.rollouttest.junit.Manifest;
import dev.rollouttest.junit.NamespaceScope;
import dev.rollouttest.junit.RolloutTest;
import dev.rollouttest.junit.TestNamespace;
import dev.rollouttest.manifest.ManifestDocument;
import dev.rollouttest.rollout.ClusterFaults;
import dev.rollouttest.rollout.Rollouts;
import dev.rollouttest.rollout.Unfinished;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.DynamicTestInvocationContext;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The extension behind {@link RolloutTest}; users name the annotation, never this class.
 *
 * <p>Stateless: the cluster lives in the root store (one per backend for the whole run, closed by
 * JUnit at the end), a namespace in the store of the context that owns it (the class for {@link
 * NamespaceScope#PER_CLASS}, the method otherwise). So the extension is safe under JUnit's parallel
 * execution.
 */
public final class RolloutTestExtension
    implements BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        ParameterResolver,
        TestExecutionExceptionHandler,
        LifecycleMethodExecutionExceptionHandler,
        InvocationInterceptor {

  private static final Logger LOG = LoggerFactory.getLogger("dev.rollouttest.junit.RolloutTest");
  private static final ExtensionContext.Namespace STORE =
      ExtensionContext.Namespace.create(RolloutTestExtension.class);

  /** A namespace owned by a class or method context. */
  private static final class TestNamespaceState {
    final String name;
    final TestSettings settings;
    final KubernetesCluster cluster;
    final AtomicBoolean failed = new AtomicBoolean();

    TestNamespaceState(String name, TestSettings settings, KubernetesCluster cluster) {
      this.name = name;
      this.settings = settings;
      this.cluster = cluster;
    }

    KubernetesClient client() {
      return cluster
          .client()
          .adapt(io.fabric8.kubernetes.client.NamespacedKubernetesClient.class)
          .inNamespace(name);
    }
  }

  /** A started cluster with its fault check registered for the verdicts; JUnit closes it. */
  private record ClusterResource(KubernetesCluster cluster, ClusterFaults.Registration faults)
      implements AutoCloseable {
    static ClusterResource of(KubernetesCluster cluster) {
      return new ClusterResource(
          cluster,
          ClusterFaults.register(
              cluster.client().getConfiguration().getMasterUrl(), cluster::fault));
    }

    @Override
    public void close() {
      try (cluster) {
        faults.close();
      }
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    TestSettings settings = settings(context);
    validateFields(context.getRequiredTestClass());
    if (settings.scope() == NamespaceScope.PER_CLASS) {
      TestNamespaceState state = createNamespace(context, settings, null);
      context.getStore(STORE).put(TestNamespaceState.class, state);
      applyOrRecord(context, state, manifestsOf(context.getRequiredTestClass()));
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    TestSettings settings = settings(context);
    TestNamespaceState state;
    List<ManifestDocument> documents = new ArrayList<>();
    if (settings.scope() == NamespaceScope.PER_METHOD) {
      state = createNamespace(context, settings, context.getRequiredTestMethod().getName());
      context.getStore(STORE).put(TestNamespaceState.class, state);
      documents.addAll(manifestsOf(context.getRequiredTestClass()));
    } else {
      state = classState(context).orElseThrow();
    }
    documents.addAll(manifestsOf(context.getRequiredTestMethod()));
    injectFields(context, state);
    applyOrRecord(context, state, documents);
  }

  @Override
  public void interceptTestMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext extensionContext)
      throws Throwable {
    proceedRequiringFinished(invocation);
  }

  @Override
  public void interceptTestTemplateMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext extensionContext)
      throws Throwable {
    proceedRequiringFinished(invocation);
  }

  @Override
  public void interceptDynamicTest(
      Invocation<Void> invocation,
      DynamicTestInvocationContext invocationContext,
      ExtensionContext extensionContext)
      throws Throwable {
    proceedRequiringFinished(invocation);
  }

  /**
   * Runs a test and fails it when it left a change unsent or a rollout assertion without its
   * verdict: such code compiles and checks nothing. A test that fails anyway keeps its own failure.
   */
  private static void proceedRequiringFinished(Invocation<Void> invocation) throws Throwable {
    Unfinished.takeOpen();
    try {
      invocation.proceed();
    } catch (Throwable failed) {
      Unfinished.takeOpen();
      throw failed;
    }
    List<Unfinished.Ticket> open = Unfinished.takeOpen();
    if (!open.isEmpty()) {
      throw new AssertionError(Unfinished.describe(open));
    }
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable throwable)
      throws Throwable {
    throw recordFailure(context, throwable);
  }

  @Override
  public void handleBeforeEachMethodExecutionException(
      ExtensionContext context, Throwable throwable) throws Throwable {
    throw recordFailure(context, throwable);
  }

  @Override
  public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
      throws Throwable {
    throw recordFailure(context, throwable);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Optional<TestNamespaceState> own =
        Optional.ofNullable(
            context.getStore(STORE).get(TestNamespaceState.class, TestNamespaceState.class));
    boolean failed = context.getExecutionException().isPresent();
    if (failed) {
      // e.g. an @AfterEach method failed: still write the bundle, if none was written for this test
      recordFailure(context, context.getExecutionException().get());
    }
    if (own.isPresent()
        && own.get() != classState(context.getParent().orElseThrow()).orElse(null)) {
      cleanUp(own.get(), failed);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Optional<TestNamespaceState> state = classState(context);
    if (state.isPresent()) {
      boolean failed = state.get().failed.get() || context.getExecutionException().isPresent();
      cleanUp(state.get(), failed);
    }
  }

  // --- parameters and fields
  // -------------------------------------------------------------------------------------

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
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

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (type == KubernetesCluster.class && !parameter.isAnnotated(TestNamespace.class)) {
      return cluster(context, settings(context));
    }
    TestNamespaceState state =
        currentState(context)
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
      return Rollouts.in(state.client());
    }
    return type == String.class ? state.name : state.client();
  }

  private static void validateFields(Class<?> testClass) {
    for (Field field :
        AnnotationSupport.findAnnotatedFields(
            testClass, TestNamespace.class, f -> true, HierarchyTraversalMode.TOP_DOWN)) {
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

  private static void injectFields(ExtensionContext context, TestNamespaceState state) {
    for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
      for (Field field :
          AnnotationSupport.findAnnotatedFields(
              instance.getClass(),
              TestNamespace.class,
              f -> true,
              HierarchyTraversalMode.TOP_DOWN)) {
        try {
          field.setAccessible(true);
          field.set(instance, state.name);
        } catch (IllegalAccessException e) {
          throw new ExtensionConfigurationException(
              "Cannot inject @TestNamespace into field " + field, e);
        }
      }
    }
  }

  // --- namespaces, manifests, failures
  // ------------------------------------------------------------------------------

  private static TestSettings settings(ExtensionContext context) {
    Class<?> testClass = context.getRequiredTestClass();
    RolloutTest annotation =
        AnnotationSupport.findAnnotation(testClass, RolloutTest.class)
            .orElseThrow(
                () ->
                    new ExtensionConfigurationException(
                        testClass.getName() + " is not annotated @RolloutTest"));
    return context
        .getStore(STORE)
        .getOrComputeIfAbsent(
            TestSettings.class.getName() + ":" + testClass.getName(),
            k -> TestSettings.of(context, annotation),
            TestSettings.class);
  }

  private static KubernetesCluster cluster(ExtensionContext context, TestSettings settings) {
    String backend = settings.cluster().backend();
    String pods = settings.cluster().localPods();
    return context
        .getRoot()
        .getStore(STORE)
        .getOrComputeIfAbsent(
            "cluster:" + backend + ":" + pods,
            key -> {
              LOG.info(
                  "Starting the Kubernetes cluster for this test run (backend {}, {} pods)",
                  backend,
                  pods);
              try {
                return ClusterResource.of(KubernetesClusters.start(settings.cluster()));
              } catch (dev.rollouttest.cluster.local.RealPodsUnavailableException e) {
                throw new org.opentest4j.TestAbortedException(e.getMessage(), e);
              }
            },
            ClusterResource.class)
        .cluster();
  }

  private static TestNamespaceState createNamespace(
      ExtensionContext context, TestSettings settings, String method) {
    KubernetesCluster cluster = cluster(context, settings);
    String name = NamespaceNames.forTest(context.getRequiredTestClass().getSimpleName(), method);
    long started = System.nanoTime();
    cluster.createNamespace(
        name,
        Map.of(
            "rollout-test.dev/test-class",
            NamespaceNames.labelValue(context.getRequiredTestClass().getSimpleName())),
        Map.of(
            "rollout-test.dev/test-unique-id", context.getUniqueId(),
            "rollout-test.dev/test-display-name", context.getDisplayName()));
    LOG.info(
        "Namespace {} ready for {} in {} ms",
        name,
        context.getDisplayName(),
        (System.nanoTime() - started) / 1_000_000);
    return new TestNamespaceState(name, settings, cluster);
  }

  private static Optional<TestNamespaceState> classState(ExtensionContext context) {
    return context.getTestMethod().isPresent()
        ? context.getParent().flatMap(RolloutTestExtension::classState)
        : Optional.ofNullable(
            context.getStore(STORE).get(TestNamespaceState.class, TestNamespaceState.class));
  }

  private static Optional<TestNamespaceState> currentState(ExtensionContext context) {
    // the store lookup walks up to the class context, so this finds the method's or else the
    // class's namespace
    return Optional.ofNullable(
        context.getStore(STORE).get(TestNamespaceState.class, TestNamespaceState.class));
  }

  private static List<ManifestDocument> manifestsOf(AnnotatedElement element) {
    List<ManifestDocument> documents = new ArrayList<>();
    Class<?> testClass =
        element instanceof Class<?> c
            ? c
            : ((java.lang.reflect.Method) element).getDeclaringClass();
    for (Manifest manifest :
        AnnotationSupport.findAnnotation(element, Manifest.class).stream().toList()) {
      for (String reference : manifest.value()) {
        documents.addAll(ManifestFiles.load(testClass, reference));
      }
    }
    return documents;
  }

  private static void applyOrRecord(
      ExtensionContext context, TestNamespaceState state, List<ManifestDocument> documents) {
    if (documents.isEmpty()) {
      return;
    }
    try {
      ManifestApplier.apply(state.client(), state.name, documents, state.settings.timeout());
    } catch (RuntimeException | AssertionError e) {
      throw sneaky(recordFailure(context, e));
    }
  }

  /**
   * Writes the diagnostics bundle once per failing namespace, and attaches a note to the failure
   * saying where it is and whether the namespace is kept.
   */
  private static Throwable recordFailure(ExtensionContext context, Throwable failure) {
    TestNamespaceState state = currentState(context).orElse(null);
    String writtenKey = "diagnostics-written:" + context.getUniqueId();
    if (state == null || context.getStore(STORE).get(writtenKey) != null) {
      return failure;
    }
    context.getStore(STORE).put(writtenKey, Boolean.TRUE);
    state.failed.set(true);
    try {
      Path root = state.settings.diagnostics();
      if (context.getTestMethod().isPresent()
          && state.settings.scope() == NamespaceScope.PER_CLASS) {
        root = root.resolve(state.name);
      }
      String bundle =
          context.getTestMethod().isPresent() && state.settings.scope() == NamespaceScope.PER_CLASS
              ? context.getRequiredTestMethod().getName()
              : state.name;
      Path dir =
          Diagnostics.write(
              state.cluster, bundle, state.name, context.getUniqueId(), failure, root);
      publish(context, dir);
      boolean kept = state.settings.cleanup() != CleanupMode.ALWAYS;
      failure.addSuppressed(
          new RolloutTestDiagnostics(
              "Diagnostics of namespace "
                  + state.name
                  + " written to "
                  + dir
                  + "; the namespace is "
                  + (kept
                      ? "kept for inspection (cleanup "
                          + state.settings.cleanup()
                          + "): kubectl --kubeconfig "
                          + state.cluster.kubeconfigFile()
                          + " -n "
                          + state.name
                          + " get all"
                          + (state.cluster.backend().equals("kubeconfig")
                              ? ""
                              : " (until the test run ends and its cluster stops)")
                      : "deleted (cleanup ALWAYS)")));
      LOG.info("Test {} failed; diagnostics in {}", context.getDisplayName(), dir);
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
    return failure;
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

  private static void cleanUp(TestNamespaceState state, boolean failed) {
    CleanupMode mode = state.settings.cleanup();
    if (mode == CleanupMode.ALWAYS || (mode == CleanupMode.ON_SUCCESS && !failed)) {
      long started = System.nanoTime();
      state.cluster.deleteNamespace(state.name);
      LOG.debug(
          "Namespace {} deletion requested in {} ms",
          state.name,
          (System.nanoTime() - started) / 1_000_000);
    } else {
      LOG.info("Namespace {} kept (cleanup {}{})", state.name, mode, failed ? ", test failed" : "");
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
    throw (T) t;
  }
}
