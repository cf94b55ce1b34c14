package dev.rollouttest.kube;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/** What a pod template runs, as kubectl shows it ({@code rollout history}: images by container). */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class PodTemplates {

  private PodTemplates() {}

  /** The template's images by container name, in template order (init containers excluded). */
  public static Map<String, String> images(PodTemplateSpec template) {
    Map<String, String> images = new LinkedHashMap<>();
    for (Container c : template.getSpec().getContainers()) {
      images.put(c.getName(), c.getImage());
    }
    return images;
  }
}
