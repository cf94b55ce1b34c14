package dev.rollouttest.watch;

import dev.rollouttest.kube.Fenceposts;
import dev.rollouttest.kube.Revisions;
import dev.rollouttest.model.Moment;
import dev.rollouttest.rollout.FailFast;
import dev.rollouttest.rollout.RolloutFailure;
import dev.rollouttest.rollout.RolloutStatus;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.pcollections.TreePSet;

/**
 * The recorder's own view of one Deployment's rollout, folded from watch events in the order they
 * were delivered: the Deployment, its ReplicaSets, its pods and the EndpointSlices of the
 * namespace. Every verdict (complete, failed fast, settled) and every {@link Moment} comes from
 * this one view, so the verdict and the invariants never disagree. Not thread-safe: the recorder
 * calls it under its lock.
 */
final class RolloutView {

  private static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";

  private final List<String> services;
  private Deployment deployment;
  private Deployment lastDeployment;
  // the Deployment as of the last generation the controller has observed
  private Deployment observed;
  private final Map<String, ReplicaSet> replicaSets = new HashMap<>();
  // pods are folded incrementally: each pod event moves one name between persistent sorted sets,
  // which the moments share, so a moment costs O(log n) time and memory, not O(n)
  private final Map<String, PodState> pods = new HashMap<>();
  private final Map<String, int[]> podsByHash = new HashMap<>();
  private final Map<String, Integer> phases = new TreeMap<>();
  private final Map<String, PodProblem> problems = new TreeMap<>();
  private TreePSet<String> readyPods = TreePSet.empty();
  private TreePSet<String> warmingPods = TreePSet.empty();
  private TreePSet<String> unreadyPods = TreePSet.empty();
  // pods Ready but not yet for minReadySeconds: when each becomes available
  private final Map<String, Instant> availableAt = new HashMap<>();
  private final Clock clock;
  private TreePSet<String> terminatingPods = TreePSet.empty();
  private final Map<String, Slice> slices = new HashMap<>();
  private int peakAvailable;
  private final Map<String, Integer> peakReadyEndpoints = new HashMap<>();
  // the controller's "new ReplicaSet": its revision and hash; null when to be found again
  private NewReplicaSet newReplicaSet;

  /**
   * Where a pod is: its template hash, whether it is available (Ready for minReadySeconds), Ready
   * but not yet available, unready or terminating, and its phase.
   */
  private record PodState(String hash, Category category, String phase) {}

  private enum Category {
    READY,
    UNREADY,
    TERMINATING,
    WARMING
  }

  /** A container of a pod that shows a failure, one line for the failure message. */
  private record PodProblem(String hash, RolloutFailure kind, int restarts, String line) {}

  /** One EndpointSlice: the Service it belongs to, its ready pods, its terminating endpoints. */
  private record Slice(String service, Set<String> readyPods, int ready, int terminating) {}

  private record NewReplicaSet(long revision, String hash) {}

  /** What ended a wait early: the rule and the pods of the new revision that show it. */
  record FailFastHit(RolloutFailure failure, List<String> pods) {}

  /**
   * @param services Services whose EndpointSlices go into each moment
   */
  RolloutView(List<String> services) {
    this(services, Clock.systemUTC());
  }

  /**
   * @param clock the clock a pod's Ready time is compared with, as the controller compares it with
   *     its own
   */
  RolloutView(List<String> services, Clock clock) {
    this.services = List.copyOf(services);
    this.clock = clock;
  }

  /** Folds one object from a watch event (or an initial list) into the view. */
  void fold(HasMetadata object, boolean deleted) {
    if (object instanceof Deployment d) {
      deployment = deleted ? null : d;
      lastDeployment = d;
      if (d.getStatus() != null
          && d.getStatus().getObservedGeneration() != null
          && d.getMetadata().getGeneration() != null
          && d.getStatus().getObservedGeneration() >= d.getMetadata().getGeneration()) {
        observed = d;
      }
      newReplicaSet = null;
    } else if (object instanceof ReplicaSet rs) {
      if (deleted) {
        replicaSets.remove(rs.getMetadata().getName());
      } else {
        replicaSets.put(rs.getMetadata().getName(), rs);
      }
      newReplicaSet = null;
    } else if (object instanceof Pod pod) {
      foldPod(pod, deleted);
    } else if (object instanceof EndpointSlice slice) {
      foldSlice(slice, deleted);
    }
  }

