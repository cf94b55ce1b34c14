package dev.rollouttest.rollout;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The rollout drivers of one namespace: {@code rollouts.deployment("web")}. {@code @RolloutTest}
 * injects one scoped to the test's namespace into parameters of this type.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Rollouts {

  private final KubernetesClient client;

  private Rollouts(KubernetesClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  /**
   * Drivers for the client's namespace, for code that has a client but no injected {@code
   * Rollouts}.
   *
   * <pre>{@code
   * Rollouts rollouts = Rollouts.in(client.adapt(NamespacedKubernetesClient.class).inNamespace("shop"));
   * }</pre>
   */
  public static Rollouts in(KubernetesClient client) {
    return new Rollouts(client);
  }

  /**
   * The driver of Deployment {@code name}; nothing is read until a verb runs, so the Deployment
   * need not exist yet.
   *
   * <pre>{@code
   * DeploymentRollout web = rollouts.deployment("web");
   * }</pre>
   */
  public DeploymentRollout deployment(String name) {
    return DeploymentRollout.of(client, name);
  }

  /** The namespace the drivers work in: the client's. */
  public String namespace() {
    return client.getNamespace();
  }
}
