package dev.rollouttest.rollout;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import com.google.errorprone.annotations.CheckReturnValue;
import dev.rollouttest.kube.Revisions;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

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
 * <pre>{@code
 * DeploymentRollout web = DeploymentRollout.of(client, "web");
 * assertThat(web.updateImage("web", "nginx:1.27").because("CVE fix")).completesWithin(ofSeconds(60));
 * assertThat(web.undo()).completesWithin(ofSeconds(60));   // back to revision 1's template, as revision 3
 * web.undoTo(2).apply();                                    // or to a given revision, without watching
 * web.history();                                            // [1 ..., 2 ...] with images and change-causes
 * }</pre>
 */
@CheckReturnValue
public final class DeploymentRollout {

  /** The annotation kubectl rollout history shows. */
  public static final String CHANGE_CAUSE = "kubernetes.io/change-cause";

  /** The pod template annotation {@code kubectl rollout restart} sets. */
  public static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

  static final String REVISION_HISTORY = Revisions.HISTORY_ANNOTATION;

  /** Deployment annotations an undo keeps (kubectl's {@code annotationsToSkip}). */
  static final Set<String> ANNOTATIONS_TO_SKIP =
      Set.of(
          "kubectl.kubernetes.io/last-applied-configuration",
          RolloutStatus.REVISION_ANNOTATION,
          REVISION_HISTORY,
          "deployment.kubernetes.io/desired-replicas",
          "deployment.kubernetes.io/max-replicas",
          "deprecated.deployment.rollback.to");

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

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

  /** The Deployment {@code name} in the client's namespace. */
  public static DeploymentRollout of(KubernetesClient client, String name) {
    return new DeploymentRollout(client, client.getNamespace(), name, Duration.ofSeconds(60));
  }

  /** The given Deployment (its namespace, or the client's when it has none). */
  public static DeploymentRollout of(KubernetesClient client, Deployment deployment) {
    String ns = deployment.getMetadata().getNamespace();
    return new DeploymentRollout(
        client,
        ns != null ? ns : client.getNamespace(),
        deployment.getMetadata().getName(),
        Duration.ofSeconds(60));
  }

  /** A driver that waits at most {@code timeout} for the controller to observe each write. */
  public DeploymentRollout withTimeout(Duration timeout) {
    return new DeploymentRollout(client, namespace, name, timeout);
  }

  public String namespace() {
    return namespace;
  }

  public String name() {
    return name;
  }

  /** The client this driver writes with. */
  public KubernetesClient client() {
    return client;
  }

  /** The Deployment as it is now. */
  public Deployment get() {
    Deployment d = client.apps().deployments().inNamespace(namespace).withName(name).get();
    if (d == null) {
      throw new RolloutException(
          "deployments.apps \"" + name + "\" not found in namespace " + namespace);
    }
    return d;
  }

  // --- template changes
  // ------------------------------------------------------------------------------------------

  /**
   * Sets the image of one container ({@code kubectl set image deployment/NAME CONTAINER=IMAGE}).
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

  /** Sets the image of every container ({@code kubectl set image deployment/NAME *=IMAGE}). */
  public TemplateChange updateImage(String image) {
    return new TemplateChange(
        this,
        t -> t.getSpec().getContainers().forEach(c -> c.setImage(image)),
        null,
        "set image *=" + image);
  }

  /** Any change to the pod template. */
  public TemplateChange patchTemplate(Consumer<PodTemplateSpec> change) {
    return new TemplateChange(
        this, Objects.requireNonNull(change, "change"), null, "patch of the pod template");
  }

  /**
   * A pending change of the pod template; nothing is sent until {@link #apply()}. Immutable: {@link
   * #because} returns a new change.
   */
  @CheckReturnValue
  public static final class TemplateChange implements RolloutAction {
    private final DeploymentRollout rollout;
    private final Consumer<PodTemplateSpec> change;
    private final String cause;
    private final String description;
    private final Unfinished.Ticket ticket;
    private RolloutResult result;

