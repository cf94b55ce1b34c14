package dev.rollouttest.junit;

import dev.rollouttest.junit.internal.RolloutTestExtension;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.TimeUnit;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against a Kubernetes cluster, each test in a namespace of its own.
 *
 * <pre>{@code
 * @RolloutTest
 * @Manifest("web.yaml")
 * class WebRolloutTest {
 *   @Test
 *   void web_is_up(KubernetesClient client, @TestNamespace String namespace) {
 *     assertThat(client.apps().deployments().withName("web").get().getStatus().getAvailableReplicas()).isEqualTo(3);
 *   }
 * }
 * }</pre>
 *
 * <h2>The cluster</h2>
 *
 * One cluster serves the whole test run, shared by every class: started on first use by the
 * configured backend (see {@code ClusterSettings}; {@code auto} by default) and closed by JUnit
 * when the run ends. Classes that name different {@link #backend()}s get one cluster per backend,
 * the backend {@code auto} resolves to counting: where {@code auto} means {@code local}, classes
 * that say either share one cluster.
 *
 * <h2>Namespaces</h2>
 *
 * Named after the test ({@code webrollouttest-web-is-up-x7k2q}: readable, unique, at most 63
 * characters), labelled with the run id ({@code rollout-test.dev/run-id}) and annotated with the
 * test's unique id, and ready once their {@code default} ServiceAccount exists. After the test they
 * are deleted according to {@link #cleanup()}, with the cluster-scoped objects their manifests were
 * allowed to create ({@link #allowClusterScoped()}).
 *
 * <h2>{@code @Nested} classes</h2>
 *
 * A {@code @Nested} class inherits the settings of its enclosing {@code @RolloutTest} class (its
 * own {@code @RolloutTest} wins, if it has one). Its tests get namespaces of their own, one per
 * test method, or one for the nested class with {@link NamespaceScope#PER_CLASS}; the {@link
 * Manifest}s of the enclosing classes are applied too, outermost first, before the nested class's
 * own. The cluster is the run's.
 *
 * <h2>Injection</h2>
 *
 * Parameters of type {@code KubernetesClient} (scoped to the test's namespace), {@code Rollouts}
 * (the rollout drivers of that namespace) and {@code KubernetesCluster}, and {@code String} fields
 * or parameters annotated {@link TestNamespace}; for a {@code @Nested} test, the fields of its
 * enclosing instances too.
 *
 * <h2>When a test fails</h2>
 *
 * Before any {@code @AfterEach} method runs and before the namespace is deleted, a diagnostics
 * bundle is written (events, Deployments, ReplicaSets, Pods, Services and EndpointSlices as YAML,
 * pod logs where pods are real), and the failure says where it is and whether the namespace was
 * kept.
 *
 * <h2>The rollout's page</h2>
 *
 * Every rollout an assertion or a manifest gate judges in a test, passed or failed, gets a
 * self-contained HTML page (pods by revision over time, counts, bounds, writes, violations, probe
 * results) under {@value #REPORTS_DIRECTORY_KEY}, with its timeline as JSON beside it and an {@code
 * index.html} listing the run's rollouts. A failed assertion names its page as a {@code file:} URI,
 * and each page is published to JUnit as a file and a report entry ({@code rollout-page}), which
 * IDEs and build tools show with the test.
 *
 * <h2>Configuration parameters</h2>
 *
 * <ul>
 *   <li>{@value #NAMESPACE_SCOPE_KEY}: {@code per_method} (default) or {@code per_class}
 *   <li>{@value #CLEANUP_KEY}: {@code always}, {@code on_success} (default) or {@code never}
 *   <li>{@value #TIMEOUT_KEY}: how long applied Deployments may take to roll out, e.g. {@code 90s};
 *       {@code 0s} means the default, as {@code timeout = 0} does in the annotation; default 2m
 *   <li>{@value #DIAGNOSTICS_KEY}: where diagnostics bundles go; default {@code
 *       target/rollout-test/diagnostics}
 *   <li>{@value #REPORTS_DIRECTORY_KEY}: where the page of every recorded rollout goes, with an
 *       {@code index.html} per run; default {@code target/rollout-test/reports}
 *   <li>{@value #REPORTS_KEY}: which rollouts get a page: {@code all} (default), {@code failed}
 *       (those whose assertion failed) or {@code off}
 *   <li>{@value #PROGRESS_KEY}: while a verdict (or a manifest's rollout) is awaited, a progress
 *       line every so often, e.g. {@code web: revision 2, 3/6 updated, 5/6 available, 0 violations,
 *       12 s; 2 pods not ready: ImagePullBackOff}, logged at INFO by {@code
 *       dev.rollouttest.RolloutProgress}; none while a rollout is quicker than the interval; a
 *       duration such as {@code 10s}, or {@code off}; default {@code 5s}
 *   <li>{@code rollouttest.clusterScoped.allow}: the cluster-scoped objects manifests may create,
 *       as comma-separated {@code Kind/name} pairs (see {@link #allowClusterScoped()})
 * </ul>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
@ExtendWith(RolloutTestExtension.class)
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public @interface RolloutTest {

  /** Configuration key of the default {@link NamespaceScope}. */
  String NAMESPACE_SCOPE_KEY = "rollouttest.namespace.scope";

  /** Configuration key of the default {@link CleanupMode}. */
  String CLEANUP_KEY = "rollouttest.namespace.cleanup";

  /** Configuration key of the default rollout timeout. */
  String TIMEOUT_KEY = "rollouttest.timeout";

  /** Configuration key of the diagnostics directory. */
  String DIAGNOSTICS_KEY = "rollouttest.diagnostics.directory";

  /** Configuration key of the directory of the rollouts' pages. */
  String REPORTS_DIRECTORY_KEY = "rollouttest.reports.directory";

  /** Configuration key of which rollouts get a page: {@code all}, {@code failed} or {@code off}. */
  String REPORTS_KEY = "rollouttest.reports";

  /** Configuration key of the interval between progress lines while a rollout runs, or off. */
  String PROGRESS_KEY = dev.rollouttest.rollout.internal.ProgressSetting.KEY;

  /**
   * The backend for this class: {@code k3s}, {@code local} or {@code kubeconfig}; empty means
   * configured.
   */
  String backend() default "";

  /**
   * Whether pods are simulated (the default, fast) or run for real on the local backend; other
   * backends run real pods anyway. Classes with different values get different clusters.
   */
  Pods pods() default Pods.DEFAULT;

  /** Whether each test method gets its own namespace (the default) or the class shares one. */
  NamespaceScope namespaceScope() default NamespaceScope.DEFAULT;

  /** When namespaces are deleted. */
  CleanupMode cleanup() default CleanupMode.DEFAULT;

  /**
   * How long applied Deployments may take to finish rolling out, in {@link #timeoutUnit()}; 0 means
   * configured.
   */
  long timeout() default 0;

  /** The unit of {@link #timeout()}. */
  TimeUnit timeoutUnit() default TimeUnit.SECONDS;

  /**
   * The cluster-scoped objects this class's manifests may hold, each an exact {@code Kind/name}
   * pair such as {@code "ClusterRole/web-reader"}, in addition to those of the configuration key
   * {@code rollouttest.clusterScoped.allow}. Every other cluster-scoped document (a ClusterRole, a
   * ClusterRoleBinding, a Namespace, a CRD, a webhook configuration) fails the test before anything
   * is applied: it would outlive the test's namespace and affect every later test. An allowed one
   * is labelled with the run id and the namespace, and deleted with the namespace (kept when the
   * namespace is kept). On the {@code kubeconfig} backend, a shared cluster, only the configuration
   * key allows them: its client refuses the others.
   */
  String[] allowClusterScoped() default {};
}
