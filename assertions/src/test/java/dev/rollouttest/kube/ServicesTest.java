package dev.rollouttest.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which pods the EndpointSlice controller lists for a Service. */
class ServicesTest {

  private static final Map<String, String> POD =
      Map.of("app", "web", "tier", "front", "pod-template-hash", "5d9f7c");

  @Test
  void a_service_selects_the_pods_that_carry_every_label_of_its_selector() {
    assertThat(Services.selects(service("ClusterIP", Map.of("app", "web")), POD)).isTrue();
    assertThat(Services.selects(service(null, Map.of("app", "web", "tier", "front")), POD))
        .as("the selector is exactly the pod's labels but the hash")
        .isTrue();
    assertThat(Services.selects(service("ClusterIP", Map.of("app", "web", "tier", "back")), POD))
        .as("one label differs")
        .isFalse();
  }

  @Test
  void a_service_without_a_selector_or_of_type_external_name_selects_nothing() {
    assertThat(Services.selects(service("ClusterIP", null), POD)).isFalse();
    assertThat(Services.selects(service("ClusterIP", Map.of()), POD)).isFalse();
    assertThat(Services.selects(service("ExternalName", Map.of("app", "web")), POD)).isFalse();
  }

  private static Service service(String type, Map<String, String> selector) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName("web")
        .endMetadata()
        .withNewSpec()
        .withType(type)
        .withSelector(selector)
        .endSpec()
        .build();
  }
}
