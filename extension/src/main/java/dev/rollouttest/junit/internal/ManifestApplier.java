package dev.rollouttest.junit.internal;

import dev.rollouttest.junit.InvalidManifestException;
import dev.rollouttest.manifest.ManifestDocument;
import dev.rollouttest.rollout.RolloutStatus;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies manifest documents into a namespace (server-side apply, in order) and waits for the first
 * rollout of each Deployment among them, with {@code kubectl rollout status}'s rule, watching
 * rather than polling.
 */
final class ManifestApplier {

  private static final Logger LOG = LoggerFactory.getLogger("dev.rollouttest.junit.RolloutTest");

  private ManifestApplier() {}

  static void apply(
      KubernetesClient client,
      String namespace,
      List<ManifestDocument> documents,
      Duration timeout) {
    List<ManifestDocument> deployments = new ArrayList<>();
    for (ManifestDocument document : documents) {
      HasMetadata object = document.object();
      String pinned = object.getMetadata().getNamespace();
      if (pinned != null && !pinned.equals(namespace)) {
        throw new InvalidManifestException(
            document.describe()
                + " is pinned to namespace '"
                + pinned
                + "', but tests apply manifests into their own namespace ('"
                + namespace
                + "'). Remove metadata.namespace from the manifest.");
      }
      if (object instanceof GenericKubernetesResource) {
        requireServed(client, document);
      }
      try {
        client
            .resource(object)
            .inNamespace(namespace)
            .fieldManager("rollout-test")
            .forceConflicts()
            .serverSideApply();
      } catch (KubernetesClientException e) {
        throw new InvalidManifestException(document.describe() + " was refused: " + reason(e), e);
      }
      if (object instanceof Deployment) {
        deployments.add(document);
      }
    }
    LOG.info(
        "Applied {} object(s) from {} into namespace {}",
        documents.size(),
        sources(documents),
        namespace);
    for (ManifestDocument document : deployments) {
      awaitFirstRollout(client, namespace, document, timeout);
    }
  }

  private static void awaitFirstRollout(
      KubernetesClient client, String namespace, ManifestDocument document, Duration timeout) {
    String name = document.object().getMetadata().getName();
    AtomicReference<String> last = new AtomicReference<>("");
    AtomicReference<RolloutStatus> lastStatus = new AtomicReference<>();
    CompletableFuture<List<Deployment>> done =
        client
            .apps()
            .deployments()
            .inNamespace(namespace)
            .withName(name)
            .informOnCondition(
                list -> {
                  if (list.isEmpty()) {
                    return false;
                  }
                  RolloutStatus status = RolloutStatus.of(list.get(0));
                  lastStatus.set(status);
                  if (!status.message().equals(last.getAndSet(status.message()))
                      && !status.done()) {
                    LOG.info("Deployment {}/{}: {}", namespace, name, status.message());
                  }
                  return status.done() || status.failed();
                });
    try {
      done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      done.cancel(true);
      throw new AssertionError(
          "Deployment "
              + namespace
              + "/"
              + name
              + " from "
              + document.describe()
              + " did not finish its first rollout within "
              + timeout.toSeconds()
              + " s; last status: "
              + (lastStatus.get() == null ? "never observed" : lastStatus.get().message()),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "Interrupted while waiting for Deployment " + namespace + "/" + name, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "Watching Deployment " + namespace + "/" + name + " failed", e.getCause());
    }
    RolloutStatus status = lastStatus.get();
    if (status.failed()) {
      throw new AssertionError(
          "Deployment "
              + namespace
              + "/"
              + name
              + " from "
              + document.describe()
              + " failed its first rollout: "
              + status.message());
    }
    LOG.info("Deployment {}/{} rolled out", namespace, name);
  }

  /**
   * A kind fabric8 has no model for must at least be served by the API server (a CRD, typically).
   */
  private static void requireServed(KubernetesClient client, ManifestDocument document) {
    HasMetadata object = document.object();
    APIResourceList served;
    try {
      served = client.getApiResources(object.getApiVersion());
    } catch (KubernetesClientException e) {
      served = null;
    }
    boolean known =
        served != null
            && served.getResources().stream().anyMatch(r -> object.getKind().equals(r.getKind()));
    if (!known) {
      throw new InvalidManifestException(
          document.describe()
              + " was refused: the API server serves no kind "
              + object.getKind()
              + " in "
              + object.getApiVersion()
              + (served == null ? " (it does not know that group/version at all)" : "")
              + ". Is its CustomResourceDefinition installed? Apply the CRD in an earlier @Manifest.");
    }
  }

  private static String sources(List<ManifestDocument> documents) {
    return String.join(", ", documents.stream().map(ManifestDocument::source).distinct().toList());
  }

  /** The API server's own words where it gave them. */
  static String reason(KubernetesClientException e) {
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      return e.getStatus().getMessage()
          + " (HTTP "
          + e.getCode()
          + (e.getStatus().getReason() == null ? "" : " " + e.getStatus().getReason())
          + ")";
    }
    return e.getMessage();
  }
}
