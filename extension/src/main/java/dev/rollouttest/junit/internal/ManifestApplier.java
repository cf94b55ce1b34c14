package dev.rollouttest.junit.internal;

import dev.rollouttest.junit.InvalidManifestException;
import dev.rollouttest.manifest.ManifestDocument;
import dev.rollouttest.rollout.RolloutStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
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
    try {
      dev.rollouttest.manifest.ManifestApplier.apply(client, namespace, documents);
    } catch (dev.rollouttest.manifest.ManifestException e) {
      throw new InvalidManifestException(e.getMessage(), e.getCause());
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

  private static String sources(List<ManifestDocument> documents) {
    return String.join(", ", documents.stream().map(ManifestDocument::source).distinct().toList());
  }
}
