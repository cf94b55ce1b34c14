package dev.rollouttest.watch;

import dev.rollouttest.model.RolloutTimeline;
import dev.rollouttest.model.Snapshot;
import dev.rollouttest.rollout.DeploymentRollout;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Records every moment of a Deployment's rollout: informers on the Deployment, its ReplicaSets, its
 * pods and the EndpointSlices of the named Services turn each watch event into an immutable {@link
 * Snapshot} with a monotonic timestamp. Start it before sending the change; {@link #stop()} returns
 * the {@link RolloutTimeline}.
 *
 * <p>fabric8's informers re-list and re-watch by themselves when a watch drops; the store then
 * catches up and the next event records the reconciled state.
 */
public final class RolloutRecorder implements AutoCloseable {

  private final String namespace;
  private final String name;
  private final long start = System.nanoTime();
  private final Object lock = new Object();
  private final List<Snapshot> entries = new ArrayList<>();
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private final SharedIndexInformer<Deployment> deployment;
  private final SharedIndexInformer<ReplicaSet> replicaSets;
  private final SharedIndexInformer<Pod> pods;
  private final SharedIndexInformer<EndpointSlice> endpointSlices;
  private final List<String> services;
  // The recorder's own view, folded from the events in the order they were delivered: each snapshot
  // shows exactly
  // what the events so far say, so every transition is attributed to the event that carried it.
  // (The informers'
  // stores run ahead of their event handlers.)
  private Deployment currentDeployment;
  private final Map<String, ReplicaSet> currentReplicaSets = new HashMap<>();
  private final Map<String, Pod> currentPods = new HashMap<>();
  private final Map<String, EndpointSlice> currentSlices = new HashMap<>();
  private volatile boolean recording;
  private long changeGeneration;

  private RolloutRecorder(DeploymentRollout rollout, List<String> services) {
    KubernetesClient client = rollout.client();
    this.namespace = rollout.namespace();
    this.name = rollout.name();
    this.services = List.copyOf(services);
    Deployment current = rollout.get();
    Map<String, String> selector = current.getSpec().getSelector().getMatchLabels();
    deployment =
        client.apps().deployments().inNamespace(namespace).withName(name).runnableInformer(0);
    replicaSets = client.apps().replicaSets().inNamespace(namespace).runnableInformer(0);
    pods = client.pods().inNamespace(namespace).withLabels(selector).runnableInformer(0);
    endpointSlices =
        client.discovery().v1().endpointSlices().inNamespace(namespace).runnableInformer(0);
    for (SharedIndexInformer<?> informer : List.of(deployment, replicaSets, pods, endpointSlices)) {
      informers.add(informer);
    }
    deployment.addEventHandler(handler());
    replicaSets.addEventHandler(handler());
    pods.addEventHandler(handler());
    endpointSlices.addEventHandler(handler());
  }

  /**
   * Starts watching and returns once every informer has its initial list.
   *
   * @param services Services whose EndpointSlices are recorded
   */
  public static RolloutRecorder start(DeploymentRollout rollout, List<String> services) {
    RolloutRecorder recorder = new RolloutRecorder(rollout, services);
    try {
      for (SharedIndexInformer<?> informer : recorder.informers) {
        informer.start().toCompletableFuture().get(60, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      recorder.close();
      throw new IllegalStateException(
          "Could not start watching Deployment " + recorder.namespace + "/" + recorder.name, e);
    }
    synchronized (recorder.lock) {
      recorder.currentDeployment =
          recorder.deployment.getStore().getByKey(recorder.namespace + "/" + recorder.name);
      recorder
          .replicaSets
          .getStore()
          .list()
          .forEach(o -> recorder.currentReplicaSets.put(o.getMetadata().getName(), o));
      recorder
          .pods
          .getStore()
          .list()
          .forEach(o -> recorder.currentPods.put(o.getMetadata().getName(), o));
      recorder
          .endpointSlices
          .getStore()
          .list()
          .forEach(o -> recorder.currentSlices.put(o.getMetadata().getName(), o));
      recorder.recording = true;
    }
    recorder.record(null, false, "recording started");
    return recorder;
  }

  /**
   * The generation of the change under test; invariants apply once the controller has observed it.
   */
  public void changeGeneration(long generation) {
    synchronized (lock) {
      this.changeGeneration = generation;
    }
  }

  /** Stops the watches and returns every recorded moment. */
  public RolloutTimeline stop() {
    close();
    synchronized (lock) {
      return new RolloutTimeline(namespace, name, changeGeneration, entries);
    }
  }

  @Override
  public void close() {
    recording = false;
    informers.forEach(SharedIndexInformer::close);
  }

  private <T extends HasMetadata> ResourceEventHandler<T> handler() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        record(obj, false, obj.getKind() + " " + obj.getMetadata().getName() + " ADDED");
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        record(
            newObj,
            false,
            newObj.getKind()
                + " "
                + newObj.getMetadata().getName()
                + " MODIFIED"
                + change(oldObj, newObj));
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        record(obj, true, obj.getKind() + " " + obj.getMetadata().getName() + " DELETED");
      }
    };
  }

  private static String change(HasMetadata before, HasMetadata after) {
    if (before instanceof Pod a && after instanceof Pod b) {
      if (a.getMetadata().getDeletionTimestamp() == null
          && b.getMetadata().getDeletionTimestamp() != null) {
        return ": terminating";
      }
      if (ready(a) != ready(b)) {
        return ready(b) ? ": Ready" : ": not Ready";
      }
    }
    return "";
  }

  private void record(HasMetadata object, boolean deleted, String event) {
    synchronized (lock) {
      if (!recording) {
        return;
      }
      if (object instanceof Deployment d) {
        currentDeployment = deleted ? null : d;
      } else if (object instanceof ReplicaSet rs) {
        fold(currentReplicaSets, rs, deleted);
      } else if (object instanceof Pod pod) {
        fold(currentPods, pod, deleted);
      } else if (object instanceof EndpointSlice slice) {
        fold(currentSlices, slice, deleted);
      }
      if (currentDeployment != null) {
        entries.add(snapshot(currentDeployment, event));
      }
    }
  }

  private static <T extends HasMetadata> void fold(
      Map<String, T> state, T object, boolean deleted) {
    if (deleted) {
      state.remove(object.getMetadata().getName());
    } else {
      state.put(object.getMetadata().getName(), object);
    }
  }

  private Snapshot snapshot(Deployment d, String event) {
    String uid = d.getMetadata().getUid();
    Map<String, Long> revisionByHash = new HashMap<>();
    Map<Long, int[]> counts = new TreeMap<>();
    for (ReplicaSet rs : currentReplicaSets.values()) {
      boolean owned =
          rs.getMetadata().getOwnerReferences() != null
              && rs.getMetadata().getOwnerReferences().stream()
                  .anyMatch(o -> uid.equals(o.getUid()));
      if (!owned) {
        continue;
      }
      long revision = DeploymentRollout.revisionOf(rs);
      String hash =
          rs.getMetadata().getLabels() == null
              ? null
              : rs.getMetadata().getLabels().get("pod-template-hash");
      revisionByHash.put(hash, revision);
      counts.computeIfAbsent(revision, r -> new int[4])[0] =
          rs.getSpec().getReplicas() == null ? 0 : rs.getSpec().getReplicas();
    }
    List<String> ready = new ArrayList<>();
    List<String> unready = new ArrayList<>();
    List<String> terminating = new ArrayList<>();
    for (Pod pod : currentPods.values()) {
      String podName = pod.getMetadata().getName();
      String hash =
          pod.getMetadata().getLabels() == null
              ? null
              : pod.getMetadata().getLabels().get("pod-template-hash");
      int[] c = counts.computeIfAbsent(revisionByHash.getOrDefault(hash, 0L), r -> new int[4]);
      if (pod.getMetadata().getDeletionTimestamp() != null) {
        terminating.add(podName);
        c[3]++;
      } else {
        c[1]++;
        if (ready(pod)) {
          ready.add(podName);
          c[2]++;
        } else {
          unready.add(podName);
        }
      }
    }
    Map<Long, Snapshot.RevisionCounts> revisions = new TreeMap<>();
    counts.forEach((r, c) -> revisions.put(r, new Snapshot.RevisionCounts(c[0], c[1], c[2], c[3])));
    Map<String, Snapshot.EndpointCounts> endpoints = new TreeMap<>();
    for (String service : services) {
      int readyEndpoints = 0;
      int terminatingEndpoints = 0;
      for (EndpointSlice slice : currentSlices.values()) {
        if (!service.equals(
            slice.getMetadata().getLabels() == null
                ? null
                : slice.getMetadata().getLabels().get("kubernetes.io/service-name"))) {
          continue;
        }
        for (Endpoint e :
            slice.getEndpoints() == null ? List.<Endpoint>of() : slice.getEndpoints()) {
          var cond = e.getConditions();
          if (cond != null && Boolean.TRUE.equals(cond.getReady())) {
            readyEndpoints++;
          } else if (cond != null && Boolean.TRUE.equals(cond.getTerminating())) {
            terminatingEndpoints++;
          }
        }
      }
      endpoints.put(service, new Snapshot.EndpointCounts(readyEndpoints, terminatingEndpoints));
    }
    int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    int[] fenceposts = fenceposts(d, replicas);
    java.util.Collections.sort(ready);
    java.util.Collections.sort(unready);
    java.util.Collections.sort(terminating);
    return new Snapshot(
        Duration.ofNanos(System.nanoTime() - start),
        event,
        d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration(),
        d.getStatus() == null || d.getStatus().getObservedGeneration() == null
            ? 0
            : d.getStatus().getObservedGeneration(),
        replicas,
        replicas - fenceposts[1],
        replicas + fenceposts[0],
        revisions,
        ready,
        unready,
        terminating,
        endpoints);
  }

  /**
   * maxSurge and maxUnavailable as the Deployment controller resolves them: percentages of
   * replicas, surge rounded up and unavailable down; both zero forces unavailable to 1; Recreate
   * has neither.
   */
  static int[] fenceposts(Deployment d, int replicas) {
    var strategy = d.getSpec().getStrategy();
    if (strategy != null && "Recreate".equals(strategy.getType())) {
      return new int[] {0, replicas};
    }
    var rolling = strategy == null ? null : strategy.getRollingUpdate();
    int surge = scaled(rolling == null ? null : rolling.getMaxSurge(), replicas, true, "25%");
    int unavailable =
        scaled(rolling == null ? null : rolling.getMaxUnavailable(), replicas, false, "25%");
    if (surge == 0 && unavailable == 0) {
      unavailable = 1;
    }
    return new int[] {surge, Math.min(unavailable, replicas)};
  }

  private static int scaled(IntOrString value, int total, boolean roundUp, String fallback) {
    IntOrString v = value == null ? new IntOrString(fallback) : value;
    if (v.getIntVal() != null) {
      return v.getIntVal();
    }
    String s = v.getStrVal();
    if (s.endsWith("%")) {
      double percent = Integer.parseInt(s.substring(0, s.length() - 1)) * total / 100.0;
      return (int) (roundUp ? Math.ceil(percent) : Math.floor(percent));
    }
    return Integer.parseInt(s);
  }

  static boolean ready(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
