package dev.rollouttest.junit.internal;

import dev.rollouttest.junit.NamespaceScope;
import dev.rollouttest.junit.RolloutTest;
import dev.rollouttest.manifest.ManifestDocument;
import dev.rollouttest.rollout.internal.ProgressSetting;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.DynamicTestInvocationContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * The extension behind {@link RolloutTest}; users name the annotation, never this class. It only
 * says when each part runs:
 *
 * <ul>
 *   <li>before all tests of a class (a {@code @Nested} one too): {@link TestSettings} and the
 *       {@code @TestNamespace} fields are checked, and the progress interval is handed to the
 *       assertions ({@link ProgressSetting}); with {@link NamespaceScope#PER_CLASS} the class's
 *       {@link NamespaceResource} is created and its {@link TestManifests} applied;
 *   <li>before each test: with {@link NamespaceScope#PER_METHOD} the test's namespace is created
 *       and the class manifests applied; then the method's manifests, and the fields are set
 *       ({@link NamespaceInjector});
 *   <li>around each test: {@link UnfinishedChains} fails a test that left a chain unfinished, and
 *       {@link TestPages} (around its {@code @BeforeEach} and {@code @AfterEach} methods too)
 *       writes the page of every rollout it judges;
 *   <li>on a failure, from the test, a lifecycle method or the manifests: {@link FailureRecorder}
 *       writes the diagnostics bundle.
 * </ul>
 *
 * <p>Stateless: the cluster lives in the root store ({@link SharedClusters}, closed by JUnit when
 * the run ends), a namespace in the store of the context that owns it (closed by JUnit when that
 * context ends, which deletes or keeps it). So the extension is safe under JUnit's parallel
 * execution.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class RolloutTestExtension
    implements BeforeAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        ParameterResolver,
        TestExecutionExceptionHandler,
        LifecycleMethodExecutionExceptionHandler,
        InvocationInterceptor {

  /** The store namespace of everything the extension keeps. */
  static final ExtensionContext.Namespace STORE =
      ExtensionContext.Namespace.create(RolloutTestExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    TestSettings settings = TestSettings.of(context);
    ProgressSetting.set(settings.progress());
    NamespaceInjector.validateFields(context.getRequiredTestClass());
    if (settings.scope() == NamespaceScope.PER_CLASS) {
      NamespaceResource namespace = NamespaceResource.create(context, settings);
      TestManifests.apply(context, namespace, TestManifests.ofClasses(context));
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    TestSettings settings = TestSettings.of(context);
    NamespaceResource namespace;
    List<ManifestDocument> documents = new ArrayList<>();
    if (settings.scope() == NamespaceScope.PER_METHOD) {
      namespace = NamespaceResource.create(context, settings);
      documents.addAll(TestManifests.ofClasses(context));
    } else {
      namespace = NamespaceResource.of(context).orElseThrow();
    }
    documents.addAll(TestManifests.ofMethod(context.getRequiredTestMethod()));
    NamespaceInjector.injectFields(context, namespace);
    TestManifests.apply(context, namespace, documents);
  }

  @Override
  public void interceptTestMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext extensionContext)
      throws Throwable {
    try (var pages = TestPages.use(extensionContext)) {
      UnfinishedChains.proceedRequiringFinished(invocation);
    }
  }

  @Override
  public void interceptTestTemplateMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext extensionContext)
      throws Throwable {
    try (var pages = TestPages.use(extensionContext)) {
      UnfinishedChains.proceedRequiringFinished(invocation);
    }
  }

  @Override
  public void interceptDynamicTest(
      Invocation<Void> invocation,
      DynamicTestInvocationContext invocationContext,
      ExtensionContext extensionContext)
      throws Throwable {
    try (var pages = TestPages.use(extensionContext)) {
      UnfinishedChains.proceedRequiringFinished(invocation);
    }
  }

  @Override
  public void interceptBeforeEachMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext extensionContext)
      throws Throwable {
    try (var pages = TestPages.use(extensionContext)) {
      invocation.proceed();
    }
  }

  @Override
  public void interceptAfterEachMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext extensionContext)
      throws Throwable {
    try (var pages = TestPages.use(extensionContext)) {
      invocation.proceed();
    }
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable throwable)
      throws Throwable {
    throw FailureRecorder.record(context, throwable);
  }

  @Override
  public void handleBeforeEachMethodExecutionException(
      ExtensionContext context, Throwable throwable) throws Throwable {
    throw FailureRecorder.record(context, throwable);
  }

  @Override
  public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
      throws Throwable {
    throw FailureRecorder.record(context, throwable);
  }

  /**
   * Writes the bundle of a test that failed after it ran, e.g. in an {@code @AfterEach} method, if
   * none was written for it; the namespace is deleted or kept later, when JUnit closes it.
   */
  @Override
  public void afterEach(ExtensionContext context) {
    context.getExecutionException().ifPresent(failure -> FailureRecorder.record(context, failure));
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return NamespaceInjector.supports(parameter);
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return NamespaceInjector.resolve(parameter, context);
  }
}