  /** The Deployment as the events so far show it, or null before it exists. */
  Deployment deployment() {
    return deployment;
  }

  /** The Deployment as last seen, deleted or not; null before it was seen. */
  Deployment lastDeployment() {
    return lastDeployment;
  }

  /** kubectl rollout status's verdict on the Deployment as the events so far show it. */
  RolloutStatus status() {
    return RolloutStatus.of(deployment);
  }

  /**
   * The first fail-fast rule that fires on the pods of the new revision, if any; {@code
   * ProgressDeadlineExceeded} always does.
   */
  Optional<FailFastHit> failFast(FailFast policy) {
    if (deployment == null) {
      return Optional.empty();
    }
    RolloutStatus status = status();
    if (status.failed() && status.message().contains("exceeded its progress deadline")) {
      return Optional.of(
          new FailFastHit(RolloutFailure.PROGRESS_DEADLINE_EXCEEDED, newRevisionProblems(null, 0)));
    }
    for (RolloutFailure rule :
        List.of(RolloutFailure.IMAGE_PULL_FAILURE, RolloutFailure.CRASHING_PODS)) {
      if (policy.stopsOn(rule)) {
        List<String> pods = newRevisionProblems(rule, policy.crashLoopRestarts());
        if (!pods.isEmpty()) {
          return Optional.of(new FailFastHit(rule, pods));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The pods of the new revision (by pod-template-hash) that show {@code kind} (any kind when
   * null), crash loops only from {@code restarts} restarts on; one line each, sorted.
   */
  private List<String> newRevisionProblems(RolloutFailure kind, int restarts) {
    NewReplicaSet fresh = newReplicaSet();
    if (fresh == null) {
      return List.of();
    }
    List<String> lines = new ArrayList<>();
    problems.forEach(
        (pod, p) -> {
          if (fresh.hash().equals(p.hash())
              && (kind == null || kind == p.kind())
              && (p.kind() != RolloutFailure.CRASHING_PODS || p.restarts() >= restarts)) {
            lines.add(pod + ": " + p.line());
          }
        });
    return lines;
  }

  /** The Deployment's pods that are terminating: deleted, their containers not yet gone. */
  List<String> terminating() {
    return List.copyOf(terminatingPods);
  }

  /**
   * Why the state is not settled yet, or empty when it is: every ready pod of the Deployment is a
   * ready endpoint of each of {@code selecting} (the Services that select its pods), and no
   * terminating pod still is.
   */
  Optional<String> unsettled(List<String> selecting) {
    for (String service : selecting) {
      Set<String> endpoints = new HashSet<>();
      slices.values().stream()
          .filter(s -> service.equals(s.service()))
          .forEach(s -> endpoints.addAll(s.readyPods()));
      List<String> missing =
          java.util.stream.Stream.concat(readyPods.stream(), warmingPods.stream())
              .sorted()
              .filter(p -> !endpoints.contains(p))
              .toList();
      List<String> stale = terminatingPods.stream().filter(endpoints::contains).toList();
      if (!missing.isEmpty() || !stale.isEmpty()) {
        return Optional.of(
            "Service "
                + service
                + (missing.isEmpty() ? "" : " does not list ready pods " + missing)
                + (!missing.isEmpty() && !stale.isEmpty() ? " and" : "")
                + (stale.isEmpty() ? "" : " still lists terminating pods " + stale)
                + " as ready endpoints");
      }
    }
    return Optional.empty();
  }

  /** The state now, as an immutable moment; needs the Deployment. */
  Moment moment(Duration at, String event) {
    Deployment d = Objects.requireNonNull(deployment, "deployment");
    String uid = d.getMetadata().getUid();
    Map<String, Long> revisionByHash = new HashMap<>();
    Map<Long, int[]> counts = new TreeMap<>();
    int maxReplicasAnnotated = 0;
    for (ReplicaSet rs : replicaSets.values()) {
      if (!ownedBy(rs, uid)) {
        continue;
      }
      long revision = Revisions.of(rs);
      revisionByHash.put(hash(rs.getMetadata().getLabels()), revision);
      int[] c = counts.computeIfAbsent(revision, r -> new int[5]);
      c[0] = rs.getSpec().getReplicas() == null ? 0 : rs.getSpec().getReplicas();
      c[4] =
          rs.getStatus() == null || rs.getStatus().getAvailableReplicas() == null
              ? 0
              : rs.getStatus().getAvailableReplicas();
      if (c[0] > 0) {
        maxReplicasAnnotated = Math.max(maxReplicasAnnotated, annotatedMaxReplicas(rs));
      }
    }
    podsByHash.forEach(
        (hash, c) -> {
          if (c[0] + c[1] + c[2] + c[3] > 0) {
            int[] r =
                counts.computeIfAbsent(revisionByHash.getOrDefault(hash, 0L), x -> new int[5]);
            r[1] += c[0] + c[1] + c[3];
            r[2] += c[0] + c[3];
            r[3] += c[2];
          }
        });
    Map<Long, Moment.RevisionCounts> revisions = new TreeMap<>();
    counts.forEach(
        (r, c) -> revisions.put(r, new Moment.RevisionCounts(c[0], c[1], c[2], c[3], c[4])));
    Map<String, String> conditions = new TreeMap<>();
    if (d.getStatus() != null && d.getStatus().getConditions() != null) {
      for (var condition : d.getStatus().getConditions()) {
        conditions.put(
            condition.getType(),
            condition.getStatus()
                + (condition.getReason() == null ? "" : " (" + condition.getReason() + ")"));
      }
    }
    Map<String, Integer> podPhases = new TreeMap<>();
    phases.forEach(
        (phase, n) -> {
          if (n > 0) {
            podPhases.put(phase, n);
          }
        });
    Map<String, Moment.EndpointCounts> endpoints = new TreeMap<>();
    for (String service : services) {
      int ready = 0;
      int terminating = 0;
      for (Slice slice : slices.values()) {
        if (service.equals(slice.service())) {
          ready += slice.ready();
          terminating += slice.terminating();
        }
      }
      endpoints.put(
          service,
          new Moment.EndpointCounts(
              ready, terminating, peakReadyEndpoints.getOrDefault(service, 0)));
    }
    // Bounds the controller guarantees are judged against every spec it may be acting on: the
    // latest one, the last one it has observed and, for the surge, the bound under which it last
    // sized each ReplicaSet (its max-replicas annotation). The watches of the Deployment and of
    // its ReplicaSets deliver in their own orders, so a moment may show the new spec with a
    // ReplicaSet the controller has not resized yet, or the reverse.
    Deployment bounds = observed == null ? d : observed;
    int replicas = replicas(d);
    Fenceposts latest = Fenceposts.of(d, replicas);
    Fenceposts before = Fenceposts.of(bounds);
    int minAvailable =
        Math.min(replicas - latest.maxUnavailable(), replicas(bounds) - before.maxUnavailable());
    int maxTotal =
        Math.max(
            Math.max(replicas + latest.maxSurge(), replicas(bounds) + before.maxSurge()),
            maxReplicasAnnotated);
    NewReplicaSet fresh = newReplicaSet();
    return new Moment(
        at,
        event,
        d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration(),
        d.getStatus() == null || d.getStatus().getObservedGeneration() == null
            ? 0
            : d.getStatus().getObservedGeneration(),
        Revisions.of(d),
        fresh == null ? 0 : fresh.revision(),
        replicas,
        minAvailable,
        maxTotal,
        peakAvailable,
        revisions,
        readyPods,
        warmingPods,
        unreadyPods,
        terminatingPods,
        endpoints,
        conditions,
        podPhases);
  }

  /**
   * The ReplicaSet whose template equals the Deployment's, ignoring the pod-template-hash label, as
   * the controller finds its "new ReplicaSet"; found again only after a Deployment or ReplicaSet
   * event.
   */
  private NewReplicaSet newReplicaSet() {
    if (newReplicaSet != null || deployment == null) {
      return newReplicaSet;
    }
    String uid = deployment.getMetadata().getUid();
    for (ReplicaSet rs : replicaSets.values()) {
      if (ownedBy(rs, uid)
          && Revisions.sameTemplate(
              rs.getSpec().getTemplate(), deployment.getSpec().getTemplate())) {
        newReplicaSet = new NewReplicaSet(Revisions.of(rs), hash(rs.getMetadata().getLabels()));
        return newReplicaSet;
      }
    }
    return null;
  }

  private void foldPod(Pod pod, boolean deleted) {
    String name = pod.getMetadata().getName();
    PodState before = pods.remove(name);
    if (before != null) {
      move(name, before, -1);
    }
    problems.remove(name);
    if (!deleted) {
      String hash = hash(pod.getMetadata().getLabels());
      availableAt.remove(name);
      Category category;
      if (pod.getMetadata().getDeletionTimestamp() != null) {
        category = Category.TERMINATING;
      } else if (!ready(pod)) {
        category = Category.UNREADY;
      } else {
        Instant at = readySince(pod).plusSeconds(minReadySeconds());
        if (minReadySeconds() > 0 && at.isAfter(clock.instant())) {
          availableAt.put(name, at);
          category = Category.WARMING;
        } else {
          category = Category.READY;
        }
      }
      String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
      PodState now = new PodState(hash, category, phase == null ? "Unknown" : phase);
      pods.put(name, now);
      move(name, now, +1);
      if (category != Category.TERMINATING) {
        problem(pod, hash).ifPresent(p -> problems.put(name, p));
      }
    }
    peakAvailable = Math.max(peakAvailable, readyPods.size());
  }

  /**
   * How the container last ended, as kubelet reports it: {@code ; last exit: Error, exit code 1
   * (message)}, or nothing when it has not ended yet.
   */
  private static String lastExit(ContainerStatus c) {
    if (c.getLastState() == null || c.getLastState().getTerminated() == null) {
      return "";
    }
    var t = c.getLastState().getTerminated();
    String message = t.getMessage() == null ? "" : t.getMessage().strip();
    if (message.length() > 200) {
      message = message.substring(0, 200) + "...";
    }
    return "; last exit: "
        + (t.getReason() == null ? "terminated" : t.getReason())
        + ", exit code "
        + t.getExitCode()
        + (t.getSignal() != null && t.getSignal() != 0 ? ", signal " + t.getSignal() : "")
        + (message.isEmpty() ? "" : " (" + message + ")");
  }

  /** The first container of the pod that waits for a reason that is a rollout failure. */
  private static Optional<PodProblem> problem(Pod pod, String hash) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return Optional.empty();
    }
    for (ContainerStatus c : pod.getStatus().getContainerStatuses()) {
      if (c.getState() == null || c.getState().getWaiting() == null) {
        continue;
      }
      String reason = c.getState().getWaiting().getReason();
      Optional<RolloutFailure> kind = RolloutFailure.ofWaitingReason(reason);
      if (kind.isPresent()) {
        int restarts = c.getRestartCount() == null ? 0 : c.getRestartCount();
        String message = c.getState().getWaiting().getMessage();
        return Optional.of(
            new PodProblem(
                hash,
                kind.get(),
                restarts,
                "container "
                    + c.getName()
                    + " waiting: "
                    + reason
                    + (message == null || message.isBlank() ? "" : " (" + message + ")")
                    + (kind.get() == RolloutFailure.CRASHING_PODS
                        ? ", " + restarts + " restart" + (restarts == 1 ? "" : "s") + lastExit(c)
                        : "")));
      }
    }
    return Optional.empty();
  }

  private void move(String name, PodState state, int delta) {
    phases.merge(state.phase(), delta, Integer::sum);
    int[] counts = podsByHash.computeIfAbsent(state.hash(), h -> new int[4]);
    counts[state.category().ordinal()] += delta;
    switch (state.category()) {
      case READY -> readyPods = delta > 0 ? readyPods.plus(name) : readyPods.minus(name);
      case UNREADY -> unreadyPods = delta > 0 ? unreadyPods.plus(name) : unreadyPods.minus(name);
      case WARMING -> warmingPods = delta > 0 ? warmingPods.plus(name) : warmingPods.minus(name);
      case TERMINATING ->
          terminatingPods = delta > 0 ? terminatingPods.plus(name) : terminatingPods.minus(name);
    }
  }

  /**
   * Pods that have now been Ready for minReadySeconds become available, as the controller counts
   * them.
   *
   * @return their names, in order
   */
  List<String> promoteDue() {
    Instant now = clock.instant();
    List<String> due =
        availableAt.entrySet().stream()
            .filter(e -> !e.getValue().isAfter(now))
            .map(Map.Entry::getKey)
            .sorted()
            .toList();
    for (String name : due) {
      availableAt.remove(name);
      PodState warming = pods.remove(name);
      move(name, warming, -1);
      PodState available = new PodState(warming.hash(), Category.READY, warming.phase());
      pods.put(name, available);
      move(name, available, +1);
    }
    peakAvailable = Math.max(peakAvailable, readyPods.size());
    return due;
  }

  /** When the next pod that is Ready becomes available, if one is waiting. */
  Optional<Instant> nextAvailableAt() {
    return availableAt.values().stream().min(Instant::compareTo);
  }

  /** The Deployment's minReadySeconds, 0 when not set. */
  int minReadySeconds() {
    return deployment == null || deployment.getSpec().getMinReadySeconds() == null
        ? 0
        : deployment.getSpec().getMinReadySeconds();
  }

  /**
   * When the pod's Ready condition last turned true (to the second, as the API server keeps it).
   */
  private Instant readySince(Pod pod) {
    return pod.getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()) && c.getLastTransitionTime() != null)
        .map(c -> Instant.parse(c.getLastTransitionTime()))
        .findFirst()
        .orElse(clock.instant());
  }

