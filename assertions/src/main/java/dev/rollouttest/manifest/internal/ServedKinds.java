package dev.rollouttest.manifest.internal;

import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Whether the kind of a document is namespaced or cluster-scoped, as the API server's discovery
 * says: not a list of kinds of ours, so that a CustomResourceDefinition's own scope counts. Asks
 * once per group/version; one instance serves one apply, so a CRD applied since is seen by the
 * next.
 */
final class ServedKinds {

  /** Where objects of a kind live, or why that is not known. */
  enum Scope {
    NAMESPACED,
    CLUSTER,
    /** The group/version is served, but not this kind in it. */
    UNKNOWN_KIND,
    /** The API server does not know the group/version at all. */
    UNKNOWN_GROUP_VERSION
  }

  private final KubernetesClient client;
  private final Map<String, Optional<APIResourceList>> byGroupVersion = new HashMap<>();

  ServedKinds(KubernetesClient client) {
    this.client = client;
  }

  Scope scopeOf(HasMetadata object) {
    Optional<APIResourceList> served =
        byGroupVersion.computeIfAbsent(object.getApiVersion(), this::discover);
    if (served.isEmpty()) {
      return Scope.UNKNOWN_GROUP_VERSION;
    }
    return served.get().getResources().stream()
        .filter(r -> object.getKind().equals(r.getKind()) && !r.getName().contains("/"))
        .findFirst()
        .map(r -> Boolean.TRUE.equals(r.getNamespaced()) ? Scope.NAMESPACED : Scope.CLUSTER)
        .orElse(Scope.UNKNOWN_KIND);
  }

  private Optional<APIResourceList> discover(String groupVersion) {
    try {
      return Optional.ofNullable(client.getApiResources(groupVersion));
    } catch (KubernetesClientException e) {
      return Optional.empty();
    }
  }
}
