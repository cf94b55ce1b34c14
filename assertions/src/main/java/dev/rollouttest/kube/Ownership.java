package dev.rollouttest.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Which object controls another, as the controllers decide it ({@code metav1.GetControllerOf}): the
 * one owner reference marked {@code controller: true}. The Deployment controller counts a
 * ReplicaSet as its own only through that reference ({@code ControllerRefManager}); an owner
 * reference without the flag, e.g. one a user added, does not make a ReplicaSet part of the
 * Deployment's history or of its rollout.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Ownership {

  private Ownership() {}

  /** Whether {@code object}'s controller reference names the object with {@code uid}. */
  public static boolean controlledBy(HasMetadata object, String uid) {
    List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
    return owners != null
        && owners.stream()
            .anyMatch(o -> Boolean.TRUE.equals(o.getController()) && uid.equals(o.getUid()));
  }
}