  private void foldSlice(EndpointSlice slice, boolean deleted) {
    String name = slice.getMetadata().getName();
    if (deleted) {
      slices.remove(name);
      return;
    }
    String service =
        slice.getMetadata().getLabels() == null
            ? null
            : slice.getMetadata().getLabels().get("kubernetes.io/service-name");
    Set<String> ready = new HashSet<>();
    int readyCount = 0;
    int terminating = 0;
    for (Endpoint e : slice.getEndpoints() == null ? List.<Endpoint>of() : slice.getEndpoints()) {
      var cond = e.getConditions();
      if (cond != null && Boolean.TRUE.equals(cond.getReady())) {
        readyCount++;
        if (e.getTargetRef() != null && "Pod".equals(e.getTargetRef().getKind())) {
          ready.add(e.getTargetRef().getName());
        }
      } else if (cond != null && Boolean.TRUE.equals(cond.getTerminating())) {
        terminating++;
      }
    }
    slices.put(name, new Slice(service, Set.copyOf(ready), readyCount, terminating));
    if (service != null) {
      int total =
          slices.values().stream()
              .filter(s -> service.equals(s.service()))
              .mapToInt(Slice::ready)
              .sum();
      peakReadyEndpoints.merge(service, total, Math::max);
    }
  }

  private static boolean ownedBy(ReplicaSet rs, String uid) {
    return rs.getMetadata().getOwnerReferences() != null
        && rs.getMetadata().getOwnerReferences().stream().anyMatch(o -> uid.equals(o.getUid()));
  }

  private static String hash(Map<String, String> labels) {
    return labels == null ? "" : labels.getOrDefault(Revisions.POD_TEMPLATE_HASH, "");
  }

  private static int annotatedMaxReplicas(ReplicaSet rs) {
    Map<String, String> annotations = rs.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(MAX_REPLICAS);
    try {
      return value == null ? 0 : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static int replicas(Deployment d) {
    return Fenceposts.replicas(d);
  }

  static boolean ready(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
