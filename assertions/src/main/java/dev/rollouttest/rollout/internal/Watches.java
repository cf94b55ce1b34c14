package dev.rollouttest.rollout.internal;

import dev.rollouttest.kube.Pods;
import dev.rollouttest.kube.Services;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ExceptionHandler;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The informers of a recording: on the Deployment, the ReplicaSets of its namespace, its pods (by
 * its selector) and the EndpointSlices of the namespace. Each watch event goes to {@link Events}
 * with its cause in words ({@code Pod web-1 MODIFIED: Ready}); a watch or list that fails goes
 * there too. fabric8's informers resume a dropped watch from the last resourceVersion and re-list
 * when the server has compacted it (410 Gone), reporting the difference as add, update and delete
 * events.
 */
final class Watches implements AutoCloseable {

  /** Where the events of the watches go, on the informers' threads. */
  interface Events {

    /**
     * A watch event: {@code object} as it now is (its last state when {@code deleted}), {@code
     * event} its cause, {@code arrived} the {@link System#nanoTime()} it arrived at.
     */
    void changed(HasMetadata object, boolean deleted, String event, long arrived);

    /** The watch or list of {@code kind} failed; the informer re-establishes it. */
    void failed(String kind, Throwable error);
  }

  // by kind, in the order their initial lists are folded in
  private final Map<String, SharedIndexInformer<? extends HasMetadata>> informers =
      new LinkedHashMap<>();

  Watches(
      KubernetesClient client,
      String namespace,
      String name,
      Map<String, String> selector,
      Events events) {
    informers.put(
        "Deployment",
        client.apps().deployments().inNamespace(namespace).withName(name).runnableInformer(0));
    informers.put(
        "ReplicaSet", client.apps().replicaSets().inNamespace(namespace).runnableInformer(0));
    informers.put(
        "Pod", client.pods().inNamespace(namespace).withLabels(selector).runnableInformer(0));
    informers.put(
        "EndpointSlice",
        client.discovery().v1().endpointSlices().inNamespace(namespace).runnableInformer(0));
    informers.forEach(
        (kind, informer) -> {
          addHandler(informer, events);
          informer.exceptionHandler(failureHandler(kind, events));
        });
  }

  /**
   * The Services of the namespace that select the Deployment's pods (as {@link Services#selects}
   * decides, on the labels of its pod template), by name.
   */
  static List<String> selecting(KubernetesClient client, String namespace, Deployment deployment) {
    var metadata = deployment.getSpec().getTemplate().getMetadata();
    Map<String, String> labels =
        metadata == null || metadata.getLabels() == null ? Map.of() : metadata.getLabels();
    List<String> names = new ArrayList<>();
    for (Service service : client.services().inNamespace(namespace).list().getItems()) {
      if (Services.selects(service, labels)) {
        names.add(service.getMetadata().getName());
      }
    }
    names.sort(null);
    return List.copyOf(names);
  }

  /** Starts every informer and waits until all have their initial lists (they run at once). */
  void start(Duration timeout) throws Exception {
    CompletableFuture.allOf(
            informers.values().stream()
                .map(i -> i.start().toCompletableFuture())
                .toArray(CompletableFuture[]::new))
        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Gives each object the informers hold now to {@code fold}: the Deployment first. */
  void forEachListed(Consumer<HasMetadata> fold) {
    informers.values().forEach(i -> i.getStore().list().forEach(fold));
  }

  /** The watched kinds, in order: Deployment, ReplicaSet, Pod, EndpointSlice. */
  List<String> kinds() {
    return List.copyOf(informers.keySet());
  }

  /** Whether the watch of {@code kind} is up now. */
  boolean watching(String kind) {
    return java.util.Objects.requireNonNull(informers.get(kind), kind).isWatching();
  }

  @Override
  public void close() {
    informers.values().forEach(SharedIndexInformer::close);
  }

  private static <T extends HasMetadata> void addHandler(
      SharedIndexInformer<T> informer, Events events) {
    informer.addEventHandler(
        new ResourceEventHandler<T>() {
          @Override
          public void onAdd(T obj) {
            long arrived = System.nanoTime();
            events.changed(obj, false, describe(obj) + " ADDED", arrived);
          }

          @Override
          public void onUpdate(T oldObj, T newObj) {
            long arrived = System.nanoTime();
            events.changed(
                newObj, false, describe(newObj) + " MODIFIED" + change(oldObj, newObj), arrived);
          }

          @Override
          public void onDelete(T obj, boolean deletedFinalStateUnknown) {
            long arrived = System.nanoTime();
            events.changed(obj, true, describe(obj) + " DELETED", arrived);
          }
        });
  }

  private static String describe(HasMetadata object) {
    return object.getKind() + " " + object.getMetadata().getName();
  }

  /** What changed that matters to a rollout, e.g. {@code : Ready}; nothing for other changes. */
  private static String change(HasMetadata before, HasMetadata after) {
    if (before instanceof Pod a && after instanceof Pod b) {
      if (!Pods.terminating(a) && Pods.terminating(b)) {
        return ": terminating";
      }
      if (Pods.ready(a) != Pods.ready(b)) {
        return Pods.ready(b) ? ": Ready" : ": not Ready";
      }
    }
    return "";
  }

  /**
   * Reports a failed watch or list (once the informer has started) and lets the informer retry it,
   * unless the objects could not be read.
   */
  private static ExceptionHandler failureHandler(String kind, Events events) {
    return (started, error) -> {
      if (started) {
        events.failed(kind, error);
      }
      return started && !ExceptionHandler.isDeserializationException(error);
    };
  }
}
