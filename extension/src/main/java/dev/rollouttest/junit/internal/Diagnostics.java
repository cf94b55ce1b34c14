package dev.rollouttest.junit.internal;

import dev.rollouttest.cluster.KubernetesCluster;
import dev.rollouttest.report.ReportAttachment;
import dev.rollouttest.report.RolloutReport;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Writes what a failed test's namespace holds, before anything is cleaned up: events, Deployments,
 * ReplicaSets, Pods, Services and EndpointSlices as YAML, and pod logs where pods are real. A part
 * that cannot be read is noted in the bundle's {@code README.txt} instead of failing the test a
 * second time.
 */
final class Diagnostics {

  /** The rollout's page in the bundle, when the failure carries a recording. */
  static final String PAGE = "timeline.html";

  private Diagnostics() {}

  static Path write(
      KubernetesCluster cluster,
      String bundle,
      String namespace,
      String testName,
      Throwable failure,
      Path root) {
    Path dir = root.resolve(bundle).toAbsolutePath();
    List<String> notes = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      java.util.Optional<String> fault = cluster.fault();
      if (fault.isPresent()) {
        // the API would not answer: write what is known instead of timing out call by call
        Files.writeString(
            dir.resolve("README.txt"),
            "Test:      "
                + testName
                + "\nNamespace: "
                + namespace
                + "\nCluster:   "
                + cluster
                + "\nWritten:   "
                + Instant.now()
                + "\nFailure:   "
                + failure
                + "\nNote: nothing was read from the cluster, because "
                + fault.get()
                + "\n");
        return dir;
      }
      KubernetesClient client = cluster.client();
      var yaml = client.getKubernetesSerialization();
      part(
          dir,
          "events.yaml",
          () -> yaml.asYaml(client.v1().events().inNamespace(namespace).list()),
          notes);
      part(
          dir,
          "deployments.yaml",
          () -> yaml.asYaml(client.apps().deployments().inNamespace(namespace).list()),
          notes);
      part(
          dir,
          "replicasets.yaml",
          () -> yaml.asYaml(client.apps().replicaSets().inNamespace(namespace).list()),
          notes);
      part(dir, "pods.yaml", () -> yaml.asYaml(client.pods().inNamespace(namespace).list()), notes);
      part(
          dir,
          "services.yaml",
          () -> yaml.asYaml(client.services().inNamespace(namespace).list()),
          notes);
      part(
          dir,
          "endpointslices.yaml",
          () -> yaml.asYaml(client.discovery().v1().endpointSlices().inNamespace(namespace).list()),
          notes);
      if (cluster.realPods()) {
        for (Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
          for (Container c : pod.getSpec().getContainers()) {
            String name = pod.getMetadata().getName();
            part(
                dir,
                "logs/" + name + "." + c.getName() + ".log",
                () ->
                    client
                        .pods()
                        .inNamespace(namespace)
                        .withName(name)
                        .inContainer(c.getName())
                        .getLog(),
                notes);
          }
        }
      } else {
        notes.add("no pod logs: the " + cluster.backend() + " backend simulates pods");
      }
      ReportAttachment.findReport(failure)
          .ifPresent(
              report -> {
                part(dir, "timeline.json", report.timeline()::toJson, notes);
                part(dir, "timeline.txt", report.timeline()::table, notes);
                RolloutReport named = report.withTest(readable(testName), cluster.backend());
                part(dir, PAGE, named::html, notes);
              });
      StringBuilder readme = new StringBuilder();
      readme.append("Test:      ").append(testName).append('\n');
      readme.append("Namespace: ").append(namespace).append('\n');
      readme.append("Cluster:   ").append(cluster).append('\n');
      readme.append("Written:   ").append(Instant.now()).append('\n');
      readme.append("Failure:   ").append(failure).append('\n');
      readme.append("Kubeconfig: ").append(cluster.kubeconfigFile()).append('\n');
      notes.forEach(n -> readme.append("Note: ").append(n).append('\n'));
      Files.writeString(dir.resolve("README.txt"), readme);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write diagnostics to " + dir, e);
    }
  }

  /**
   * {@code ShopTest.rollsOut()} from a JUnit unique id ({@code
   * [engine:junit-jupiter]/[class:com.example.ShopTest]/[method:rollsOut()]}); the id itself when
   * it names no class.
   */
  static String readable(String uniqueId) {
    java.util.regex.Matcher classes =
        java.util.regex.Pattern.compile("\\[(?:nested-)?class:([^\\]]+)]").matcher(uniqueId);
    String type = null;
    while (classes.find()) {
      type = classes.group(1).substring(classes.group(1).lastIndexOf('.') + 1);
    }
    if (type == null) {
      return uniqueId;
    }
    java.util.regex.Matcher method =
        java.util.regex.Pattern.compile("\\[(?:method|test-template):([^(\\]]+)").matcher(uniqueId);
    return method.find() ? type + "." + method.group(1) + "()" : type;
  }

  private static void part(Path dir, String file, Supplier<String> content, List<String> notes) {
    try {
      String text = content.get();
      Path target = dir.resolve(file);
      Files.createDirectories(target.getParent());
      Files.writeString(target, text == null ? "" : text);
    } catch (RuntimeException | IOException e) {
      notes.add(file + " could not be read: " + e);
    }
  }
}
