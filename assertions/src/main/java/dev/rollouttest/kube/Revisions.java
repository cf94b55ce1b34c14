package dev.rollouttest.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * How the Deployment controller numbers and recognises revisions ({@code deployment/util}): the
 * revision annotation it keeps on the Deployment and on each ReplicaSet, the revision-history
 * annotation in which a ReplicaSet brought back by an undo keeps the numbers it held before, the
 * {@code pod-template-hash} label that ties a ReplicaSet's pods to it, the {@code max-replicas}
 * annotation that records the bound under which it last sized a ReplicaSet, and {@code
 * EqualIgnoreHash}, by which it finds the ReplicaSet whose pod template is the Deployment's (its
 * "new ReplicaSet") and by which {@code kubectl rollout undo} skips a rollback to the running
 * template.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Revisions {

  /** The revision the controller keeps on a Deployment and on each of its ReplicaSets. */
  public static final String ANNOTATION = "deployment.kubernetes.io/revision";

  /** The earlier numbers of a ReplicaSet brought back by an undo, oldest first. */
  public static final String HISTORY_ANNOTATION = "deployment.kubernetes.io/revision-history";

  /** The label the controller adds to a ReplicaSet's pod template, its hash. */
  public static final String POD_TEMPLATE_HASH = "pod-template-hash";

  /**
   * The replicas + maxSurge under which the controller last sized a ReplicaSet ({@code
   * MaxReplicasAnnotation}).
   */
  public static final String MAX_REPLICAS_ANNOTATION = "deployment.kubernetes.io/max-replicas";

  private Revisions() {}

  /** The revision annotation of a Deployment or ReplicaSet; 0 when absent or not a number. */
  public static long of(HasMetadata object) {
    return number(object, ANNOTATION);
  }

  /**
   * The {@code max-replicas} annotation of a ReplicaSet; 0 when absent or not a number from 0 to
   * {@link Integer#MAX_VALUE} (the controller's {@code getNonNegativeInt32FromAnnotation}).
   */
  public static int maxReplicas(HasMetadata replicaSet) {
    long value = number(replicaSet, MAX_REPLICAS_ANNOTATION);
    return value >= 0 && value <= Integer.MAX_VALUE ? (int) value : 0;
  }

  /** The {@code pod-template-hash} label of a ReplicaSet or a pod; empty when absent. */
  public static String hash(HasMetadata object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    return labels == null ? "" : labels.getOrDefault(POD_TEMPLATE_HASH, "");
  }

  /**
   * The numbers a ReplicaSet held before its current revision, oldest first: its revision-history
   * annotation, which the controller ({@code SetNewReplicaSetAnnotations}) extends with the old
   * number, comma-separated, each time an undo brings the ReplicaSet back under a new number. Empty
   * when absent or blank.
   *
   * @throws NumberFormatException when an entry is not a number (the controller writes none such)
   */
  public static List<Long> earlier(HasMetadata replicaSet) {
    Map<String, String> annotations = replicaSet.getMetadata().getAnnotations();
    String history = annotations == null ? null : annotations.get(HISTORY_ANNOTATION);
    return history == null || history.isBlank()
        ? List.of()
        : Arrays.stream(history.split(",")).map(String::trim).map(Long::valueOf).toList();
  }

  /**
   * Whether two pod templates are the same but for the {@code pod-template-hash} label, as the
   * controller's {@code EqualIgnoreHash} decides: semantically, so an absent map equals an empty
   * one.
   */
  public static boolean sameTemplate(@Nullable PodTemplateSpec a, @Nullable PodTemplateSpec b) {
    if (a == null || b == null) {
      return a == b;
    }
    return Objects.equals(labels(a), labels(b))
        && Objects.equals(annotations(a), annotations(b))
        && Objects.equals(a.getSpec(), b.getSpec());
  }

  /** A copy of {@code template} without the {@code pod-template-hash} label. */
  public static PodTemplateSpec withoutHash(PodTemplateSpec template) {
    PodTemplateSpec copy = new PodTemplateSpecBuilder(template).build();
    if (copy.getMetadata() != null && copy.getMetadata().getLabels() != null) {
      copy.getMetadata().getLabels().remove(POD_TEMPLATE_HASH);
    }
    return copy;
  }

  /** The annotation {@code key} as a number; 0 when absent or not a number. */
  private static long number(HasMetadata object, String key) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(key);
    try {
      return value == null ? 0 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static Map<String, String> labels(PodTemplateSpec t) {
    Map<String, String> labels =
        t.getMetadata() == null || t.getMetadata().getLabels() == null
            ? new HashMap<>()
            : new HashMap<>(t.getMetadata().getLabels());
    labels.remove(POD_TEMPLATE_HASH);
    return labels;
  }

  private static Map<String, String> annotations(PodTemplateSpec t) {
    return t.getMetadata() == null || t.getMetadata().getAnnotations() == null
        ? Map.of()
        : t.getMetadata().getAnnotations();
  }
}
