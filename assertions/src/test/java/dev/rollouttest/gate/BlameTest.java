package dev.rollouttest.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouttest.invariant.Invariant;
import dev.rollouttest.invariant.Invariant.Kind;
import dev.rollouttest.manifest.ManifestDocument;
import dev.rollouttest.manifest.internal.ManifestParser;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which manifest field the gate blames for each kind of broken invariant. */
class BlameTest {

  private static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        replicas: 3
        selector: {matchLabels: {app: web}}
        %s
        template:
          metadata: {labels: {app: web, track: %s}}
          spec: {containers: [{name: web, image: nginx}]}
      """;

  private static final String SERVICE =
      """
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: web}
      spec: {selector: %s, ports: [{port: 80}]}
      """;

  private static final String ROLLING =
      "strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}";

  private static final String WHERE = "next/web.yaml document #1 (Deployment/web) ";

  private static List<ManifestDocument> manifests(String source, String strategy, String selector) {
    return ManifestParser.parse(
        source, DEPLOYMENT.formatted(strategy, "v2") + SERVICE.formatted(selector));
  }

  /** Next as current, with the strategy given: the Service's selector did not change. */
  private static String blame(String strategy, Invariant invariant) {
    List<ManifestDocument> next = manifests("next/web.yaml", strategy, "{app: web}");
    List<ManifestDocument> current = manifests("current/web.yaml", strategy, "{app: web}");
    return new Blame(current, next).of(next.get(0), invariant);
  }

  @Test
  void each_kind_blames_the_field_that_governs_it() {
    Map<Kind, Invariant> examples = new EnumMap<>(Kind.class);
    examples.put(Kind.MIN_AVAILABLE, Invariant.minAvailable(2));
    examples.put(Kind.MIN_AVAILABLE_AS_CONFIGURED, Invariant.minAvailableAsConfigured());
    examples.put(Kind.MAX_PODS, Invariant.maxPods(4));
    examples.put(Kind.MAX_PODS_INCLUDING_TERMINATING, Invariant.maxPodsIncludingTerminating(6));
    examples.put(Kind.MAX_SURGE, Invariant.maxSurgeRespected());
    examples.put(Kind.ENDPOINTS, Invariant.minReadyEndpoints("web", 1));
    examples.put(Kind.REVISIONS, Invariant.onlyOldAndNewRevisions());
    examples.put(Kind.REVISION_ADVANCE, Invariant.revisionAdvancesAsExpected());
    examples.put(Kind.CUSTOM, Invariant.satisfies("no pod is pending", s -> true));
    Map<Kind, String> expected = new EnumMap<>(Kind.class);
    String maxUnavailable = "spec.strategy.rollingUpdate.maxUnavailable (0 of 3 replicas)";
    expected.put(Kind.MIN_AVAILABLE, maxUnavailable);
    expected.put(Kind.MIN_AVAILABLE_AS_CONFIGURED, maxUnavailable);
    expected.put(Kind.MAX_PODS, "spec");
    expected.put(Kind.MAX_PODS_INCLUDING_TERMINATING, "spec");
    expected.put(Kind.MAX_SURGE, "spec.strategy.rollingUpdate.maxSurge (1)");
    expected.put(Kind.ENDPOINTS, maxUnavailable);
    expected.put(Kind.REVISIONS, "spec.template");
    expected.put(Kind.REVISION_ADVANCE, "spec.template");
    expected.put(Kind.CUSTOM, "spec");

    assertThat(examples).as("an example of every kind").containsOnlyKeys(Kind.values());
    examples.forEach(
        (kind, invariant) -> {
          assertThat(invariant.kind()).isEqualTo(kind);
          assertThat(blame(ROLLING, invariant))
              .as(kind.name())
              .isEqualTo(WHERE + expected.get(kind));
        });
  }

  @Test
  void a_custom_invariant_is_never_blamed_by_its_words() {
    Invariant lookalike =
        Invariant.satisfies("available pods >= 3 and the revision advances", s -> true);

    assertThat(lookalike.kind()).isEqualTo(Kind.CUSTOM);
    assertThat(blame(ROLLING, lookalike)).isEqualTo(WHERE + "spec");
  }

  @Test
  void a_recreate_strategy_is_blamed_for_unavailability() {
    String recreate = "strategy: {type: Recreate}";
    String field =
        WHERE + "spec.strategy.type (Recreate stops every old pod before it starts a new one)";

    assertThat(blame(recreate, Invariant.minAvailable(1))).isEqualTo(field);
    assertThat(blame(recreate, Invariant.minAvailableAsConfigured())).isEqualTo(field);
    assertThat(blame(recreate, Invariant.minReadyEndpoints("web", 1))).isEqualTo(field);
    assertThat(blame(recreate, Invariant.maxSurgeRespected()))
        .isEqualTo(WHERE + "spec.strategy.rollingUpdate.maxSurge (unset, 25%)");
  }

  @Test
  void unset_bounds_are_named_with_their_default() {
    String unset = "strategy: {type: RollingUpdate}";

    assertThat(blame(unset, Invariant.minAvailable(1)))
        .isEqualTo(WHERE + "spec.strategy.rollingUpdate.maxUnavailable (unset, 25% of 3 replicas)");
    assertThat(blame(unset, Invariant.maxSurgeRespected()))
        .isEqualTo(WHERE + "spec.strategy.rollingUpdate.maxSurge (unset, 25%)");
    assertThat(
            blame(
                "strategy: {rollingUpdate: {maxSurge: 50%, maxUnavailable: 10%}}",
                Invariant.maxSurgeRespected()))
        .isEqualTo(WHERE + "spec.strategy.rollingUpdate.maxSurge (50%)");
  }

  @Test
  void an_endpoints_invariant_blames_a_service_whose_selector_changed() {
    List<ManifestDocument> current = manifests("current/web.yaml", ROLLING, "{app: web}");
    List<ManifestDocument> next = manifests("next/web.yaml", ROLLING, "{app: web, track: v2}");
    Blame blame = new Blame(current, next);

    assertThat(blame.of(next.get(0), Invariant.minReadyEndpoints("web", 1)))
        .isEqualTo(
            "next/web.yaml document #2 (Service/web) spec.selector (was {app=web}, now {app=web,"
                + " track=v2}: the Service drops the old pods before new ones are ready)");
    assertThat(blame.of(next.get(0), Invariant.minReadyEndpoints("other", 1)))
        .as("a Service the manifests do not have")
        .isEqualTo(WHERE + "spec.strategy.rollingUpdate.maxUnavailable (0 of 3 replicas)");
    assertThat(blame.of(next.get(0), Invariant.minAvailable(1)))
        .as("only an endpoints invariant blames the Service")
        .isEqualTo(WHERE + "spec.strategy.rollingUpdate.maxUnavailable (0 of 3 replicas)");
  }
}
