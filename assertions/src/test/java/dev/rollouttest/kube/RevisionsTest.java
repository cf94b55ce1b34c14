package dev.rollouttest.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The controller's revision, revision-history and max-replicas annotations, its hash label and
 * EqualIgnoreHash.
 */
class RevisionsTest {

  @Test
  void templates_are_equal_but_for_the_hash_label_and_absent_against_empty_maps() {
    PodTemplateSpec deployment = template(Map.of("app", "web"), null, "nginx:1.27");
    PodTemplateSpec replicaSet =
        template(Map.of("app", "web", "pod-template-hash", "5d9f7c"), Map.of(), "nginx:1.27");

    assertThat(Revisions.sameTemplate(replicaSet, deployment)).isTrue();
    assertThat(
            Revisions.sameTemplate(replicaSet, template(Map.of("app", "web"), null, "nginx:1.28")))
        .as("another image")
        .isFalse();
    assertThat(
            Revisions.sameTemplate(
                replicaSet, template(Map.of("app", "web"), Map.of("note", "x"), "nginx:1.27")))
        .as("another annotation")
        .isFalse();
    assertThat(Revisions.withoutHash(replicaSet).getMetadata().getLabels())
        .containsExactly(Map.entry("app", "web"));
    assertThat(replicaSet.getMetadata().getLabels())
        .as("not changed")
        .containsKey("pod-template-hash");
  }

  @Test
  void the_revision_annotation_is_0_when_absent_or_not_a_number() {
    var d = new DeploymentBuilder().withNewMetadata().withName("web").endMetadata().build();
    assertThat(Revisions.of(d)).isZero();
    d.getMetadata().setAnnotations(Map.of(Revisions.ANNOTATION, "x"));
    assertThat(Revisions.of(d)).isZero();
    d.getMetadata().setAnnotations(Map.of(Revisions.ANNOTATION, "12"));
    assertThat(Revisions.of(d)).isEqualTo(12);
  }

  @Test
  void earlier_numbers_are_the_revision_history_oldest_first() {
    var rs =
        new ReplicaSetBuilder()
            .withNewMetadata()
            .withName("web-5d9f7c")
            .addToAnnotations(Revisions.ANNOTATION, "6")
            .addToAnnotations(Revisions.HISTORY_ANNOTATION, "2,4")
            .endMetadata()
            .build();

    assertThat(Revisions.earlier(rs)).containsExactly(2L, 4L);
  }

  @Test
  void earlier_numbers_are_none_when_the_history_is_absent_or_blank() {
    var rs = new ReplicaSetBuilder().withNewMetadata().withName("web-5d9f7c").endMetadata().build();
    assertThat(Revisions.earlier(rs)).isEmpty();
    rs.getMetadata().setAnnotations(Map.of(Revisions.ANNOTATION, "1"));
    assertThat(Revisions.earlier(rs)).isEmpty();
    rs.getMetadata().setAnnotations(Map.of(Revisions.HISTORY_ANNOTATION, " "));
    assertThat(Revisions.earlier(rs)).isEmpty();
  }

  @Test
  void max_replicas_is_the_annotated_bound_and_0_when_absent_negative_or_beyond_int32() {
    var rs = new ReplicaSetBuilder().withNewMetadata().withName("web-5d9f7c").endMetadata().build();
    assertThat(Revisions.maxReplicas(rs)).isZero();
    rs.getMetadata().setAnnotations(Map.of(Revisions.MAX_REPLICAS_ANNOTATION, "5"));
    assertThat(Revisions.maxReplicas(rs)).isEqualTo(5);
    rs.getMetadata().setAnnotations(Map.of(Revisions.MAX_REPLICAS_ANNOTATION, "2147483647"));
    assertThat(Revisions.maxReplicas(rs)).isEqualTo(Integer.MAX_VALUE);
    rs.getMetadata().setAnnotations(Map.of(Revisions.MAX_REPLICAS_ANNOTATION, "2147483648"));
    assertThat(Revisions.maxReplicas(rs)).isZero();
    rs.getMetadata().setAnnotations(Map.of(Revisions.MAX_REPLICAS_ANNOTATION, "-1"));
    assertThat(Revisions.maxReplicas(rs)).isZero();
  }

  @Test
  void the_hash_is_the_pod_template_hash_label_and_empty_when_absent() {
    var pod = new PodBuilder().withNewMetadata().withName("web-1").endMetadata().build();
    assertThat(Revisions.hash(pod)).isEmpty();
    pod.getMetadata().setLabels(Map.of("app", "web", Revisions.POD_TEMPLATE_HASH, "5d9f7c"));
    assertThat(Revisions.hash(pod)).isEqualTo("5d9f7c");
  }

  private static PodTemplateSpec template(
      Map<String, String> labels, Map<String, String> annotations, String image) {
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(labels)
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("web")
        .withImage(image)
        .endContainer()
        .endSpec()
        .build();
  }
}
