package dev.rollouttest.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * kubectl rollout undo's choice of ReplicaSet ({@code deploymentRevision}) and the Deployment's
 * annotations after it ({@code annotationsToSkip}), {@code polymorphichelpers/rollback.go}.
 */
class RollbackTest {

  private static final ReplicaSet R1 = replicaSet("web-1", Map.of(Revisions.ANNOTATION, "1"));
  private static final ReplicaSet R3 = replicaSet("web-3", Map.of(Revisions.ANNOTATION, "3"));
  private static final ReplicaSet R4 = replicaSet("web-4", Map.of(Revisions.ANNOTATION, "4"));

  @Test
  void undo_goes_to_the_second_highest_revision_and_to_revision_n_to_its_replica_set() {
    List<ReplicaSet> owned = List.of(R3, R1, R4);

    assertThat(Rollback.target(owned, 0)).as("previous revision").containsSame(R3);
    assertThat(Rollback.target(owned, 1)).containsSame(R1);
    assertThat(Rollback.target(owned, 4)).as("the running one").containsSame(R4);
  }

  @Test
  void there_is_no_target_with_a_single_revision_or_for_an_unknown_one() {
    assertThat(Rollback.target(List.of(R1), 0)).as("nothing before revision 1").isEmpty();
    assertThat(Rollback.target(List.of(), 0)).isEmpty();
    assertThat(Rollback.target(List.of(R1, R3), 2)).isEmpty();
  }

  @Test
  void the_deployment_keeps_its_own_skipped_annotations_and_takes_the_others_from_the_revision() {
    Map<String, String> deployment = new LinkedHashMap<>();
    deployment.put("kubectl.kubernetes.io/last-applied-configuration", "{...}");
    deployment.put(Revisions.ANNOTATION, "4");
    deployment.put("deployment.kubernetes.io/desired-replicas", "3");
    deployment.put(ChangeCause.ANNOTATION, "bump to 1.28");
    deployment.put("team", "web");
    Map<String, String> target = new LinkedHashMap<>();
    target.put(Revisions.ANNOTATION, "2");
    target.put(Revisions.HISTORY_ANNOTATION, "1");
    target.put("deployment.kubernetes.io/desired-replicas", "2");
    target.put("deployment.kubernetes.io/max-replicas", "3");
    target.put(ChangeCause.ANNOTATION, "CVE fix");
    target.put("owner", "ops");

    assertThat(Rollback.annotations(deployment(deployment), replicaSet("web-2", target)))
        .containsExactly(
            Map.entry("kubectl.kubernetes.io/last-applied-configuration", "{...}"),
            Map.entry(Revisions.ANNOTATION, "4"),
            Map.entry("deployment.kubernetes.io/desired-replicas", "3"),
            Map.entry(ChangeCause.ANNOTATION, "CVE fix"),
            Map.entry("owner", "ops"));
  }

  @Test
  void a_skipped_annotation_the_deployment_lacks_is_not_taken_from_the_revision() {
    ReplicaSet target =
        replicaSet(
            "web-2",
            Map.of(
                Revisions.ANNOTATION,
                "2",
                "kubectl.kubernetes.io/last-applied-configuration",
                "{old}",
                "deprecated.deployment.rollback.to",
                "1"));

    assertThat(Rollback.annotations(deployment(null), target)).isEmpty();
    assertThat(Rollback.annotations(deployment(null), replicaSet("web-0", null))).isEmpty();
  }

  private static HasMetadata deployment(Map<String, String> annotations) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("web")
        .withAnnotations(annotations)
        .endMetadata()
        .build();
  }

  private static ReplicaSet replicaSet(String name, Map<String, String> annotations) {
    return new ReplicaSetBuilder()
        .withNewMetadata()
        .withName(name)
        .withAnnotations(annotations)
        .endMetadata()
        .build();
  }
}
