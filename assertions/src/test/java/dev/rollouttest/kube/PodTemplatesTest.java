package dev.rollouttest.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import org.junit.jupiter.api.Test;

/** A template's images by container, in template order, as kubectl rollout history lists them. */
class PodTemplatesTest {

  @Test
  void images_are_by_container_in_template_order_without_init_containers() {
    var template =
        new PodTemplateSpecBuilder()
            .withNewSpec()
            .addNewInitContainer()
            .withName("migrate")
            .withImage("migrate:1")
            .endInitContainer()
            .addNewContainer()
            .withName("web")
            .withImage("nginx:1.27")
            .endContainer()
            .addNewContainer()
            .withName("agent")
            .withImage("agent:3")
            .endContainer()
            .endSpec()
            .build();
    assertThat(PodTemplates.images(template))
        .containsExactly(
            java.util.Map.entry("web", "nginx:1.27"), java.util.Map.entry("agent", "agent:3"));
  }
}
