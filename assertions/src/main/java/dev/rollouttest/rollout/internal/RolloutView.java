package dev.rollouttest.rollout.internal;

import dev.rollouttest.model.Moment;
import dev.rollouttest.rollout.RolloutStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The recorder's own view of one Deployment's rollout, folded from watch events in the order they
 * were delivered: the Deployment and its ReplicaSets ({@link DeploymentFold}), its pods ({@link
 * PodFold}) and the EndpointSlices of the namespace ({@link EndpointSliceFold}). Every verdict
 * (complete, failed fast, settled) and every {@link Moment} comes from this one view, so the
 * verdict and the invariants never disagree. Not thread-safe: the recorder calls it under its lock.
 */
final class RolloutView {

  private final List<String> services;
  private final DeploymentFold deployments = new DeploymentFold();
  private final PodFold pods;
  private final EndpointSliceFold slices = new EndpointSliceFold();

  /**
   * @param services Services whose EndpointSlices go into each moment
   */
  RolloutView(List<String> services) {
    this(services, Clock.systemUTC());
  }

  /**
   * @param clock the clock a pod's Ready time is compared with, as the controller compares it with
   *     its own
   */
  RolloutView(List<String> services, Clock clock) {
    this.services = List.copyOf(services);
    this.pods = new PodFold(clock);
  }

  /** Folds one object from a watch event (or an initial list) into the view. */
  void fold(HasMetadata object, boolean deleted) {
    if (object instanceof Deployment d) {
      deployments.fold(d, deleted);
    } else if (object instanceof ReplicaSet rs) {
      deployments.fold(rs, deleted);
    } else if (object instanceof Pod pod) {
      pods.fold(pod, deleted, deployments.minReadySeconds());
    } else if (object instanceof EndpointSlice slice) {
      slices.fold(slice, deleted);
    }
  }

  /** The Deployment as the events so far show it, or null before it exists. */
  @Nullable Deployment deployment() {
    return deployments.deployment();
  }

  /** The Deployment as last seen, deleted or not; null before it was seen. */
  @Nullable Deployment lastDeployment() {
    return deployments.lastDeployment();
  }

  /** The Deployment's generation as the events so far show it, 0 before it exists. */
  long generation() {
    return deployments.generation();
  }

  /**
   * kubectl rollout status's verdict on the Deployment as the events so far show it; needs the
   * Deployment.
   */
  RolloutStatus status() {
    return RolloutStatus.of(
        java.util.Objects.requireNonNull(deployments.deployment(), "the Deployment is not there"));
  }

  /** The Deployment and its ReplicaSets. */
  DeploymentFold deployments() {
    return deployments;
  }

  /** The Deployment's pods. */
  PodFold pods() {
    return pods;
  }

  /** The Deployment's pods that are terminating: deleted, their containers not yet gone. */
  List<String> terminating() {
    return List.copyOf(pods.terminating());
  }

  /**
   * Why the state is not settled yet, or empty when it is: every ready pod of the Deployment is a
   * ready endpoint of each of {@code selecting} (the Services that select its pods), and no
   * terminating pod still is.
   */
  Optional<String> unsettled(List<String> selecting) {
    List<String> ready = Stream.concat(pods.available().stream(), pods.warming().stream()).toList();
    return slices.unsettled(selecting, ready, pods.terminating());
  }

  /** The state now, as an immutable moment; needs the Deployment. */
  Moment moment(Duration at, String event) {
    return MomentBuilder.build(deployments, pods, slices, services, at, event);
  }

  /**
   * Pods that have now been Ready for minReadySeconds become available, as the controller counts
   * them.
   *
   * @return their names, in order
   */
  List<String> promoteDue() {
    return pods.promoteDue();
  }

  /** When the next pod that is Ready becomes available, if one is waiting. */
  Optional<Instant> nextAvailableAt() {
    return pods.nextAvailableAt();
  }

  /** The Deployment's minReadySeconds, 0 when not set. */
  int minReadySeconds() {
    return deployments.minReadySeconds();
  }
}
