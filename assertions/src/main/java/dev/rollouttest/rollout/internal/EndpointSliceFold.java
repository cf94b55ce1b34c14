package dev.rollouttest.rollout.internal;

import dev.rollouttest.kube.Services;
import dev.rollouttest.model.Moment;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The EndpointSlices of the namespace as the watch events show them: per Service, its ready and
 * terminating endpoints, the pods it lists as ready, and the most ready endpoints it had at once.
 * Not thread-safe: the recorder folds under its lock.
 */
final class EndpointSliceFold {

  private final Map<String, Slice> slices = new HashMap<>();
  private final Map<String, Integer> peakReady = new HashMap<>();

  /** One EndpointSlice: the Service it belongs to, its ready pods, its terminating endpoints. */
  private record Slice(
      @Nullable String service, Set<String> readyPods, int ready, int terminating) {}

  /** Folds in an event of an EndpointSlice. */
  void fold(EndpointSlice slice, boolean deleted) {
    String name = slice.getMetadata().getName();
    if (deleted) {
      slices.remove(name);
      return;
    }
    String service =
        slice.getMetadata().getLabels() == null
            ? null
            : slice.getMetadata().getLabels().get(Services.SERVICE_NAME_LABEL);
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
      peakReady.merge(service, total, Math::max);
    }
  }

  /** The endpoints of {@code service} now, with its peak of ready endpoints so far. */
  Moment.EndpointCounts counts(String service) {
    int ready = 0;
    int terminating = 0;
    for (Slice slice : slices.values()) {
      if (service.equals(slice.service())) {
        ready += slice.ready();
        terminating += slice.terminating();
      }
    }
    return new Moment.EndpointCounts(ready, terminating, peakReady.getOrDefault(service, 0));
  }

  /**
   * Why the endpoints have not caught up with the pods, or empty when they have: each of {@code
   * selecting} (the Services that select the pods) lists every one of {@code ready} as a ready
   * endpoint, and none of {@code terminating}.
   */
  Optional<String> unsettled(
      List<String> selecting, Collection<String> ready, Collection<String> terminating) {
    for (String service : selecting) {
      Set<String> endpoints = new HashSet<>();
      slices.values().stream()
          .filter(s -> service.equals(s.service()))
          .forEach(s -> endpoints.addAll(s.readyPods()));
      List<String> missing = ready.stream().sorted().filter(p -> !endpoints.contains(p)).toList();
      List<String> stale = terminating.stream().filter(endpoints::contains).toList();
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
}
