package dev.rollouttest.junit;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.rollouttest.cluster.KubernetesCluster;
import dev.rollouttest.cluster.local.LocalCluster;
import dev.rollouttest.testing.LocalClusterExtension;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * {@link RolloutTest} through the JUnit engine, on the shared local cluster (reached through the
 * kubeconfig backend, so every engine run shares it). The nested {@code *TestCase} classes are the
 * users' tests.
 */
@ExtendWith(LocalClusterExtension.class)
class RolloutTestExtensionTest {

  /** What the test cases saw, by key; cleared before each test of this class. */
  static final Map<String, String> SEEN = new ConcurrentHashMap<>();

  static volatile java.util.concurrent.CyclicBarrier barrier;

  private final LocalCluster cluster;
  @TempDir Path diagnostics;

  RolloutTestExtensionTest(LocalCluster cluster) {
    this.cluster = cluster;
  }

  @BeforeEach
  void clear() {
    SEEN.clear();
  }

  private EngineExecutionResults run(Map<String, String> parameters, Class<?>... testCases) {
    return EngineRuns.run(cluster, diagnostics, parameters, testCases);
  }

  private Namespace namespace(String name) {
    return cluster.client().namespaces().withName(name).get();
  }

  private static boolean deletedOrTerminating(Namespace ns) {
    return ns == null || ns.getMetadata().getDeletionTimestamp() != null;
  }

  // --- a namespace per test
  // ----------------------------------------------------------------------------------------

  @EngineTestCase
  @RolloutTest
  static class NamespacePerTestTestCase {
    @Test
    void first(
        @TestNamespace String namespace, KubernetesClient client, KubernetesCluster cluster) {
      SEEN.put("first", namespace);
      SEEN.put("first.client", client.getNamespace());
      SEEN.put("first.runId", cluster.runId());
    }

    @Test
    void second(@TestNamespace String namespace) {
      SEEN.put("second", namespace);
    }
  }

  @Test
  void each_test_gets_a_traceable_namespace_of_its_own_deleted_after_success() {
    run(Map.of(), NamespacePerTestTestCase.class)
        .testEvents()
        .assertStatistics(s -> s.succeeded(2).failed(0));

    String first = SEEN.get("first");
    assertThat(first).startsWith("namespacepertesttestcase-first-").hasSizeLessThanOrEqualTo(63);
    assertThat(SEEN.get("second"))
        .startsWith("namespacepertesttestcase-second-")
        .isNotEqualTo(first);
    assertThat(SEEN.get("first.client")).isEqualTo(first);
    Namespace ns = namespace(first);
    assertThat(deletedOrTerminating(ns)).as("deleted after success").isTrue();
    if (ns != null) {
      assertThat(ns.getMetadata().getLabels())
          .containsEntry(KubernetesCluster.RUN_ID_LABEL, SEEN.get("first.runId"));
      assertThat(ns.getMetadata().getAnnotations())
          .containsEntry(
              "rollout-test.dev/test-unique-id",
              "[engine:junit-jupiter]/[class:"
                  + NamespacePerTestTestCase.class.getName()
                  + "]/[method:first("
                  + String.class.getName()
                  + ", "
                  + KubernetesClient.class.getName()
                  + ", "
                  + KubernetesCluster.class.getName()
                  + ")]");
    }
  }

  // --- failure: diagnostics first, namespace kept
  // ---------------------------------------------------------------

  @EngineTestCase
  @RolloutTest
  @Manifest("web.yaml")
  static class FailingTestCase {
    @TestNamespace String namespace;

    @Test
    void fails(KubernetesClient client) {
      SEEN.put("namespace", namespace);
      assertThat(
              client.apps().deployments().withName("web").get().getStatus().getAvailableReplicas())
          .isEqualTo(2);
      throw new AssertionError("the test failed on purpose");
    }

    @AfterEach
    void removeTheEvidence(KubernetesClient client) {
      client.apps().deployments().withName("web").delete();
    }
  }

