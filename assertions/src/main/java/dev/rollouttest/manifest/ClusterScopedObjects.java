package dev.rollouttest.manifest;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster-scoped objects of one namespace's manifests (a ClusterRole, a ClusterRoleBinding, a
 * CustomResourceDefinition, a webhook configuration): which of them may be applied, how they are
 * labelled, and their deletion with the namespace.
 *
 * <p>A cluster-scoped object outlives the namespace it was applied for and affects everything that
 * runs later on the cluster: a ValidatingWebhookConfiguration left behind by one test makes the
 * next one time out. So manifests are applied with none of them unless each is allowed here by its
 * exact kind and name. An allowed object is labelled {@value #RUN_ID_LABEL} (the run id) and
 * {@value #NAMESPACE_LABEL} (this namespace), recorded when it is applied, and deleted by {@link
 * #deleteApplied} when the namespace is; an object that exists without this run's label is neither
 * changed nor deleted.
 *
 * <pre>{@code
 * ClusterScopedObjects clusterScoped =
 *     ClusterScopedObjects.allowing(List.of("ClusterRole/web-reader"), cluster.runId(), namespace);
 * gate.clusterScoped(clusterScoped).verify(client);
 * clusterScoped.deleteApplied(client);   // before the namespace is deleted
 * }</pre>
 *
 * <p>Thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ClusterScopedObjects {

  /** The label with the run id: the same as {@code KubernetesCluster.RUN_ID_LABEL}. */
  public static final String RUN_ID_LABEL = "rollout-test.dev/run-id";

  /** The label with the name of the namespace whose manifests applied the object. */
  public static final String NAMESPACE_LABEL = "rollout-test.dev/namespace";

  private static final Logger LOG = LoggerFactory.getLogger(ClusterScopedObjects.class);
  private static final Pattern KIND_NAME = Pattern.compile("[A-Z][A-Za-z0-9]*/[^/*,\\s]+");

  private final Set<String> allowed;
  private final String runId;
  private final String namespace;
  private final String howToAllow;

  /** What was applied, by API version, kind and name, in order. */
  private final Map<String, HasMetadata> applied = new LinkedHashMap<>();

  private ClusterScopedObjects(
      Set<String> allowed, String runId, String namespace, String howToAllow) {
    this.allowed = allowed;
    this.runId = runId;
    this.namespace = namespace;
    this.howToAllow = howToAllow;
  }

  /** None allowed: every cluster-scoped document is refused. */
  public static ClusterScopedObjects refused() {
    return new ClusterScopedObjects(Set.of(), "", "", "ClusterScopedObjects.allowing(...)");
  }

  /**
   * The objects named in {@code kindNames} may be applied for {@code namespace} of run {@code
   * runId}.
   *
   * @param kindNames exact {@code Kind/name} pairs such as {@code ClusterRole/web-reader}, without
   *     wildcards
   * @throws IllegalArgumentException naming an entry that is no {@code Kind/name} pair
   */
  public static ClusterScopedObjects allowing(
      Collection<String> kindNames, String runId, String namespace) {
    for (String kindName : kindNames) {
      if (!KIND_NAME.matcher(kindName).matches()) {
        throw new IllegalArgumentException(
            "'"
                + kindName
                + "' is not a Kind/name pair such as ClusterRole/web-reader; cluster-scoped objects"
                + " are allowed one by one, by their exact kind and name, without wildcards.");
      }
    }
    return new ClusterScopedObjects(
        Set.copyOf(kindNames),
        Objects.requireNonNull(runId, "runId"),
        Objects.requireNonNull(namespace, "namespace"),
        "ClusterScopedObjects.allowing(...)");
  }

  /**
   * The same allow-list, with the words that tell a user where to allow an object in the message
   * that refuses it, e.g. {@code "@RolloutTest(allowClusterScoped = ...)"}; nothing recorded yet.
   */
  public ClusterScopedObjects describingOptIn(String howToAllow) {
    return new ClusterScopedObjects(allowed, runId, namespace, howToAllow);
  }

  /** Where a user allows an object, for the message that refuses it. */
  public String howToAllow() {
    return howToAllow;
  }

  /** Whether the object of this kind and name may be applied. */
  public boolean allows(String kind, String name) {
    return allowed.contains(kind + "/" + name);
  }

  /** The id of the run whose objects these are. */
  public String runId() {
    return runId;
  }

  /** The labels an allowed object is applied with: the run id and the namespace. */
  public Map<String, String> labels() {
    return Map.of(RUN_ID_LABEL, runId, NAMESPACE_LABEL, namespace);
  }

  /**
   * Records an object about to be applied (with {@link #labels()}), for {@link #deleteApplied}.
   * Called by the applier.
   */
  public synchronized void applying(HasMetadata object) {
    applied.put(
        object.getApiVersion() + "/" + object.getKind() + "/" + object.getMetadata().getName(),
        object);
  }

  /** The objects applied so far, as {@code Kind/name}, in order. */
  public synchronized List<String> applied() {
    return applied.values().stream()
        .map(o -> o.getKind() + "/" + o.getMetadata().getName())
        .toList();
  }

  /**
   * Deletes the objects applied, last first, and forgets them. One that is gone already is skipped;
   * one that another namespace of this run applied since (its {@value #NAMESPACE_LABEL} names that
   * namespace) is left to that namespace.
   *
   * @throws IllegalStateException naming each object that is not labelled with this run, which is
   *     not deleted (the others are)
   */
  public void deleteApplied(KubernetesClient client) {
    List<HasMetadata> objects;
    synchronized (this) {
      objects = new ArrayList<>(applied.values());
      applied.clear();
    }
    java.util.Collections.reverse(objects);
    List<String> refused = new ArrayList<>();
    for (HasMetadata object : objects) {
      String kindName = object.getKind() + "/" + object.getMetadata().getName();
      HasMetadata live = client.resource(object).get();
      if (live == null) {
        continue;
      }
      Map<String, String> labels =
          Objects.requireNonNullElse(live.getMetadata().getLabels(), Map.of());
      String owner = labels.get(RUN_ID_LABEL);
      if (!runId.equals(owner)) {
        refused.add(
            kindName
                + " (its "
                + RUN_ID_LABEL
                + " label is "
                + (owner == null ? "absent" : "'" + owner + "'")
                + ")");
      } else if (!namespace.equals(labels.get(NAMESPACE_LABEL))) {
        LOG.info(
            "{} not deleted with namespace {}: it was applied again for namespace {}, which deletes"
                + " it",
            kindName,
            namespace,
            labels.get(NAMESPACE_LABEL));
      } else {
        client.resource(live).delete();
        LOG.debug("{} deleted with namespace {}", kindName, namespace);
      }
    }
    if (!refused.isEmpty()) {
      throw new IllegalStateException(
          "Refusing to delete "
              + String.join(", ", refused)
              + ": not labelled with this test run (run "
              + runId
              + "), so it was not created by it.");
    }
  }

  @Override
  public String toString() {
    return "cluster-scoped objects of namespace "
        + namespace
        + " (allowed: "
        + new java.util.TreeSet<>(allowed)
        + ", applied: "
        + applied()
        + ")";
  }
}