    private TemplateChange(
        DeploymentRollout rollout,
        Consumer<PodTemplateSpec> change,
        String cause,
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
        result =
            rollout.write(
                d -> {
                  change.accept(d.getSpec().getTemplate());
                  if (cause != null) {
                    annotations(d).put(CHANGE_CAUSE, cause);
                  }
                },
                "image updated");
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

  /** A change sent when a rollout assertion, or {@link RolloutAction#apply()}, sends it. */
  private static final class Change implements RolloutAction {
    private final DeploymentRollout rollout;
    private final String description;
    private final Supplier<RolloutResult> send;
    private final Unfinished.Ticket ticket;
    private RolloutResult result;

    private Change(DeploymentRollout rollout, String description, Supplier<RolloutResult> send) {
      this.rollout = rollout;
      this.description = description;
      this.send = send;
      this.ticket = rollout.unsent(description);
    }

    @Override
    public DeploymentRollout rollout() {
      return rollout;
    }

    @Override
    @CanIgnoreReturnValue
    public synchronized RolloutResult apply() {
      ticket.close();
      if (result == null) {
        result = send.get();
      }
      return result;
    }

    @Override
    public void handOver() {
      ticket.close();
    }

    /** {@code rollout undo} before it is sent, kubectl's words for what it did after. */
    @Override
    public String toString() {
      return result == null ? description : result.message();
    }
  }

  private Unfinished.Ticket unsent(String description) {
    return Unfinished.open(
        "the change \"" + description + "\" of deployment " + namespace + "/" + name,
        "was never sent: give it to assertThat(...) and call completesWithin(...) or"
            + " failsWith(...), or call apply()");
  }

  // --- pause, resume, restart, scale
  // ------------------------------------------------------------------------------

  /** {@code kubectl rollout pause}, when sent. */
  public RolloutAction pause() {
    return new Change(this, "rollout pause", this::sendPause);
  }

  private RolloutResult sendPause() {
    if (Boolean.TRUE.equals(get().getSpec().getPaused())) {
      throw new RolloutException("deployments.apps \"" + name + "\" is already paused");
    }
    return write(d -> d.getSpec().setPaused(true), "paused");
  }

  /** {@code kubectl rollout resume}, when sent. */
  public RolloutAction resume() {
    return new Change(this, "rollout resume", this::sendResume);
  }

  private RolloutResult sendResume() {
    if (!Boolean.TRUE.equals(get().getSpec().getPaused())) {
      throw new RolloutException("deployments.apps \"" + name + "\" is not paused");
    }
    return write(d -> d.getSpec().setPaused(false), "resumed");
  }

  /**
   * {@code kubectl rollout restart}, when sent: a new revision whose only change is the pod
   * template's restartedAt.
   */
  public RolloutAction restart() {
    return new Change(this, "rollout restart", this::sendRestart);
  }

  private RolloutResult sendRestart() {
    Deployment current = get();
    if (Boolean.TRUE.equals(current.getSpec().getPaused())) {
      throw new RolloutException(
          "deployments.apps \""
              + name
              + "\" can't restart paused deployment (run rollout resume first)");
    }
    String now =
        ZonedDateTime.now()
            .truncatedTo(ChronoUnit.SECONDS)
            .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    Map<String, String> template = current.getSpec().getTemplate().getMetadata().getAnnotations();
    if (template != null && now.equals(template.get(RESTARTED_AT))) {
      throw new RolloutException(
          "failed to create patch for "
              + name
              + ": if restart has already been triggered within the past second, please wait before attempting to"
              + " trigger another");
    }
    return write(
        d -> {
          if (d.getSpec().getTemplate().getMetadata().getAnnotations() == null) {
            d.getSpec().getTemplate().getMetadata().setAnnotations(new HashMap<>());
          }
          d.getSpec().getTemplate().getMetadata().getAnnotations().put(RESTARTED_AT, now);
        },
        "restarted");
  }

  /** {@code kubectl scale --replicas=N}, when sent. */
  public RolloutAction scale(int replicas) {
    if (replicas < 0) {
      throw new IllegalArgumentException("replicas must not be negative, but was " + replicas);
    }
    return new Change(
        this,
        "scale --replicas=" + replicas,
        () -> write(d -> d.getSpec().setReplicas(replicas), "scaled"));
  }

  // --- undo and history
  // ------------------------------------------------------------------------------------------

  /** {@code kubectl rollout undo}, when sent: back to the previous revision's template. */
  public RolloutAction undo() {
    return new Change(this, "rollout undo", () -> sendUndo(0));
  }

  /**
   * {@code kubectl rollout undo --to-revision=N}, when sent; 0 means the previous revision (the
   * second-highest). Restores the revision's template and its annotations, change-cause included,
   * and drops other Deployment annotations, as kubectl does.
   */
  public RolloutAction undoTo(long revision) {
    return new Change(this, "rollout undo --to-revision=" + revision, () -> sendUndo(revision));
  }

  private RolloutResult sendUndo(long revision) {
    if (revision < 0) {
      throw new RolloutException("unable to find specified revision " + revision + " in history");
    }
    Deployment deployment = observedLatest();
    List<ReplicaSet> owned = ownedReplicaSets(deployment);
    ReplicaSet target;
    if (revision == 0) {
      List<ReplicaSet> byRevision =
          owned.stream()
              .sorted(Comparator.comparingLong(DeploymentRollout::revisionOf).reversed())
              .toList();
      if (byRevision.size() < 2) {
        throw new RolloutException("no rollout history found for deployment \"" + name + "\"");
      }
      target = byRevision.get(1);
    } else {
      target =
          owned.stream()
              .filter(rs -> revisionOf(rs) == revision)
              .findFirst()
              .orElseThrow(
                  () ->
                      new RolloutException(
                          "unable to find specified revision " + revision + " in history"));
    }
    if (Boolean.TRUE.equals(deployment.getSpec().getPaused())) {
      throw new RolloutException(
          "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again");
    }
    PodTemplateSpec template = Revisions.withoutHash(target.getSpec().getTemplate());
    if (Revisions.sameTemplate(template, deployment.getSpec().getTemplate())) {
      return new RolloutResult(
          this,
          deployment,
          "deployment.apps/"
              + name
              + " skipped rollback (current template already matches revision "
              + revision
              + ")");
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations(deployment)
        .forEach(
            (k, v) -> {
              if (ANNOTATIONS_TO_SKIP.contains(k)) {
                annotations.put(k, v);
              }
            });
    annotations(target)
        .forEach(
            (k, v) -> {
              if (!ANNOTATIONS_TO_SKIP.contains(k)) {
                annotations.put(k, v);
              }
            });
    List<Map<String, Object>> patch =
        List.of(
            Map.of("op", "replace", "path", "/spec/template", "value", template),
            Map.of("op", "replace", "path", "/metadata/annotations", "value", annotations));
    Deployment patched =
        client
            .apps()
            .deployments()
            .inNamespace(namespace)
            .withName(name)
            .patch(PatchContext.of(PatchType.JSON), JSON.asJson(patch));
    return new RolloutResult(
        this, awaitObserved(patched), "deployment.apps/" + name + " rolled back");
  }

  /** {@code kubectl rollout history}: one entry per owned ReplicaSet, by revision. */
  public RolloutHistory history() {
    List<Revision> revisions = new ArrayList<>();
    for (ReplicaSet rs : ownedReplicaSets(observedLatest())) {
      Map<String, String> images = new LinkedHashMap<>();
      rs.getSpec()
          .getTemplate()
          .getSpec()
          .getContainers()
          .forEach(c -> images.put(c.getName(), c.getImage()));
      String history = annotations(rs).get(REVISION_HISTORY);
      List<Long> earlier =
          history == null || history.isBlank()
              ? List.of()
              : Arrays.stream(history.split(",")).map(String::trim).map(Long::valueOf).toList();
      revisions.add(
          new Revision(
              revisionOf(rs),
              rs.getMetadata().getName(),
              images,
              Optional.ofNullable(annotations(rs).get(CHANGE_CAUSE)),
              earlier));
    }
    revisions.sort(Comparator.comparingLong(Revision::number));
    return new RolloutHistory(namespace, name, revisions);
  }

  /** The rollout as it stands, for assertions that watch it without changing anything. */
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

  /** {@code kubectl rollout status}, evaluated once. */
  public RolloutStatus status() {
    return RolloutStatus.of(get());
  }

  // --- plumbing
  // ----------------------------------------------------------------------------------------------------

  private RolloutResult write(Consumer<Deployment> change, String verb) {
    // The controller writes the status concurrently; like client-go's RetryOnConflict, read again
    // and retry.
    for (int attempt = 1; ; attempt++) {
      try {
        Deployment edited =
            client
                .apps()
                .deployments()
                .inNamespace(namespace)
                .withName(name)
                .edit(
                    d -> {
                      change.accept(d);
                      return d;
                    });
        return new RolloutResult(
            this, awaitObserved(edited), "deployment.apps/" + name + " " + verb);
      } catch (KubernetesClientException e) {
        if (e.getCode() == 404) {
          throw new RolloutException(
              "deployments.apps \"" + name + "\" not found in namespace " + namespace, e);
        }
        // A large Deployment's status changes many times a second while it rolls out, so a few
        // conflicts in a row are normal: back off a little more each time, as client-go does.
        if (e.getCode() != 409 || attempt == 50) {
          throw e;
        }
        try {
          Thread.sleep(
              Math.min(10L * attempt, 200L)
                  + java.util.concurrent.ThreadLocalRandom.current().nextLong(10));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /**
   * The Deployment once the controller has observed its latest generation: its ReplicaSets, and so
   * its revisions, are then current.
   */
  private Deployment observedLatest() {
    Deployment d = get();
    return observed(d, d.getMetadata().getGeneration()) ? d : awaitObserved(d);
  }

  private Deployment awaitObserved(Deployment written) {
    long generation = written.getMetadata().getGeneration();
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      // in slices of at most a second, asking the backend in between whether a component died
      while (true) {
        failOnClusterFault("waiting for generation " + generation + " to be observed");
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        try {
          return client
              .apps()
              .deployments()
              .inNamespace(namespace)
              .withName(name)
              .waitUntilCondition(
                  d -> d != null && observed(d, generation),
                  Math.max(1, Math.min(left, 1000)),
                  TimeUnit.MILLISECONDS);
        } catch (KubernetesClientTimeoutException slice) {
          if (left <= 1000) {
            throw slice;
          }
        }
      }
    } catch (KubernetesClientTimeoutException e) {
      Deployment now = client.apps().deployments().inNamespace(namespace).withName(name).get();
      throw new RolloutException(
          "the Deployment controller has not observed generation "
              + generation
              + " of deployment \""
              + name
              + "\" within "
              + timeout.toMillis()
              + " ms (observedGeneration "
              + (now == null || now.getStatus() == null
                  ? "unknown"
                  : now.getStatus().getObservedGeneration())
              + "), so its ReplicaSets and revisions are not current; is kube-controller-manager"
              + " running?",
          e);
    }
  }

  /**
   * Throws {@link ClusterFaults.ClusterFaultException} when the cluster's backend knows a component
   * died.
   */
  void failOnClusterFault(String doing) {
    java.util.Optional<String> fault = ClusterFaults.of(client);
    if (fault.isPresent()) {
      throw new ClusterFaults.ClusterFaultException(
          "The rollout of Deployment "
              + namespace
              + "/"
              + name
              + " cannot be judged ("
              + doing
              + "): "
              + fault.get());
    }
  }

  private static boolean observed(Deployment d, long generation) {
    return d.getStatus() != null
        && d.getStatus().getObservedGeneration() != null
        && d.getStatus().getObservedGeneration() >= generation;
  }

  /**
   * ReplicaSets whose controller reference is this Deployment (kubectl's {@code
   * GetAllReplicaSets}).
   */
  private List<ReplicaSet> ownedReplicaSets(Deployment deployment) {
    String uid = deployment.getMetadata().getUid();
    return client.apps().replicaSets().inNamespace(namespace).list().getItems().stream()
        .filter(
            rs ->
                rs.getMetadata().getOwnerReferences() != null
                    && rs.getMetadata().getOwnerReferences().stream()
                        .anyMatch(
                            o -> Boolean.TRUE.equals(o.getController()) && uid.equals(o.getUid())))
        .toList();
  }

  /**
   * The revision annotation of a Deployment (the revision it is at) or a ReplicaSet; 0 when absent
   * or not a number.
   */
  public static long revisionOf(io.fabric8.kubernetes.api.model.HasMetadata object) {
    return Revisions.of(object);
  }

  private static Map<String, String> annotations(
      io.fabric8.kubernetes.api.model.HasMetadata object) {
    if (object.getMetadata().getAnnotations() == null) {
      object.getMetadata().setAnnotations(new HashMap<>());
    }
    return object.getMetadata().getAnnotations();
  }
}
