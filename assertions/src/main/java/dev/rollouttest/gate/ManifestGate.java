package dev.rollouttest.gate;

import dev.rollouttest.invariant.Invariant;
import dev.rollouttest.manifest.ClusterScopedObjects;
import dev.rollouttest.manifest.ManifestDocument;
import dev.rollouttest.manifest.ManifestException;
import dev.rollouttest.manifest.internal.ManifestParser;
import dev.rollouttest.safety.RolloutSafety;
import dev.rollouttest.safety.SafetyFinding;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * A CI gate for a pair of manifests: does the upgrade from what runs today ({@code current}) to the
 * manifests of a pull request ({@code next}) roll out safely, and can it be undone?
 *
 * <pre>{@code
 * ManifestGate.upgrade(Path.of("deploy/production"), Path.of("deploy/candidate"))
 *     .verify(client);   // into the client's namespace; throws AssertionError naming what broke
 * }</pre>
 *
 * <p>{@link #verify} does, in this order:
 *
 * <ol>
 *   <li>the {@linkplain RolloutSafety rollout-safety check} on {@code next}, without touching the
 *       cluster ({@link #safety} selects or silences rules);
 *   <li>applies {@code current} and waits until each of its Deployments has rolled out;
 *   <li>applies {@code next} while recording each Deployment that exists in both, and checks at
 *       every moment the {@linkplain #defaultInvariants default invariants} plus those given to
 *       {@link #holding}; the rollout must complete within {@link #timeout};
 *   <li>undoes each upgraded Deployment (as {@code kubectl rollout undo}), under the same
 *       invariants, and checks that its pod template is the one {@code current} gave it.
 * </ol>
 *
 * Every problem names the file, the document and the field that governs it, e.g. {@code
 * next/web.yaml document #1 (Deployment/web) spec.strategy.rollingUpdate.maxUnavailable}. A
 * Deployment that only {@code next} has is recorded from its creation and held to the same
 * invariants during its first rollout (their minimums apply once reached).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ManifestGate {

  private final String name;
  private final @Nullable Path current;
  private final Path next;
  private final List<Invariant> extra;
  private final RolloutSafety safety;
  private final Duration timeout;
  private final boolean forceConflicts;
  private final ClusterScopedObjects clusterScoped;

  private ManifestGate(
      String name,
      @Nullable Path current,
      Path next,
      List<Invariant> extra,
      RolloutSafety safety,
      Duration timeout,
      boolean forceConflicts,
      ClusterScopedObjects clusterScoped) {
    this.name = name;
    this.current = current;
    this.next = next;
    this.extra = List.copyOf(extra);
    this.safety = safety;
    this.timeout = timeout;
    this.forceConflicts = forceConflicts;
    this.clusterScoped = clusterScoped;
  }

  /**
   * The upgrade from {@code current} to {@code next}: files, or directories of {@code .yaml}/{@code
   * .yml} files. {@code current} may be {@code null} for manifests that do not run anywhere yet.
   * Nothing is read until {@link #verify}.
   *
   * <pre>{@code
   * ManifestGate.upgrade(Path.of("deploy/production"), Path.of("deploy/candidate")).verify(client);
   * }</pre>
   */
  public static ManifestGate upgrade(Path current, Path next) {
    Objects.requireNonNull(next, "next");
    return new ManifestGate(
        next.toString(),
        current,
        next,
        List.of(),
        RolloutSafety.allRules(),
        Duration.ofMinutes(5),
        false,
        ClusterScopedObjects.refused());
  }

  /**
   * One gate per manifest file of {@code next} (a directory, or a file), named by its path relative
   * to {@code next}, paired with the file of the same relative path in {@code current} when {@code
   * current} is a directory, or with {@code current} itself when it is a file. A file {@code
   * current} lacks gets a gate without one: its first rollout is checked. {@code @UpgradeSource}
   * hands these gates to a parameterized test, one per invocation.
   *
   * <pre>{@code
   * for (ManifestGate gate : ManifestGate.perFile(Path.of("deploy/production"), Path.of("deploy/candidate"))) {
   *   gate.verify(client);   // each in a namespace of its own, in practice
   * }
   * }</pre>
   *
   * @throws ManifestException naming the path when {@code current} or {@code next} does not exist,
   *     or {@code next} holds no manifest file
   */
  public static List<ManifestGate> perFile(Path current, Path next) {
    for (Path path : List.of(current, next)) {
      if (!Files.exists(path)) {
        throw new ManifestException(
            path + " does not exist (resolved against " + Path.of("").toAbsolutePath() + ")");
      }
    }
    List<Path> files = ManifestParser.files(next);
    if (files.isEmpty()) {
      throw new ManifestException(next + " holds no .yaml or .yml file");
    }
    List<ManifestGate> gates = new ArrayList<>();
    for (Path file : files) {
      Path relative = Files.isDirectory(next) ? next.relativize(file) : file.getFileName();
      Path counterpart = Files.isDirectory(current) ? current.resolve(relative) : current;
      gates.add(
          new ManifestGate(
              relative.toString(),
              Files.isRegularFile(counterpart) ? counterpart : null,
              file,
              List.of(),
              RolloutSafety.allRules(),
              Duration.ofMinutes(5),
              false,
              ClusterScopedObjects.refused()));
    }
    return gates;
  }

  /**
   * The gate's name: the path of next's file relative to the directory given to {@link #perFile},
   * or next as given to {@link #upgrade}.
   */
  public String name() {
    return name;
  }

  /**
   * Invariants to check at every moment, on top of the {@linkplain #defaultInvariants defaults};
   * returns a new gate.
   *
   * <pre>{@code
   * gate.holding(minAvailable(2), minReadyEndpoints("api", 1)).verify(client);
   * }</pre>
   */
  public ManifestGate holding(Invariant... invariants) {
    List<Invariant> all = new ArrayList<>(extra);
    all.addAll(List.of(invariants));
    return new ManifestGate(
        name, current, next, all, safety, timeout, forceConflicts, clusterScoped);
  }

  /**
   * Applies the manifests taking over fields that other field managers own ({@code kubectl apply
   * --server-side --force-conflicts}); by default such a conflict is a problem that names the
   * manager and the field. Returns a new gate.
   */
  public ManifestGate forcingConflicts() {
    return new ManifestGate(name, current, next, extra, safety, timeout, true, clusterScoped);
  }

  /**
   * The cluster-scoped objects the manifests may hold (a ClusterRole, a CRD), each allowed by kind
   * and name; by default every cluster-scoped document is refused before anything is applied, as it
   * would outlive the namespace. Those applied are labelled with the run id and recorded in {@code
   * objects}: delete them with {@link ClusterScopedObjects#deleteApplied} when the namespace is
   * deleted. Returns a new gate.
   *
   * <pre>{@code
   * var clusterScoped = ClusterScopedObjects.allowing(List.of("ClusterRole/web-reader"), runId, namespace);
   * gate.clusterScoped(clusterScoped).verify(client);
   * }</pre>
   */
  public ManifestGate clusterScoped(ClusterScopedObjects objects) {
    return new ManifestGate(
        name,
        current,
        next,
        extra,
        safety,
        timeout,
        forceConflicts,
        Objects.requireNonNull(objects, "objects"));
  }

  /**
   * The rollout-safety rules to run on {@code next} instead of all of them; {@code null} skips the
   * check. Returns a new gate.
   *
   * <pre>{@code
   * gate.safety(RolloutSafety.allRules().without(SafetyRule.IMAGE_TAG))
   * }</pre>
   */
  public ManifestGate safety(RolloutSafety rules) {
    return new ManifestGate(
        name, current, next, extra, rules, timeout, forceConflicts, clusterScoped);
  }

  /**
   * The budget of each rollout (first rollout of current, upgrade, undo); default 5 minutes.
   * Returns a new gate.
   *
   * @throws IllegalArgumentException when {@code budget} is zero or negative
   */
  public ManifestGate timeout(Duration budget) {
    Objects.requireNonNull(budget, "timeout");
    if (budget.isNegative() || budget.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, but was " + budget);
    }
    return new ManifestGate(
        name, current, next, extra, safety, budget, forceConflicts, clusterScoped);
  }

  /** The manifests of the running release; empty for a first release. */
  public Optional<Path> current() {
    return Optional.ofNullable(current);
  }

  /** The manifests of the release to gate. */
  public Path next() {
    return next;
  }

  /**
   * The invariants every upgrade and undo must keep: available pods ≥ replicas − maxUnavailable
   * (the controller's own promise), at least one pod available (no downtime), the ReplicaSets
   * within replicas + maxSurge, only the old and the new revision running, the revision advancing
   * once, and at least one ready endpoint for each Service of {@code next} that selects the
   * Deployment's pods. A Deployment scaled to zero in {@code next} is held only to the revision
   * invariants.
   */
  public static List<Invariant> defaultInvariants(Deployment next, List<String> services) {
    List<Invariant> invariants = new ArrayList<>();
    int replicas = next.getSpec().getReplicas() == null ? 1 : next.getSpec().getReplicas();
    if (replicas > 0) {
      invariants.add(Invariant.minAvailableAsConfigured());
      invariants.add(Invariant.minAvailable(1));
      services.forEach(s -> invariants.add(Invariant.minReadyEndpoints(s, 1)));
    }
    invariants.add(Invariant.maxSurgeRespected());
    invariants.add(Invariant.onlyOldAndNewRevisions());
    invariants.add(Invariant.revisionAdvancesAsExpected());
    return invariants;
  }

  /**
   * Runs the gate in the client's namespace, which should be one of its own: the gate applies both
   * releases there and deletes nothing. A cluster-scoped document that {@link #clusterScoped} does
   * not allow, in either release, is refused before anything is applied.
   *
   * <pre>{@code
   * GateReport report = gate.verify(client);
   * System.out.println(report.summary());
   * }</pre>
   *
   * @return what was checked, with its figures
   * @throws AssertionError listing every problem, each with file, document and field
   * @throws ManifestException when a manifest cannot be read, naming the file and document
   * @throws NullPointerException when the client has no namespace
   */
  public GateReport verify(KubernetesClient client) {
    Objects.requireNonNull(
        client.getNamespace(),
        "the client has no namespace: use client.adapt(...).inNamespace(ns)");
    List<ManifestDocument> nextDocuments = ManifestParser.read(next);
    List<ManifestDocument> currentDocuments =
        current == null ? List.of() : ManifestParser.read(current);
    GateProblems problems = new GateProblems();
    if (safety != null) {
      for (SafetyFinding finding : safety.check(nextDocuments)) {
        problems.add(finding.toString());
      }
      if (!problems.isEmpty()) {
        throw problems.failure();
      }
    }
    List<GateReport.DeploymentResult> results =
        new GateRun(
                client,
                current,
                currentDocuments,
                nextDocuments,
                extra,
                timeout,
                forceConflicts,
                clusterScoped,
                problems)
            .run();
    return new GateReport(current, next, results);
  }

  @Override
  public String toString() {
    return (current == null ? "(nothing)" : current.toString()) + " -> " + next;
  }
}
