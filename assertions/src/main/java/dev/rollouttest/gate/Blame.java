package dev.rollouttest.gate;

import dev.rollouttest.invariant.Invariant;
import dev.rollouttest.manifest.ManifestDocument;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which manifest field the gate blames for a broken invariant, decided by the invariant's {@link
 * Invariant.Kind} (never by its description): for an endpoints invariant, the Service's selector
 * when it changed between current and next; otherwise the Deployment's field that governs the kind,
 * with its value.
 */
final class Blame {

  private final List<ManifestDocument> currentDocuments;
  private final List<ManifestDocument> nextDocuments;

  Blame(List<ManifestDocument> currentDocuments, List<ManifestDocument> nextDocuments) {
    this.currentDocuments = currentDocuments;
    this.nextDocuments = nextDocuments;
  }

  /**
   * Where to look, e.g. {@code next/web.yaml document #1 (Deployment/web)
   * spec.strategy.rollingUpdate.maxSurge (1)}, for an invariant of the Deployment of {@code
   * document} that broke.
   */
  String of(ManifestDocument document, Invariant invariant) {
    if (invariant.kind() == Invariant.Kind.ENDPOINTS) {
      Optional<String> selector = invariant.service().flatMap(this::changedSelector);
      if (selector.isPresent()) {
        return selector.get();
      }
    }
    return document.describe() + " " + field(Manifests.deployment(document), invariant);
  }

  /** The Service's selector, when both current and next have the Service and it changed. */
  private Optional<String> changedSelector(String service) {
    Optional<ManifestDocument> now = Manifests.service(nextDocuments, service);
    Optional<ManifestDocument> before = Manifests.service(currentDocuments, service);
    if (now.isEmpty() || before.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> was = ((Service) before.get().object()).getSpec().getSelector();
    Map<String, String> is = ((Service) now.get().object()).getSpec().getSelector();
    if (Objects.equals(was, is)) {
      return Optional.empty();
    }
    return Optional.of(
        now.get().describe()
            + " spec.selector (was "
            + was
            + ", now "
            + is
            + ": the Service drops the old pods before new ones are ready)");
  }

  /** The field of the Deployment that governs an invariant of this kind, with its value. */
  static String field(Deployment d, Invariant invariant) {
    return switch (invariant.kind()) {
      case MIN_AVAILABLE, MIN_AVAILABLE_AS_CONFIGURED, ENDPOINTS -> unavailability(d);
      case MAX_SURGE -> "spec.strategy.rollingUpdate.maxSurge (" + rollingUpdate(d, true) + ")";
      case REVISIONS, REVISION_ADVANCE -> "spec.template";
      case MAX_PODS, MAX_PODS_INCLUDING_TERMINATING, CUSTOM -> "spec";
    };
  }

  /** What lets pods be unavailable: the Recreate strategy, or maxUnavailable. */
  private static String unavailability(Deployment d) {
    var strategy = d.getSpec().getStrategy();
    if (strategy != null && "Recreate".equals(strategy.getType())) {
      return "spec.strategy.type (Recreate stops every old pod before it starts a new one)";
    }
    return "spec.strategy.rollingUpdate.maxUnavailable ("
        + rollingUpdate(d, false)
        + " of "
        + (d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas())
        + " replicas)";
  }

  /** maxSurge or maxUnavailable as the manifest gives it, or {@code unset, 25%}. */
  private static String rollingUpdate(Deployment d, boolean surge) {
    var strategy = d.getSpec().getStrategy();
    var rolling = strategy == null ? null : strategy.getRollingUpdate();
    IntOrString value =
        rolling == null ? null : surge ? rolling.getMaxSurge() : rolling.getMaxUnavailable();
    if (value == null) {
      return "unset, 25%";
    }
    return value.getIntVal() != null ? value.getIntVal().toString() : value.getStrVal();
  }
}
