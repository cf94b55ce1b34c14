package dev.rollouttest.rollout;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import com.google.errorprone.annotations.CheckReturnValue;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The verbs of {@code kubectl rollout} (and {@code set image}, {@code scale}) for one Deployment,
 * with kubectl's behaviour and error messages (k8s.io/kubectl 0.36, {@code
 * pkg/polymorphichelpers}). Immutable: {@link #withTimeout} returns a new driver.
 *
 * <p>Every driver that writes waits until the Deployment controller has observed the write ({@code
 * status.observedGeneration >= metadata.generation}) before it returns, and {@link #history()},
 * {@link #undo()} and {@link #undoTo(long)} wait until it has observed the latest generation before
 * they read the revisions, whoever wrote it. Because the controller creates a new ReplicaSet in the
 * same sync in which it records the observed generation, an {@link #undo()} issued right after an
 * update, ours or anyone's, goes back exactly one step; kubectl, which does not wait, can go back
 * two. Both waits are bounded by the driver's timeout ({@link #withTimeout}, 60 s by default) and
 * end with a {@link RolloutException} that names the generations.
 *
 * <p>Every verb returns a {@link RolloutAction} that nothing has sent yet: hand it to {@code
 * assertThat(...)}, which sends it once it is recording and so checks it from its first moment, or
 * send it with {@link RolloutAction#apply()}. kubectl's refusals (an undo of a paused Deployment,
 * pausing a paused one) are thrown when it is sent. A change neither sent nor handed over fails the
 * {@code @RolloutTest} test that created it.
 *
 * <p>This class is the verbs' entry point; the work is done by package-private classes with one job
 * each: {@code DeploymentWrites} (the verbs that edit the Deployment), {@code Undo} (kubectl's
 * rollback), {@code HistoryReader} (the revisions), {@code ObservedGeneration} (the wait for the
 * controller), {@code PendingChange} (a verb not sent yet). Kubernetes' own rules they follow live
 * in {@code dev.rollouttest.kube}.
 *
 * <pre>{@code
 * DeploymentRollout web = DeploymentRollout.of(client, "web");
 * assertThat(web.updateImage("web", "nginx:1.27").because("CVE fix")).completesWithin(ofSeconds(60));
 * assertThat(web.undo()).completesWithin(ofSeconds(60));   // back to revision 1's template, as revision 3
 * web.undoTo(2).apply();                                    // or to a given revision, without watching
 * web.history();                                            // [1 ..., 2 ...] with images and change-causes
 * }</pre>
 */
@CheckReturnValue
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class DeploymentRollout {

  /** The pod template annotation {@code kubectl rollout restart} sets. */
  public static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final Duration timeout;

  private DeploymentRollout(
      KubernetesClient client, String namespace, String name, Duration timeout) {
    this.client = Objects.requireNonNull(client, "client");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.name = Objects.requireNonNull(name, "name");
    this.timeout = timeout;
  }

  /**
   * The driver of Deployment {@code name} in the client's namespace, with a 60 s timeout; nothing
   * is read until a verb runs.
   *
   * <pre>{@code
   * DeploymentRollout web = DeploymentRollout.of(client, "web");
   * }</pre>
   */
  public static DeploymentRollout of(KubernetesClient client, String name) {
    return new DeploymentRollout(client, client.getNamespace(), name, Duration.ofSeconds(60));
  }

  /**
   * The driver of the given Deployment, by its name and namespace (the client's when it has none),
   * e.g. one just created from a manifest.
   */
  public static DeploymentRollout of(KubernetesClient client, Deployment deployment) {
    String ns = deployment.getMetadata().getNamespace();
    return new DeploymentRollout(
        client,
        ns != null ? ns : client.getNamespace(),
        deployment.getMetadata().getName(),
        Duration.ofSeconds(60));
  }

  /**
   * A driver that waits at most {@code timeout} (instead of 60 s) for the controller to observe
   * each write; this one is unchanged.
   *
   * <pre>{@code
   * web.withTimeout(ofMinutes(2)).undo().apply();
   * }</pre>
   */
  public DeploymentRollout withTimeout(Duration timeout) {
    return new DeploymentRollout(client, namespace, name, timeout);
  }

  /** The Deployment's namespace. */
  public String namespace() {
    return namespace;
  }

  /** The Deployment's name. */
  public String name() {
    return name;
  }

  /** The client this driver writes with. */
  public KubernetesClient client() {
    return client;
  }

  /** How long each wait for the controller lasts at most. */
  Duration timeout() {
    return timeout;
  }

  /** The Deployment's resource on the API server, for the driver's reads and writes. */
  io.fabric8.kubernetes.client.dsl.RollableScalableResource<Deployment> resource() {
    return client.apps().deployments().inNamespace(namespace).withName(name);
  }

  /**
   * Reads the Deployment as it is now.
   *
   * @throws RolloutException when the Deployment does not exist, in kubectl's words
   */
  public Deployment get() {
    Deployment d = resource().get();
    if (d == null) {
      throw new RolloutException(
          "deployments.apps \"" + name + "\" not found in namespace " + namespace);
    }
    return d;
  }

  // --- template changes
  // ------------------------------------------------------------------------------------------

  /**
   * Sets the image of one container ({@code kubectl set image deployment/NAME CONTAINER=IMAGE}),
   * when sent. Sending throws a {@link RolloutException} when the template has no such container.
   *
   * <pre>{@code
   * assertThat(web.updateImage("web", "nginx:1.27").because("CVE fix")).completesWithin(ofSeconds(60));
   * }</pre>
   */
  public TemplateChange updateImage(String container, String image) {
    return new TemplateChange(
        this,
        template -> {
          Container c =
              template.getSpec().getContainers().stream()
                  .filter(x -> x.getName().equals(container))
                  .findFirst()
                  .orElseThrow(
                      () ->
                          new RolloutException(
                              "unable to find container named \"" + container + "\""));
          c.setImage(image);
        },
        null,
        "set image " + container + "=" + image);
  }

  /**
   * Sets the image of every container ({@code kubectl set image deployment/NAME *=IMAGE}), when
   * sent.
   */
  public TemplateChange updateImage(String image) {
    return new TemplateChange(
        this,
        t -> t.getSpec().getContainers().forEach(c -> c.setImage(image)),
        null,
        "set image *=" + image);
  }

  /**
   * Any change to the pod template, made by {@code change} on the template as read when the change
   * is sent and written in one update. {@code change} runs again when the write meets a conflict,
   * so it should only edit the template.
   *
   * <pre>{@code
   * assertThat(web.patchTemplate(t -> t.getMetadata().getLabels().put("tier", "gold")))
   *     .completesWithin(ofSeconds(60));
   * }</pre>
   */
  public TemplateChange patchTemplate(Consumer<PodTemplateSpec> change) {
    return new TemplateChange(
        this, Objects.requireNonNull(change, "change"), null, "patch of the pod template");
  }

  /**
   * A pending change of the pod template; nothing is sent until {@link #apply()}. Immutable: {@link
   * #because} returns a new change.
   */
  @CheckReturnValue
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public static final class TemplateChange implements RolloutAction {
    private final DeploymentRollout rollout;
    private final Consumer<PodTemplateSpec> change;
    private final @Nullable String cause;
    private final String description;
    private final Unfinished.Ticket ticket;
    private @Nullable RolloutResult result;

    private TemplateChange(
        DeploymentRollout rollout,
        Consumer<PodTemplateSpec> change,
        @Nullable String cause,
        String description) {
      this.rollout = rollout;
      this.change = change;
      this.cause = cause;
      this.description = description;
      this.ticket = rollout.unsent(this.toString());
    }

    /** {@code set image web=nginx:1.27, change-cause "CVE fix"}. */
    @Override
    public String toString() {
      return description + (cause == null ? "" : ", change-cause \"" + cause + "\"");
    }

    /**
     * Records {@code cause} as the new revision's change-cause, in the same write as the template
     * change: a separate write would rewrite the running revision's cause as well. Returns a new
     * change, which replaces this one.
     */
    public TemplateChange because(String cause) {
      Objects.requireNonNull(cause, "cause");
      ticket.close();
      return new TemplateChange(rollout, change, cause, description);
    }

    /** Sends the change in one write (once) and waits until the controller has observed it. */
    @Override
    @CanIgnoreReturnValue
    public synchronized RolloutResult apply() {
      ticket.close();
      if (result == null) {
        result = new DeploymentWrites(rollout).changeTemplate(change, cause);
      }
      return result;
    }

    @Override
    public void handOver() {
      ticket.close();
    }

    @Override
    public DeploymentRollout rollout() {
      return rollout;
    }
  }

  /** The ticket of a change of this Deployment that is not sent yet. */
  Unfinished.Ticket unsent(String description) {
    return Unfinished.open(
        "the change \"" + description + "\" of deployment " + namespace + "/" + name,
        "was never sent: give it to assertThat(...) and call completesWithin(...) or"
            + " failsWith(...), or call apply()");
  }

  // --- pause, resume, restart, scale
  // ------------------------------------------------------------------------------

  /**
   * {@code kubectl rollout pause}, when sent: template changes are recorded but not rolled out
   * until {@link #resume()}. Sending throws a {@link RolloutException} when it is already paused.
   *
   * <pre>{@code
   * web.pause().apply();
   * }</pre>
   */
  public RolloutAction pause() {
    return new PendingChange(this, "rollout pause", () -> new DeploymentWrites(this).pause());
  }

  /**
   * {@code kubectl rollout resume}, when sent: rolls out what changed while paused. Sending throws
   * a {@link RolloutException} when it is not paused.
   *
   * <pre>{@code
   * assertThat(web.resume()).completesWithin(ofSeconds(60));
   * }</pre>
   */
  public RolloutAction resume() {
    return new PendingChange(this, "rollout resume", () -> new DeploymentWrites(this).resume());
  }

  /**
   * {@code kubectl rollout restart}, when sent: a new revision whose only change is the pod
   * template's restartedAt. Sending throws a {@link RolloutException} on a paused Deployment, or
   * when it was restarted within the same second.
   */
  public RolloutAction restart() {
    return new PendingChange(this, "rollout restart", () -> new DeploymentWrites(this).restart());
  }

  /**
   * {@code kubectl scale --replicas=N}, when sent; no new revision.
   *
   * @throws IllegalArgumentException at once when {@code replicas} is negative
   */
  public RolloutAction scale(int replicas) {
    if (replicas < 0) {
      throw new IllegalArgumentException("replicas must not be negative, but was " + replicas);
    }
    return new PendingChange(
        this, "scale --replicas=" + replicas, () -> new DeploymentWrites(this).scale(replicas));
  }

  // --- undo and history
  // ------------------------------------------------------------------------------------------

  /**
   * {@code kubectl rollout undo}, when sent: back to the previous revision's template, which comes
   * back as a new revision. Sending throws a {@link RolloutException} in kubectl's words when the
   * Deployment is paused or has no previous revision.
   *
   * <pre>{@code
   * assertThat(web.undo()).holdsAtEveryMoment(minAvailableAsConfigured()).completesWithin(ofSeconds(60));
   * }</pre>
   */
  public RolloutAction undo() {
    return new PendingChange(this, "rollout undo", () -> new Undo(this).to(0));
  }

  /**
   * {@code kubectl rollout undo --to-revision=N}, when sent; 0 means the previous revision (the
   * second-highest). Restores the revision's template and its annotations, change-cause included,
   * and drops other Deployment annotations, as kubectl does. Sending throws a {@link
   * RolloutException} in kubectl's words when the history has no such revision or the Deployment is
   * paused.
   *
   * <pre>{@code
   * assertThat(web.undoTo(1)).completesWithin(ofSeconds(60)).endsAtRevision(3);
   * }</pre>
   */
  public RolloutAction undoTo(long revision) {
    return new PendingChange(
        this, "rollout undo --to-revision=" + revision, () -> new Undo(this).to(revision));
  }

  /**
   * {@code kubectl rollout history}: one entry per owned ReplicaSet, by revision, read once the
   * controller has observed the latest generation.
   *
   * <pre>{@code
   * assertThat(web.history()).hasRevisions(1, 2);
   * }</pre>
   */
  public RolloutHistory history() {
    return new HistoryReader(this).read();
  }

  /**
   * The rollout as it stands, for assertions that watch it without changing anything: sending it
   * only reads the Deployment.
   *
   * <pre>{@code
   * assertThat(web.inProgress()).holdsAtEveryMoment(minAvailable(3)).completesWithin(ofSeconds(60));
   * }</pre>
   */
  public RolloutAction inProgress() {
    DeploymentRollout self = this;
    return new RolloutAction() {
      @Override
      public DeploymentRollout rollout() {
        return self;
      }

      @Override
      public RolloutResult apply() {
        return new RolloutResult(self, get(), "rollout in progress");
      }

      @Override
      public String toString() {
        return "the rollout in progress";
      }
    };
  }

  /**
   * {@code kubectl rollout status}, evaluated once on the Deployment as it is now, without waiting.
   *
   * <pre>{@code
   * assertThat(web.status().done()).isTrue();
   * }</pre>
   */
  public RolloutStatus status() {
    return RolloutStatus.of(get());
  }
}