  @Test
  void a_failure_writes_diagnostics_before_after_each_and_keeps_the_namespace() throws Exception {
    Events tests = run(Map.of(), FailingTestCase.class).testEvents();

    tests.assertStatistics(s -> s.failed(1));
    String namespace = SEEN.get("namespace");
    Path bundle = diagnostics.resolve(namespace);
    assertThat(Files.readString(bundle.resolve("deployments.yaml")))
        .as("written before @AfterEach deleted the Deployment")
        .contains("name: \"web\"");
    assertThat(Files.readString(bundle.resolve("pods.yaml"))).contains("app: \"web\"");
    assertThat(bundle.resolve("services.yaml")).content().contains("name: \"web\"");
    assertThat(bundle.resolve("endpointslices.yaml")).exists();
    assertThat(bundle.resolve("events.yaml")).content().contains("ScalingReplicaSet");
    assertThat(bundle.resolve("README.txt"))
        .content()
        .contains("the test failed on purpose", "simulates pods");
    assertThat(deletedOrTerminating(namespace(namespace)))
        .as("kept on failure (ON_SUCCESS)")
        .isFalse();

    Throwable failure =
        tests.failed().stream()
            .findFirst()
            .orElseThrow()
            .getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class)
            .getThrowable()
            .orElseThrow();
    assertThat(failure).hasMessage("the test failed on purpose");
    assertThat(failure.getSuppressed())
        .singleElement()
        .satisfies(
            note ->
                assertThat(note.getMessage())
                    .isEqualTo(
                        "Diagnostics of namespace "
                            + namespace
                            + " written to "
                            + bundle.toAbsolutePath()
                            + "; the namespace is kept for inspection (cleanup ON_SUCCESS): kubectl --kubeconfig "
                            + cluster.kubeconfigFile()
                            + " -n "
                            + namespace
                            + " get all"));
    cluster.client().namespaces().withName(namespace).delete();
  }

  @EngineTestCase
  @RolloutTest
  static class FailingAfterEachTestCase {
    @TestNamespace String namespace;

    @Test
    void passes() {
      SEEN.put("namespace", namespace);
    }

    @AfterEach
    void fails() {
      throw new AssertionError("@AfterEach failed on purpose");
    }
  }

  @Test
  void a_failure_in_after_each_writes_diagnostics_and_keeps_the_namespace() {
    run(Map.of(), FailingAfterEachTestCase.class).testEvents().assertStatistics(s -> s.failed(1));

    String namespace = SEEN.get("namespace");
    assertThat(diagnostics.resolve(namespace).resolve("README.txt"))
        .content()
        .contains("@AfterEach failed on purpose");
    assertThat(deletedOrTerminating(namespace(namespace)))
        .as("kept on failure (ON_SUCCESS)")
        .isFalse();
    cluster.client().namespaces().withName(namespace).delete();
  }

  @EngineTestCase
  @RolloutTest(cleanup = CleanupMode.ALWAYS)
  static class FailingAlwaysCleanedTestCase {
    @Test
    void fails(@TestNamespace String namespace) {
      SEEN.put("namespace", namespace);
      throw new AssertionError("failed");
    }
  }

  @Test
  void cleanup_always_deletes_the_namespace_of_a_failed_test_after_writing_diagnostics() {
    run(Map.of(), FailingAlwaysCleanedTestCase.class)
        .testEvents()
        .assertStatistics(s -> s.failed(1));

    assertThat(deletedOrTerminating(namespace(SEEN.get("namespace")))).isTrue();
    assertThat(diagnostics.resolve(SEEN.get("namespace")).resolve("README.txt")).exists();
  }

  @EngineTestCase
  @RolloutTest
  @Manifest("web.yaml")
  static class FailingInvariantTestCase {
    @Test
    void breaks(dev.rollouttest.rollout.Rollouts rollouts, @TestNamespace String namespace) {
      SEEN.put("namespace", namespace);
      dev.rollouttest.assertions.RolloutAssertions.assertThat(
              rollouts.deployment("web").updateImage("nginx:1.27"))
          .holdsAtEveryMoment(dev.rollouttest.invariant.Invariant.minAvailable(3))
          .completesWithin(java.time.Duration.ofSeconds(60));
    }
  }

  @Test
  void the_bundle_holds_the_timeline_of_a_failed_rollout_assertion() throws Exception {
    Events tests = run(Map.of(), FailingInvariantTestCase.class).testEvents();

    tests.assertStatistics(s -> s.failed(1));
    Path bundle = diagnostics.resolve(SEEN.get("namespace"));
    assertThat(bundle.resolve("timeline.json"))
        .content()
        .contains("\"deployment\":\"web\"", "\"moments\":[");
    assertThat(bundle.resolve("timeline.txt"))
        .content()
        .contains("avail pods", "recording started");
    Path page = bundle.resolve("timeline.html").toAbsolutePath();
    assertThat(page)
        .content()
        .contains("<title>Rollout of " + SEEN.get("namespace") + "/web — verdict: ")
        .contains(
            "<th>test</th><td>RolloutTestExtensionTest$FailingInvariantTestCase.breaks()</td>")
        .contains("<th>backend</th><td>kubeconfig</td>")
        .contains("<g class=\"marker violation\"", "violation of available pods &gt;= 3: ");
    Throwable failure =
        tests.failed().stream()
            .findFirst()
            .orElseThrow()
            .getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class)
            .getThrowable()
            .orElseThrow();
    assertThat(failure.getSuppressed())
        .anySatisfy(
            note ->
                assertThat(note.getMessage())
                    .contains("; see the rollout: " + page.toUri() + "; the namespace is kept"));
    Path runPage =
        diagnostics
            .resolve("_pages")
            .resolve(FailingInvariantTestCase.class.getName().replace('$', '.'))
            .resolve("breaks-web.html");
    assertThat(failure).hasMessageContaining("\nSee the rollout: " + runPage.toUri());
    assertThat(runPage)
        .content()
        .contains("<td id=\"assertion\" class=\"verdict-bad\">failed</td>");
    cluster.client().namespaces().withName(SEEN.get("namespace")).delete();
  }

  // --- a page per rollout, passed or failed, and an index per run
  // ---------------------------------------------------------------------------------------------

  @EngineTestCase
  @RolloutTest
  @Manifest("web.yaml")
  static class PassingRolloutTestCase {
    @Test
    void upgrades(dev.rollouttest.rollout.Rollouts rollouts, @TestNamespace String namespace) {
      SEEN.put("namespace", namespace);
      dev.rollouttest.assertions.RolloutAssertions.assertThat(
              rollouts.deployment("web").updateImage("nginx:1.27"))
          .completesWithin(java.time.Duration.ofSeconds(60));
    }
  }

  @Test
  void a_passing_rollout_gets_its_page_in_the_runs_index_and_a_report_entry() {
    EngineExecutionResults results = run(Map.of(), PassingRolloutTestCase.class);

    results.testEvents().assertStatistics(s -> s.succeeded(1));
    Path pages = diagnostics.resolve("_pages");
    Path page =
        pages
            .resolve(PassingRolloutTestCase.class.getName().replace('$', '.'))
            .resolve("upgrades-web.html");
    assertThat(page)
        .content()
        .contains(
            "<th>test</th><td>RolloutTestExtensionTest$PassingRolloutTestCase.upgrades()</td>")
        .contains("<th>change</th><td>set image *=nginx:1.27</td>")
        .contains("<td id=\"assertion\" class=\"verdict-ok\">passed</td>")
        .contains("<th>backend</th><td>kubeconfig</td>");
    assertThat(page.resolveSibling("upgrades-web.json")).content().contains("\"moments\":[");
    assertThat(pages.resolve("index.html"))
        .content()
        .contains("1 rollout, 0 failed")
        .contains(
            "<a href=\""
                + PassingRolloutTestCase.class.getName().replace('$', '.')
                + "/upgrades-web.html\">RolloutTestExtensionTest$PassingRolloutTestCase.upgrades()</a>");
    assertThat(
            results.allEvents().reportingEntryPublished().stream()
                .map(
                    e ->
                        e.getRequiredPayload(org.junit.platform.engine.reporting.ReportEntry.class)
                            .getKeyValuePairs())
                .toList())
        .containsExactly(Map.of("rollout-page", page.toUri().toString()));
    cluster.client().namespaces().withName(SEEN.get("namespace")).delete();
  }

  @Test
  void with_pages_for_failed_rollouts_only_a_passing_one_gets_none() {
    run(Map.of(RolloutTest.REPORTS_KEY, "failed"), PassingRolloutTestCase.class)
        .testEvents()
        .assertStatistics(s -> s.succeeded(1));

    assertThat(diagnostics.resolve("_pages").resolve("index.html")).doesNotExist();
    cluster.client().namespaces().withName(SEEN.get("namespace")).delete();
  }

  @Test
  void a_wrong_pages_setting_names_the_key_and_the_choices() {
    Events tests =
        run(Map.of(RolloutTest.REPORTS_KEY, "some"), PassingRolloutTestCase.class)
            .containerEvents();

    tests
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                finishedWithFailure(
                    message(
                        "Invalid configuration 'rollouttest.reports=some': expected one of"
                            + " [all, failed, off]."))));
  }

  // --- the first rollout of @Manifest: the same verdicts as every rollout
  // ---------------------------------------------------------------------------------------------

  @EngineTestCase
  @RolloutTest(timeout = 60)
  static class NeverReadyManifestTestCase {
    @Test
    @Manifest("never-ready.yaml")
    void neverRuns() {
      SEEN.put("ran", "yes");
    }
  }

  @Test
  void a_manifest_whose_pods_cannot_pull_their_image_fails_fast_naming_pods_and_reason() {
    long started = System.nanoTime();
    Events tests = run(Map.of(), NeverReadyManifestTestCase.class).testEvents();
    java.time.Duration took = java.time.Duration.ofNanos(System.nanoTime() - started);

    tests.assertStatistics(s -> s.failed(1));
    assertThat(SEEN).doesNotContainKey("ran");
    assertThat(took).as("failed fast, not after the 60 s timeout").isLessThan(ofSeconds(20));
    Throwable failure =
        tests.failed().stream()
            .findFirst()
            .orElseThrow()
            .getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class)
            .getThrowable()
            .orElseThrow();
    assertThat(failure)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(
            "never-ready.yaml document #1 (Deployment/stuck) failed its first rollout after ")
        .hasMessageContaining(
            "fail-fast rule IMAGE_PULL_FAILURE: a container of the new revision cannot pull its image")
        .hasMessageContaining("Failing pods of the new revision:\n  stuck-")
        .hasMessageContaining(
            ": container web waiting: ImagePullBackOff (Back-off pulling image \"nginx:does-not-exist\"");
  }

  @EngineTestCase
  @RolloutTest
  @Manifest("web.yaml")
  static class SettledBaselineTestCase {
    @Test
    void startsSettled(KubernetesClient client) {
      var ready =
          client.pods().withLabel("app", "web").list().getItems().stream()
              .filter(
                  p ->
                      p.getStatus().getConditions().stream()
                          .anyMatch(
                              c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
              .map(p -> p.getMetadata().getName())
              .sorted()
              .toList();
      var endpoints = dev.rollouttest.testing.Endpoints.readyPods(client, "web");
      SEEN.put("ready", ready.toString());
      SEEN.put("endpoints", endpoints.toString());
    }
  }

  @Test
  void a_test_starts_once_its_services_list_every_ready_pod() {
    Events tests = run(Map.of(), SettledBaselineTestCase.class).testEvents();

    tests.assertStatistics(s -> s.succeeded(1));
    assertThat(SEEN.get("ready")).matches("\\[web-[a-z0-9-]+, web-[a-z0-9-]+\\]");
    assertThat(SEEN.get("endpoints")).isEqualTo(SEEN.get("ready"));
  }

  // --- a chain that checks nothing fails its test
  // ---------------------------------------------------------------------------------------------

  @EngineTestCase
  @RolloutTest(cleanup = CleanupMode.ALWAYS)
  @Manifest("web.yaml")
  // these chains are wrong on purpose: Error Prone refuses to compile them (CheckReturnValue)
  // unless
  // told not to, which is the compile-time half of the check; the extension is the run-time half
  @SuppressWarnings("CheckReturnValue")
  static class UnfinishedTestCase {
    @Test
    void assertionWithoutVerdict(dev.rollouttest.rollout.Rollouts rollouts) {
      dev.rollouttest.assertions.RolloutAssertions.assertThat(
              rollouts.deployment("web").updateImage("web", "nginx:1.27"))
          .holdsAtEveryMoment(dev.rollouttest.invariant.Invariant.minAvailable(10));
      SEEN.put("assertionWithoutVerdict image", image(rollouts));
    }

    @Test
    void changeNeverSent(dev.rollouttest.rollout.Rollouts rollouts) {
      rollouts.deployment("web").updateImage("web", "nginx:1.27").because("x");
      rollouts.deployment("web").undo();
      SEEN.put("changeNeverSent image", image(rollouts));
    }

    @Test
    void configuredAfterItsVerdict(dev.rollouttest.rollout.Rollouts rollouts) {
      var upgrade =
          dev.rollouttest.assertions.RolloutAssertions.assertThat(
              rollouts.deployment("web").updateImage("web", "nginx:1.27"));
      upgrade.completesWithin(java.time.Duration.ofSeconds(60));
      upgrade.holdsAtEveryMoment(dev.rollouttest.invariant.Invariant.minAvailable(100));
    }

    @Test
    void finished(dev.rollouttest.rollout.Rollouts rollouts) {
      var web = rollouts.deployment("web");
      web.scale(3).apply();
      dev.rollouttest.assertions.RolloutAssertions.assertThat(web.updateImage("web", "nginx:1.27"))
          .completesWithin(java.time.Duration.ofSeconds(60));
    }

    private static String image(dev.rollouttest.rollout.Rollouts rollouts) {
      return rollouts
          .deployment("web")
          .get()
          .getSpec()
          .getTemplate()
          .getSpec()
          .getContainers()
          .get(0)
          .getImage();
    }
  }

  @Test
  void a_chain_left_unfinished_fails_its_test_naming_the_line_that_created_it() {
    Events tests = run(Map.of(), UnfinishedTestCase.class).testEvents();

    tests.assertStatistics(s -> s.failed(3).succeeded(1));
    assertThat(SEEN)
        .containsEntry("assertionWithoutVerdict image", "nginx:1.26")
        .containsEntry("changeNeverSent image", "nginx:1.26");
    String file = "(RolloutTestExtensionTest.java:";
    assertThat(failure(tests, "assertionWithoutVerdict"))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "The test left 1 rollout change or assertion unfinished, so it checked nothing:\n"
                + "1. assertThat(set image web=nginx:1.27), created at "
                + UnfinishedTestCase.class.getName()
                + ".assertionWithoutVerdict"
                + file)
        .hasMessageEndingWith(
            "never gave its verdict, so it checked nothing and sent nothing: end it with"
                + " completesWithin(...) or failsWith(...)");
    assertThat(failure(tests, "changeNeverSent"))
        .hasMessageStartingWith(
            "The test left 2 rollout changes or assertions unfinished, so they checked nothing:\n"
                + "1. the change \"set image web=nginx:1.27, change-cause \"x\"\" of deployment ")
        .hasMessageContaining(
            "created at " + UnfinishedTestCase.class.getName() + ".changeNeverSent" + file)
        .hasMessageContaining("was never sent: give it to assertThat(...)")
        .hasMessageContaining("\n2. the change \"rollout undo\" of deployment ");
    assertThat(failure(tests, "configuredAfterItsVerdict"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "holdsAtEveryMoment(...) after the verdict on \"set image web=nginx:1.27\" would check"
                + " nothing: configure before completesWithin(...) or failsWith(...)");
  }

  private static Throwable failure(Events tests, String method) {
    return tests.failed().stream()
        .filter(
            e -> e.getTestDescriptor().getUniqueId().toString().contains("[method:" + method + "("))
        .findFirst()
        .orElseThrow()
        .getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class)
        .getThrowable()
        .orElseThrow();
  }

  // --- per-class scope
  // --------------------------------------------------------------------------------------------

  @EngineTestCase
  @RolloutTest(namespaceScope = NamespaceScope.PER_CLASS)
  @Manifest("web.yaml")
  static class PerClassTestCase {
    @Test
    void one(@TestNamespace String namespace, KubernetesClient client) {
      SEEN.put("one", namespace);
      SEEN.put("one.uid", client.apps().deployments().withName("web").get().getMetadata().getUid());
    }

    @Test
    void two(@TestNamespace String namespace, KubernetesClient client) {
      SEEN.put("two", namespace);
      SEEN.put("two.uid", client.apps().deployments().withName("web").get().getMetadata().getUid());
    }
  }

  @Test
  void per_class_scope_shares_one_namespace_and_applies_class_manifests_once() {
    run(Map.of(), PerClassTestCase.class).testEvents().assertStatistics(s -> s.succeeded(2));

    assertThat(SEEN.get("one")).isEqualTo(SEEN.get("two")).startsWith("perclasstestcase-");
    assertThat(SEEN.get("one.uid")).isEqualTo(SEEN.get("two.uid"));
    assertThat(deletedOrTerminating(namespace(SEEN.get("one")))).isTrue();
  }

  // --- bad input
  // --------------------------------------------------------------------------------------------------

  @EngineTestCase
  @RolloutTest(cleanup = CleanupMode.ALWAYS)
  static class BadManifestsTestCase {
    @Test
    @Manifest("malformed.yaml")
    void malformed() {}

    @Test
    @Manifest("unknown-kind.yaml")
    void unknownKind() {}

    @Test
    @Manifest("no-such-file.yaml")
    void missing() {}

    @Test
    @Manifest("pinned.yaml")
    void pinned() {}

    @Test
    @Manifest("invalid-spec.yaml")
    void invalidSpec() {}

    @Test
    @Manifest("empty.yaml")
    void empty() {}
  }

  @Test
  void each_bad_manifest_fails_its_test_naming_file_document_and_reason() {
    Events tests = run(Map.of(), BadManifestsTestCase.class).testEvents();

    tests.assertStatistics(s -> s.failed(6));
    String pkg = "dev/rollouttest/junit/";
    assertFailure(
        tests,
        "malformed",
        "malformed.yaml document #2 (from line 6): malformed YAML or not a Kubernetes object: ");
    assertFailure(
        tests,
        "unknownKind",
        "unknown-kind.yaml document #1 (Frobnicator/frob) was refused: the API server serves no kind Frobnicator in"
            + " example.com/v1 (it does not know that group/version at all). Is its CustomResourceDefinition installed?");
    assertFailure(
        tests,
        "missing",
        "Manifest no-such-file.yaml of "
            + BadManifestsTestCase.class.getName()
            + " was not found; looked for classpath:"
            + pkg
            + "no-such-file.yaml, classpath:no-such-file.yaml, file ");
    assertFailure(
        tests,
        "pinned",
        "pinned.yaml document #1 (ConfigMap/settings) is pinned to namespace 'production', but tests apply manifests"
            + " into their own namespace ('badmanifeststestcase-pinned-");
    assertFailure(
        tests,
        "invalidSpec",
        "invalid-spec.yaml document #1 (Deployment/frozen) was refused: Deployment.apps \"frozen\" is invalid:"
            + " spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0");
    assertFailure(tests, "empty", "Manifest empty.yaml is empty: it holds no Kubernetes object.");
  }

  private static void assertFailure(Events tests, String method, String messageStart) {
    tests.failed().stream()
        .filter(
            e -> e.getTestDescriptor().getUniqueId().toString().contains("[method:" + method + "("))
        .forEach(
            e ->
                System.out.println(
                    "bad manifest "
                        + method
                        + ": "
                        + e.getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class)
                            .getThrowable()
                            .orElseThrow()
                            .getMessage()));
    tests
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test(method),
                finishedWithFailure(
                    instanceOf(InvalidManifestException.class),
                    message(m -> m.startsWith(messageStart)))));
  }

  @EngineTestCase
  @RolloutTest
  static class WrongParameterTypeTestCase {
    @Test
    void wrong(@TestNamespace int namespace) {}
  }

  @EngineTestCase
  @RolloutTest
  static class WrongFieldTypeTestCase {
    @TestNamespace Integer namespace;

    @Test
    void never() {}
  }

  @Test
  void a_wrongly_typed_injection_target_is_named() {
    run(Map.of(), WrongParameterTypeTestCase.class)
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("wrong"),
                finishedWithFailure(
                    message(
                        m ->
                            m.contains(
                                "Can only inject @TestNamespace into a field or parameter of type String, but"
                                    + " parameter #1 of void "
                                    + WrongParameterTypeTestCase.class.getName()
                                    + ".wrong(int) is of type int.")))));
    List<Event> failedContainers =
        run(Map.of(), WrongFieldTypeTestCase.class).containerEvents().failed().list();
    assertThat(failedContainers)
        .singleElement()
        .satisfies(
            e ->
                assertThat(
                        e.getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class)
                            .getThrowable()
                            .orElseThrow())
                    .hasMessage(
                        "Can only inject @TestNamespace into a non-static, non-final field or a parameter of type"
                            + " String, but field namespace of "
                            + WrongFieldTypeTestCase.class.getName()
                            + " is java.lang.Integer."));
  }

  // --- parallel classes
  // ------------------------------------------------------------------------------------------

  @EngineTestCase
  @RolloutTest
  @Manifest("web.yaml")
  abstract static class ParallelTestCase {
    @Test
    void sees_only_its_own_objects(@TestNamespace String namespace, KubernetesClient client)
        throws Exception {
      String me = getClass().getSimpleName();
      client
          .configMaps()
          .resource(
              new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("owner")
                  .endMetadata()
                  .addToData("class", me)
                  .build())
          .create();
      // all eight wait here for one another: proves they run at once, and that all wrote before any
      // reads
      barrier.await(60, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(client.configMaps().withName("owner").get().getData()).containsEntry("class", me);
      assertThat(client.apps().deployments().list().getItems())
          .singleElement()
          .satisfies(d -> assertThat(d.getMetadata().getNamespace()).isEqualTo(namespace));
      assertThat(client.pods().list().getItems())
          .hasSize(2)
          .allSatisfy(p -> assertThat(p.getMetadata().getNamespace()).isEqualTo(namespace));
      SEEN.put(me, namespace);
    }
  }

  static class ParallelATestCase extends ParallelTestCase {}

  static class ParallelBTestCase extends ParallelTestCase {}

  static class ParallelCTestCase extends ParallelTestCase {}

  static class ParallelDTestCase extends ParallelTestCase {}

  static class ParallelETestCase extends ParallelTestCase {}

  static class ParallelFTestCase extends ParallelTestCase {}

  static class ParallelGTestCase extends ParallelTestCase {}

  static class ParallelHTestCase extends ParallelTestCase {}

  @Test
  void eight_classes_run_concurrently_without_cross_talk() {
    barrier = new java.util.concurrent.CyclicBarrier(8);
    long started = System.nanoTime();
    run(
            Map.of(
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.default", "concurrent",
                "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "8"),
            ParallelATestCase.class,
            ParallelBTestCase.class,
            ParallelCTestCase.class,
            ParallelDTestCase.class,
            ParallelETestCase.class,
            ParallelFTestCase.class,
            ParallelGTestCase.class,
            ParallelHTestCase.class)
        .testEvents()
        .assertStatistics(s -> s.succeeded(8).failed(0));

    assertThat(SEEN).hasSize(8);
    assertThat(SEEN.values()).doesNotHaveDuplicates();
    System.out.printf("8 classes in parallel: %d ms%n", (System.nanoTime() - started) / 1_000_000);
  }
}
