package dev.rollouttest.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.stream.Stream;

/** What a Service's EndpointSlices list right now, read from the API server. */
public final class Endpoints {

  private Endpoints() {}

  /** The pods the Service's EndpointSlices list as ready endpoints, by name, sorted. */
  public static List<String> readyPods(KubernetesClient client, String service) {
    return client
        .discovery()
        .v1()
        .endpointSlices()
        .withLabel("kubernetes.io/service-name", service)
        .list()
        .getItems()
        .stream()
        .flatMap(s -> s.getEndpoints() == null ? Stream.empty() : s.getEndpoints().stream())
        .filter(e -> Boolean.TRUE.equals(e.getConditions().getReady()))
        .map(e -> e.getTargetRef().getName())
        .sorted()
        .toList();
  }
}
