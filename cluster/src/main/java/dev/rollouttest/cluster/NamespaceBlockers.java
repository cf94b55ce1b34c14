package dev.rollouttest.cluster;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One line that says why a namespace does not finish deleting: the objects left in it with their
 * finalizers, and the namespace controller's conditions, e.g. {@code namespace t-abc is still
 * Terminating: ConfigMap blocker has finalizer example.com/never (condition
 * NamespaceFinalizersRemaining: Some content in the namespace has finalizers remaining:
 * example.com/never in 1 resource instances)}.
 *
 * <p>The objects are found from the controller's own {@code NamespaceContentRemaining} condition,
 * which names each resource that still has instances ({@code configmaps. has 1 resource
 * instances}): only those resources are listed, so describing costs a few calls, not a discovery of
 * every API.
 */
final class NamespaceBlockers {

  /** {@code configmaps. has 1 resource instances}, {@code deployments.apps has 2 ...}. */
  private static final Pattern REMAINING =
      Pattern.compile("([^\\s.,:]+)\\.([^\\s,]*) has \\d+ resource instances");

  /** At most this many objects are named; the rest are counted. */
  private static final int MAX_OBJECTS = 5;

  private final KubernetesClient client;
  private final Namespace namespace;

  NamespaceBlockers(KubernetesClient client, Namespace namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /** The line naming the namespace, what is left in it, and the conditions that say why. */
  String describe() {
    String name = namespace.getMetadata().getName();
    List<String> blockers = new ArrayList<>();
    List<String> own = namespace.getMetadata().getFinalizers();
    if (own != null && !own.isEmpty()) {
      blockers.add("the Namespace itself has " + finalizers(own));
    }
    blockers.addAll(objects(name));
    List<NamespaceCondition> conditions = NamespaceDeletions.trueConditions(namespace);
    StringBuilder line =
        new StringBuilder("namespace ").append(name).append(" is still Terminating");
    line.append(blockers.isEmpty() ? "" : ": " + String.join("; ", blockers));
    if (!conditions.isEmpty()) {
      line.append(conditions.size() == 1 ? " (condition " : " (conditions ")
          .append(
              conditions.stream()
                  .map(c -> c.getType() + ": " + c.getMessage())
                  .collect(Collectors.joining("; ")))
          .append(')');
    }
    return line.toString();
  }

  /** The objects left in the namespace, with their finalizers, as the controller counts them. */
  private List<String> objects(String name) {
    Optional<NamespaceCondition> remaining =
        NamespaceDeletions.trueConditions(namespace).stream()
            .filter(c -> "NamespaceContentRemaining".equals(c.getType()))
            .findFirst();
    if (remaining.isEmpty() || remaining.get().getMessage() == null) {
      return List.of();
    }
    List<String> found = new ArrayList<>();
    int more = 0;
    Matcher m = REMAINING.matcher(remaining.get().getMessage());
    while (m.find()) {
      for (GenericKubernetesResource object : list(name, m.group(2), m.group(1))) {
        if (found.size() < MAX_OBJECTS) {
          found.add(describe(object));
        } else {
          more++;
        }
      }
    }
    if (more > 0) {
      found.add("and " + more + " more object" + (more == 1 ? "" : "s"));
    }
    return found;
  }

  /** The objects of one resource in the namespace, or none when the API cannot be read. */
  private List<GenericKubernetesResource> list(String name, String group, String plural) {
    try {
      String groupVersion = group.isEmpty() ? "v1" : preferredVersion(group);
      APIResourceList resources = client.getApiResources(groupVersion);
      String kind =
          resources == null
              ? plural
              : resources.getResources().stream()
                  .filter(r -> plural.equals(r.getName()))
                  .map(APIResource::getKind)
                  .findFirst()
                  .orElse(plural);
      ResourceDefinitionContext context =
          new ResourceDefinitionContext.Builder()
              .withGroup(group)
              .withVersion(groupVersion.substring(groupVersion.indexOf('/') + 1))
              .withPlural(plural)
              .withKind(kind)
              .withNamespaced(true)
              .build();
      List<GenericKubernetesResource> items =
          client.genericKubernetesResources(context).inNamespace(name).list().getItems();
      items.forEach(i -> i.setKind(kind));
      return items;
    } catch (KubernetesClientException | IllegalStateException e) {
      return List.of();
    }
  }

  private String preferredVersion(String group) {
    APIGroup api = client.getApiGroup(group);
    if (api == null || api.getPreferredVersion() == null) {
      throw new IllegalStateException("no API group " + group);
    }
    return api.getPreferredVersion().getGroupVersion();
  }

  private static String describe(GenericKubernetesResource object) {
    String what = object.getKind() + " " + object.getMetadata().getName();
    List<String> finalizers = object.getMetadata().getFinalizers();
    return finalizers == null || finalizers.isEmpty()
        ? what + " is being deleted"
        : what + " has " + finalizers(finalizers);
  }

  private static String finalizers(List<String> finalizers) {
    return (finalizers.size() == 1 ? "finalizer " : "finalizers ") + String.join(", ", finalizers);
  }
}
