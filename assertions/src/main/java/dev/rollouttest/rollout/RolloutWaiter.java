package dev.rollouttest.rollout;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Watches a Deployment and its pods (informers, not polling) until the rollout completes by
 * kubectl's rule, reaches a terminal state, or time runs out.
 */
public final class RolloutWaiter {

  private RolloutWaiter() {}

  /**
   * Waits for the outcome. {@code stopOn} says which terminal states end the wait early: all of
   * them when waiting for completion (fail fast), only the expected one when waiting for a failure.
   */
  public static RolloutOutcome await(
      DeploymentRollout rollout, Duration timeout, Predicate<RolloutFailure> stopOn) {
    KubernetesClient client = rollout.client();
    long start = System.nanoTime();
    String ns = rollout.namespace();
    String name = rollout.name();
    Map<String, String> selector = rollout.get().getSpec().getSelector().getMatchLabels();
    CompletableFuture<Void> settled = new CompletableFuture<>();
    Object lock = new Object();
    SharedIndexInformer<Deployment>[] deployments = new SharedIndexInformer[1];
    SharedIndexInformer<Pod>[] pods = new SharedIndexInformer[1];
    Runnable evaluate =
        () -> {
          synchronized (lock) {
            if (deployments[0] == null || pods[0] == null) {
              return;
            }
            Outcome o = evaluate(deployments[0], pods[0], ns, name);
            if (o != null && (o.status.done() || o.failure.filter(stopOn).isPresent())) {
              settled.complete(null);
            }
          }
        };
    ResourceEventHandler<Object> handler =
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Object obj) {
            evaluate.run();
          }

          @Override
          public void onUpdate(Object oldObj, Object newObj) {
            evaluate.run();
          }

          @Override
          public void onDelete(Object obj, boolean deletedFinalStateUnknown) {
            evaluate.run();
          }
        };
    @SuppressWarnings({"unchecked", "rawtypes"})
    ResourceEventHandler<Deployment> dh = (ResourceEventHandler) handler;
    @SuppressWarnings({"unchecked", "rawtypes"})
    ResourceEventHandler<Pod> ph = (ResourceEventHandler) handler;
    synchronized (lock) {
      deployments[0] = client.apps().deployments().inNamespace(ns).withName(name).inform(dh);
      pods[0] =
          selector == null
              ? client.pods().inNamespace(ns).inform(ph)
              : client.pods().inNamespace(ns).withLabels(selector).inform(ph);
    }
    boolean timedOut = false;
    try {
      evaluate.run();
      settled.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      timedOut = true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      timedOut = true;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
    try {
      synchronized (lock) {
        Outcome o = evaluate(deployments[0], pods[0], ns, name);
        Deployment d = o == null ? rollout.get() : o.deployment;
        RolloutStatus status = RolloutStatus.of(d);
        return new RolloutOutcome(
            d,
            status,
            o == null ? Optional.empty() : o.failure,
            o == null ? List.of() : o.failingPods,
            Duration.ofNanos(System.nanoTime() - start),
            timedOut && !status.done());
      }
    } finally {
      deployments[0].close();
      pods[0].close();
    }
  }

  private record Outcome(
      Deployment deployment,
      RolloutStatus status,
      Optional<RolloutFailure> failure,
      List<String> failingPods) {}

  private static Outcome evaluate(
      SharedIndexInformer<Deployment> deployments,
      SharedIndexInformer<Pod> pods,
      String ns,
      String name) {
    Deployment d = deployments.getStore().getByKey(ns + "/" + name);
    if (d == null) {
      return null;
    }
    RolloutStatus status = RolloutStatus.of(d);
    if (status.failed() && status.message().contains("exceeded its progress deadline")) {
      return new Outcome(
          d,
          status,
          Optional.of(RolloutFailure.PROGRESS_DEADLINE_EXCEEDED),
          failingPods(d, pods, null));
    }
    List<String> pulls = failingPods(d, pods, RolloutFailure.IMAGE_PULL_FAILURE);
    if (!pulls.isEmpty()) {
      return new Outcome(d, status, Optional.of(RolloutFailure.IMAGE_PULL_FAILURE), pulls);
    }
    List<String> crashes = failingPods(d, pods, RolloutFailure.CRASHING_PODS);
    if (!crashes.isEmpty()) {
      return new Outcome(d, status, Optional.of(RolloutFailure.CRASHING_PODS), crashes);
    }
    return new Outcome(d, status, Optional.empty(), List.of());
  }

  /**
   * Pods of the current template (same images, not terminating) in a terminal state of the given
   * kind (any kind when {@code kind} is null), one line each.
   */
  private static List<String> failingPods(
      Deployment d, SharedIndexInformer<Pod> pods, RolloutFailure kind) {
    List<String> images =
        d.getSpec().getTemplate().getSpec().getContainers().stream()
            .map(c -> c.getImage())
            .toList();
    List<String> lines = new ArrayList<>();
    for (Pod pod : pods.getStore().list()) {
      if (pod.getMetadata().getDeletionTimestamp() != null
          || !pod.getSpec().getContainers().stream().map(c -> c.getImage()).toList().equals(images)
          || pod.getStatus() == null) {
        continue;
      }
      if ("Failed".equals(pod.getStatus().getPhase())
          && (kind == null || kind == RolloutFailure.CRASHING_PODS)) {
        lines.add(
            pod.getMetadata().getName()
                + ": phase Failed"
                + reasonSuffix(pod.getStatus().getReason(), pod.getStatus().getMessage()));
        continue;
      }
      if (pod.getStatus().getContainerStatuses() == null) {
        continue;
      }
      for (ContainerStatus c : pod.getStatus().getContainerStatuses()) {
        if (c.getState() == null || c.getState().getWaiting() == null) {
          continue;
        }
        String reason = c.getState().getWaiting().getReason();
        boolean pull = RolloutFailure.IMAGE_PULL_REASONS.contains(reason);
        boolean crash = RolloutFailure.CRASH_REASONS.contains(reason);
        if ((kind == null && (pull || crash))
            || (kind == RolloutFailure.IMAGE_PULL_FAILURE && pull)
            || (kind == RolloutFailure.CRASHING_PODS && crash)) {
          lines.add(
              pod.getMetadata().getName()
                  + ": container "
                  + c.getName()
                  + " waiting: "
                  + reason
                  + reasonSuffix(null, c.getState().getWaiting().getMessage()));
        }
      }
    }
    lines.sort(null);
    return lines;
  }

  private static String reasonSuffix(String reason, String message) {
    String r = reason == null ? "" : " " + reason;
    return r + (message == null || message.isBlank() ? "" : " (" + message + ")");
  }
}
