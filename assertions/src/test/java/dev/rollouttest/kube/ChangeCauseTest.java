package dev.rollouttest.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The change-cause kubectl rollout history shows: its {@code ChangeCauseAnnotation} read from the
 * ReplicaSet ({@code polymorphichelpers/history.go}, {@code getChangeCause}).
 */
class ChangeCauseTest {

  @Test
  void is_kubectls_annotation_on_the_replica_set() {
    ReplicaSet rs =
        replicaSet(
            Map.of(
                "kubernetes.io/change-cause", "CVE fix", Revisions.ANNOTATION, "2", "team", "web"));

    assertThat(ChangeCause.ANNOTATION).isEqualTo("kubernetes.io/change-cause");
    assertThat(ChangeCause.of(rs)).contains("CVE fix");
  }

  @Test
  void is_empty_without_the_annotation_or_without_any_annotation() {
    assertThat(ChangeCause.of(replicaSet(Map.of(Revisions.ANNOTATION, "1")))).isEmpty();
    ReplicaSet bare = replicaSet(null);
    assertThat(ChangeCause.of(bare)).isEmpty();
    assertThat(bare.getMetadata().getAnnotations()).as("not changed").isNull();
  }

  private static ReplicaSet replicaSet(Map<String, String> annotations) {
    return new ReplicaSetBuilder()
        .withNewMetadata()
        .withName("web-5d9f7c")
        .withAnnotations(annotations)
        .endMetadata()
        .build();
  }
}
