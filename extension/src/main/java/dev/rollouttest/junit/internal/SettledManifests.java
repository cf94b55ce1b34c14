package dev.rollouttest.junit.internal;

import dev.rollouttest.junit.InvalidManifestException;
import dev.rollouttest.manifest.ClusterScopedObjects;
import dev.rollouttest.manifest.ManifestDocument;
import dev.rollouttest.rollout.DeploymentRollout;
import dev.rollouttest.rollout.FailFast;
import dev.rollouttest.rollout.RolloutOutcome;
import dev.rollouttest.rollout.internal.RolloutRecorder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A test's manifests, applied and settled: {@link
 * dev.rollouttest.manifest.internal.ManifestApplier} (the one applier: server-side apply, all or
 * nothing; cluster-scoped documents only when allowed) puts them into the namespace, then this
 * waits for the first rollout of each Deployment among them, with {@code kubectl rollout status}'s
 * rule, watching rather than polling, until the Services list every ready pod.
 */
final class SettledManifests {

  private static final Logger LOG = LoggerFactory.getLogger("dev.rollouttest.junit.RolloutTest");

  private SettledManifests() {}

  static void apply(
      KubernetesClient client,
      String namespace,
      List<ManifestDocument> documents,
      Duration timeout,
      ClusterScopedObjects clusterScoped) {
    try {
      dev.rollouttest.manifest.internal.ManifestApplier.apply(
          client, namespace, documents, false, clusterScoped);
    } catch (dev.rollouttest.manifest.ManifestException e) {
      throw new InvalidManifestException(String.valueOf(e.getMessage()), e.getCause());
    }
    List<ManifestDocument> deployments =
        documents.stream().filter(d -> d.object() instanceof Deployment).toList();
    LOG.info(
        "Applied {} object(s) from {} into namespace {}",
        documents.size(),
        sources(documents),
        namespace);
    for (ManifestDocument document : deployments) {
      awaitFirstRollout(client, namespace, document, timeout);
    }
  }

  /**
   * Waits for the first rollout with the verdict pipeline of every rollout assertion (one
   * recording, kubectl's rule, the default fail-fast policy), until the state has settled:
   * complete, and every Service that selects the pods lists each ready pod as a ready endpoint. A
   * test then starts from a settled baseline.
   */
  private static void awaitFirstRollout(
      KubernetesClient client, String namespace, ManifestDocument document, Duration timeout) {
    String name = document.object().getMetadata().getName();
    DeploymentRollout rollout =
        DeploymentRollout.of(
            client.adapt(NamespacedKubernetesClient.class).inNamespace(namespace), name);
    FailFast failFast = FailFast.onUnrecoverable();
    RolloutOutcome outcome;
    Optional<String> unsettled;
    try (RolloutRecorder recorder = RolloutRecorder.start(rollout, List.of(), List.of())) {
      recorder.changeGeneration(recorder.currentGeneration());
      outcome = recorder.awaitOutcome(timeout, failFast, false, true);
      unsettled = recorder.unsettled();
    }
    String what = "Deployment " + namespace + "/" + name + " from " + document.describe();
    if (outcome.failure().isPresent()) {
      throw new AssertionError(
          what
              + " failed its first rollout after "
              + outcome.elapsed().toMillis()
              + " ms: "
              + failFast.explain(outcome.failure().get())
              + ".\nkubectl rollout status: "
              + outcome.status().message()
              + (outcome.failingPods().isEmpty()
                  ? ""
                  : "\nFailing pods of the new revision:\n  "
                      + String.join("\n  ", outcome.failingPods())));
    }
    if (!outcome.complete()) {
      throw new AssertionError(
          what
              + " did not settle within "
              + timeout.toSeconds()
              + " s: "
              + (outcome.status().done() && unsettled.isPresent()
                  ? "it rolled out, but " + unsettled.get()
                  : "kubectl rollout status: " + outcome.status().message()));
    }
    LOG.info("Deployment {}/{} rolled out", namespace, name);
  }

  private static String sources(List<ManifestDocument> documents) {
    return String.join(", ", documents.stream().map(ManifestDocument::source).distinct().toList());
  }
}
