package dev.rollouttest.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouttest.cluster.KubernetesCluster;
import dev.rollouttest.cluster.local.LocalCluster;
import dev.rollouttest.testing.LocalClusterExtension;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.Events;

/**
 * {@code @Nested} classes of a {@link RolloutTest} class, through the JUnit engine: they inherit
 * its settings and manifests (outermost first), get namespaces of their own, see their namespace in
 * the {@link TestNamespace} fields of every enclosing instance, and share the run's cluster.
 */
@ExtendWith(LocalClusterExtension.class)
class NestedClassesTest {

  /** What the test cases saw, by key; cleared before each test of this class. */
  static final Map<String, String> SEEN = new ConcurrentHashMap<>();

  private final LocalCluster cluster;
  @TempDir Path diagnostics;

  NestedClassesTest(LocalCluster cluster) {
    this.cluster = cluster;
  }

  @BeforeEach
  void clear() {
    SEEN.clear();
  }

  private Events run(Class<?> testCase) {
    return EngineRuns.run(cluster, diagnostics, Map.of(), testCase).testEvents();
  }

  private boolean deletedOrTerminating(String name) {
    Namespace ns = cluster.client().namespaces().withName(name).get();
    return ns == null || ns.getMetadata().getDeletionTimestamp() != null;
  }

  private static String applied(KubernetesClient client) {
    return client.configMaps().withName("context").get().getData().get("applied");
  }

  // --- a namespace per test, at every depth
  // ----------------------------------------------------------------------------------------

  @EngineTestCase
  @RolloutTest
  @Manifest("context-outer.yaml")
  static class NestedTestCase {
    @TestNamespace String outerField;

    @Test
    void outer(@TestNamespace String namespace, KubernetesClient client) {
      SEEN.put("outer", namespace);
      SEEN.put("outer.applied", applied(client));
    }

    @Nested
    @Manifest("context-inner.yaml")
    class Inner {
      @TestNamespace String innerField;

      @Test
      void inner(
          @TestNamespace String namespace, KubernetesClient client, KubernetesCluster cluster) {
        SEEN.put("inner", namespace);
        SEEN.put("inner.outerField", outerField);
        SEEN.put("inner.innerField", innerField);
        SEEN.put("inner.applied", applied(client));
        SEEN.put("inner.client", client.getNamespace());
        SEEN.put("inner.runId", cluster.runId());
      }

      @Nested
      class Deepest {
        @TestNamespace String deepestField;

        @Test
        void deepest(
            @TestNamespace String namespace, KubernetesClient client, KubernetesCluster cluster) {
          SEEN.put("deepest", namespace);
          SEEN.put("deepest.fields", outerField + " " + innerField + " " + deepestField);
          SEEN.put("deepest.applied", applied(client));
          SEEN.put("deepest.runId", cluster.runId());
        }
      }
    }
  }

  @Test
  void a_nested_test_gets_its_own_namespace_with_the_enclosing_manifests_and_fields() {
    run(NestedTestCase.class).assertStatistics(s -> s.succeeded(3).failed(0));

    assertThat(SEEN.get("outer")).startsWith("nestedtestcase-outer-");
    assertThat(SEEN.get("inner")).startsWith("inner-inner-");
    assertThat(SEEN.get("deepest")).startsWith("deepest-deepest-");
    assertThat(java.util.List.of(SEEN.get("outer"), SEEN.get("inner"), SEEN.get("deepest")))
        .doesNotHaveDuplicates();
    assertThat(SEEN)
        .containsEntry("inner.outerField", SEEN.get("inner"))
        .containsEntry("inner.innerField", SEEN.get("inner"))
        .containsEntry("inner.client", SEEN.get("inner"))
        .containsEntry(
            "deepest.fields",
            SEEN.get("deepest") + " " + SEEN.get("deepest") + " " + SEEN.get("deepest"));
    assertThat(SEEN.get("outer.applied")).isEqualTo("outer");
    assertThat(SEEN.get("inner.applied"))
        .as("Inner's manifest applied after the outer class's")
        .isEqualTo("inner");
    assertThat(SEEN.get("deepest.applied"))
        .as("the enclosing classes' manifests, outermost first")
        .isEqualTo("inner");
    assertThat(SEEN.get("deepest.runId")).as("one cluster").isEqualTo(SEEN.get("inner.runId"));
    assertThat(SEEN.get("outer")).matches(this::deletedOrTerminating);
    assertThat(SEEN.get("inner")).matches(this::deletedOrTerminating);
    assertThat(SEEN.get("deepest")).matches(this::deletedOrTerminating);
  }

