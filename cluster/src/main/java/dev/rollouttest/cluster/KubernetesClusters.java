package dev.rollouttest.cluster;

import dev.rollouttest.cluster.k3s.K3sCluster;
import dev.rollouttest.cluster.kubeconfig.KubeconfigCluster;
import dev.rollouttest.cluster.local.ControlPlaneBinaries;
import dev.rollouttest.cluster.local.LocalCluster;
import java.util.function.BooleanSupplier;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the backend that the settings name. {@code auto} (the default) picks K3s when a Docker
 * engine answers, else {@code local} when its binaries are present or can be built, else fails
 * saying what to install or configure.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class KubernetesClusters {

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesClusters.class);

  private KubernetesClusters() {}

  /** What the machine offers, as far as choosing a backend goes. Tests substitute it. */
  @API(status = API.Status.INTERNAL, since = "0.1")
  public record Environment(
      BooleanSupplier dockerAvailable,
      BooleanSupplier localBinariesPresent,
      BooleanSupplier goAvailable) {

    /** The real machine. */
    public static Environment detect(ClusterSettings settings) {
      return new Environment(
          K3sCluster::dockerAvailable,
          () ->
              ControlPlaneBinaries.missing(
                      settings.localBinaries().orElseGet(ControlPlaneBinaries::cacheDirectory))
                  .isEmpty(),
          ControlPlaneBinaries::canBuild);
    }
  }

  /** The backend and why it was chosen. */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public record Choice(String backend, String reason) {}

  /**
   * Starts the backend the settings name, resolving {@code auto} on this machine, and returns once
   * it is ready; outside {@code @RolloutTest}, close it when done.
   *
   * <pre>{@code
   * try (KubernetesCluster cluster = KubernetesClusters.start(ClusterSettings.fromEnvironment())) {
   *   cluster.createNamespace("shop", Map.of());
   * }
   * }</pre>
   *
   * @throws IllegalStateException when {@code auto} finds no backend, or the backend fails to
   *     start, saying why
   */
  public static KubernetesCluster start(ClusterSettings settings) {
    return start(settings, choose(settings));
  }

  /**
   * Starts the backend already chosen for these settings, e.g. by {@link #choose(ClusterSettings)}
   * when the caller needs the resolved name first (one cluster for {@code auto} and the backend it
   * resolves to).
   */
  public static KubernetesCluster start(ClusterSettings settings, Choice choice) {
    LOG.info("Starting the {} backend ({})", choice.backend(), choice.reason());
    return switch (choice.backend()) {
      case "k3s" -> K3sCluster.start(settings);
      case "local" -> LocalCluster.start(settings);
      case "kubeconfig" -> KubeconfigCluster.connect(settings);
      default -> throw new IllegalStateException("Unknown backend " + choice.backend());
    };
  }

  /**
   * Resolves {@code auto} on this machine; returns any other backend as given.
   *
   * @throws IllegalStateException when {@code auto} finds no backend, saying what to install or
   *     configure
   */
  public static Choice choose(ClusterSettings settings) {
    return choose(settings, Environment.detect(settings));
  }

  /**
   * Resolves {@code auto} in the given environment; returns any other backend as given.
   *
   * @throws IllegalStateException when {@code auto} finds no backend, saying what to install or
   *     configure
   */
  public static Choice choose(ClusterSettings settings, Environment environment) {
    if (!settings.backend().equals("auto")) {
      return new Choice(settings.backend(), ClusterSettings.BACKEND + "=" + settings.backend());
    }
    if (environment.dockerAvailable().getAsBoolean()) {
      return new Choice("k3s", "auto: a Docker engine answers");
    }
    if (environment.localBinariesPresent().getAsBoolean()) {
      return new Choice(
          "local", "auto: no Docker engine; the local control plane binaries are present");
    }
    if (environment.goAvailable().getAsBoolean()) {
      return new Choice(
          "local", "auto: no Docker engine; the local control plane will be built with Go");
    }
    throw new IllegalStateException(
        "No Kubernetes backend is available (rollouttest.backend=auto): no Docker engine answers, so K3s cannot run, "
            + "and the local backend has neither its binaries in "
            + settings.localBinaries().orElseGet(ControlPlaneBinaries::cacheDirectory)
            + " nor a 'go' command (1.26 or newer) to build them. Do one of: start a Docker engine that allows "
            + "privileged containers; install Go (https://go.dev/dl) so the local backend builds itself; set "
            + ClusterSettings.LOCAL_BINARIES
            + " to a directory with prebuilt binaries; or set "
            + ClusterSettings.BACKEND
            + "=kubeconfig with "
            + ClusterSettings.KUBECONFIG_CONTEXT
            + " naming a disposable cluster.");
  }
}
