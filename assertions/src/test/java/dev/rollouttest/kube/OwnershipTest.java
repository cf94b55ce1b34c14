package dev.rollouttest.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import org.junit.jupiter.api.Test;

/** A ReplicaSet belongs to a Deployment through its controller reference only. */
class OwnershipTest {

  private static ReplicaSet ownedBy(String uid, Boolean controller) {
    return new ReplicaSetBuilder()
        .withNewMetadata()
        .withName("web-5d9f7c")
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withKind("Deployment")
                .withName("web")
                .withUid(uid)
                .withController(controller)
                .build())
        .endMetadata()
        .build();
  }

  @Test
  void the_controller_reference_makes_the_owner() {
    assertThat(Ownership.controlledBy(ownedBy("u1", true), "u1")).isTrue();
    assertThat(Ownership.controlledBy(ownedBy("u1", true), "u2")).isFalse();
  }

  @Test
  void a_reference_without_the_controller_flag_or_no_reference_does_not() {
    assertThat(Ownership.controlledBy(ownedBy("u1", null), "u1")).isFalse();
    assertThat(Ownership.controlledBy(ownedBy("u1", false), "u1")).isFalse();
    assertThat(
            Ownership.controlledBy(
                new ReplicaSetBuilder().withNewMetadata().withName("x").endMetadata().build(),
                "u1"))
        .isFalse();
  }
}
