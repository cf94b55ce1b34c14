package dev.rollouttest.gate;

import dev.rollouttest.manifest.ManifestDocument;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the gate looks up in parsed manifests: Deployments, Services and what they select. */
final class Manifests {

  private Manifests() {}

  static List<ManifestDocument> deployments(List<ManifestDocument> documents) {
    return documents.stream().filter(d -> d.object() instanceof Deployment).toList();
  }

  static Deployment deployment(ManifestDocument document) {
    return (Deployment) document.object();
  }

  /** The object's metadata.name. */
  static String name(ManifestDocument document) {
    return document.object().getMetadata().getName();
  }

  /** The Service of that name among the documents. */
  static Optional<ManifestDocument> service(List<ManifestDocument> documents, String name) {
    return documents.stream()
        .filter(
            d -> d.object() instanceof Service && name.equals(d.object().getMetadata().getName()))
        .findFirst();
  }

  /** Services among the documents whose selector matches the Deployment's pod labels. */
  static List<String> services(ManifestDocument deployment, List<ManifestDocument> documents) {
    PodTemplateSpec template = deployment(deployment).getSpec().getTemplate();
    Map<String, String> labels =
        template.getMetadata() == null || template.getMetadata().getLabels() == null
            ? Map.of()
            : template.getMetadata().getLabels();
    List<String> services = new ArrayList<>();
    for (ManifestDocument document : documents) {
      if (document.object() instanceof Service service
          && service.getSpec() != null
          && service.getSpec().getSelector() != null
          && !service.getSpec().getSelector().isEmpty()
          && labels.entrySet().containsAll(service.getSpec().getSelector().entrySet())) {
        services.add(service.getMetadata().getName());
      }
    }
    return services;
  }

  /** The images of the Deployment's pod template, by container, in template order. */
  static Map<String, String> images(Deployment deployment) {
    return dev.rollouttest.kube.PodTemplates.images(deployment.getSpec().getTemplate());
  }
}