  // --- a namespace per nested class
  // ----------------------------------------------------------------------------------------

  @EngineTestCase
  @RolloutTest(namespaceScope = NamespaceScope.PER_CLASS)
  @Manifest("context-outer.yaml")
  static class NestedPerClassTestCase {
    @Test
    void outer(@TestNamespace String namespace) {
      SEEN.put("outer", namespace);
    }

    @Nested
    class Inner {
      @Test
      void one(@TestNamespace String namespace, KubernetesClient client) {
        SEEN.put("one", namespace);
        SEEN.put("one.applied", applied(client));
      }

      @Test
      void two(@TestNamespace String namespace) {
        SEEN.put("two", namespace);
      }
    }
  }

  @Test
  void per_class_scope_gives_a_nested_class_one_namespace_of_its_own() {
    run(NestedPerClassTestCase.class).assertStatistics(s -> s.succeeded(3).failed(0));

    assertThat(SEEN.get("outer")).startsWith("nestedperclasstestcase-");
    assertThat(SEEN.get("one")).startsWith("inner-").isEqualTo(SEEN.get("two"));
    assertThat(SEEN.get("one")).isNotEqualTo(SEEN.get("outer"));
    assertThat(SEEN.get("one.applied")).isEqualTo("outer");
    assertThat(SEEN.get("outer")).matches(this::deletedOrTerminating);
    assertThat(SEEN.get("one")).matches(this::deletedOrTerminating);
  }

  // --- failures
  // ----------------------------------------------------------------------------------------

  @EngineTestCase
  @RolloutTest
  @Manifest("context-outer.yaml")
  static class FailingNestedTestCase {
    @Nested
    class Inner {
      @TestNamespace String namespace;

      @Test
      void fails() {
        SEEN.put("fails", namespace);
        throw new AssertionError("the nested test failed on purpose");
      }

      @Test
      void passes() {
        SEEN.put("passes", namespace);
      }
    }
  }

  @Test
  void a_failed_nested_test_writes_diagnostics_and_keeps_its_namespace() {
    Events tests = run(FailingNestedTestCase.class);

    tests.assertStatistics(s -> s.failed(1).succeeded(1));
    String failed = SEEN.get("fails");
    Path bundle = diagnostics.resolve(failed);
    assertThat(bundle.resolve("README.txt"))
        .content()
        .contains("Namespace: " + failed, "the nested test failed on purpose");
    Throwable failure =
        tests.failed().stream()
            .findFirst()
            .orElseThrow()
            .getRequiredPayload(TestExecutionResult.class)
            .getThrowable()
            .orElseThrow();
    assertThat(failure.getSuppressed())
        .singleElement()
        .satisfies(
            note ->
                assertThat(note.getMessage())
                    .startsWith(
                        "Diagnostics of namespace "
                            + failed
                            + " written to "
                            + bundle.toAbsolutePath()
                            + "; the namespace is kept for inspection (cleanup ON_SUCCESS)"));
    assertThat(deletedOrTerminating(failed)).as("kept on failure (ON_SUCCESS)").isFalse();
    assertThat(SEEN.get("passes")).matches(this::deletedOrTerminating);
    cluster.client().namespaces().withName(failed).delete();
  }

  @EngineTestCase
  @RolloutTest(namespaceScope = NamespaceScope.PER_CLASS)
  static class FailingNestedPerClassTestCase {
    @Test
    void outerPasses(@TestNamespace String namespace) {
      SEEN.put("outer", namespace);
    }

    @Nested
    class Inner {
      @Test
      void fails(@TestNamespace String namespace) {
        SEEN.put("inner", namespace);
        throw new AssertionError("failed");
      }
    }
  }

  @Test
  void a_failed_test_keeps_the_namespace_of_its_nested_class_only() {
    run(FailingNestedPerClassTestCase.class).assertStatistics(s -> s.failed(1).succeeded(1));

    String inner = SEEN.get("inner");
    assertThat(diagnostics.resolve(inner).resolve("fails").resolve("README.txt")).exists();
    assertThat(deletedOrTerminating(inner)).as("the nested class's namespace, kept").isFalse();
    assertThat(SEEN.get("outer"))
        .as("the outer class's, deleted")
        .matches(this::deletedOrTerminating);
    cluster.client().namespaces().withName(inner).delete();
  }
}
