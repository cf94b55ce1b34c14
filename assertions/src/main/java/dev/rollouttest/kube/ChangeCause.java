package dev.rollouttest.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * A revision's change-cause: the annotation {@code kubectl rollout history} shows in its
 * CHANGE-CAUSE column, read from each ReplicaSet ({@code polymorphichelpers/history.go}, {@code
 * ChangeCauseAnnotation} and {@code getChangeCause}). The Deployment controller copies a
 * Deployment's annotations, this one included, to the ReplicaSet it creates for a new template, so
 * a cause written in the same write as the template becomes the new revision's; {@code kubectl
 * rollout undo} copies it back from the ReplicaSet to the Deployment ({@link Rollback}).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ChangeCause {

  /** The annotation kubectl rollout history shows. */
  public static final String ANNOTATION = "kubernetes.io/change-cause";

  private ChangeCause() {}

  /** The change-cause of a ReplicaSet or Deployment, empty when it has none. */
  public static Optional<String> of(HasMetadata object) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    return Optional.ofNullable(annotations == null ? null : annotations.get(ANNOTATION));
  }
}
