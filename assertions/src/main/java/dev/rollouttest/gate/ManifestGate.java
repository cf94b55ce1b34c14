package dev.rollouttest.gate;

import dev.rollouttest.invariant.Invariant;
import dev.rollouttest.invariant.Violation;
import dev.rollouttest.kube.Revisions;
import dev.rollouttest.manifest.ManifestApplier;
import dev.rollouttest.manifest.ManifestDocument;
import dev.rollouttest.manifest.ManifestParser;
import dev.rollouttest.model.RolloutTimeline;
import dev.rollouttest.rollout.DeploymentRollout;
import dev.rollouttest.rollout.FailFast;
import dev.rollouttest.rollout.RolloutOutcome;
import dev.rollouttest.rollout.RolloutResult;
import dev.rollouttest.safety.RolloutSafety;
import dev.rollouttest.safety.SafetyFinding;
import dev.rollouttest.watch.RolloutRecorder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
public final class ManifestGate {

  private final String name;
  private final Path current;
  private final Path next;
  private final List<Invariant> extra;
  private final RolloutSafety safety;
  private final Duration timeout;
  private final boolean forceConflicts;

  private ManifestGate(
      String name,
      Path current,
      Path next,
      List<Invariant> extra,
      RolloutSafety safety,
      Duration timeout,
      boolean forceConflicts) {
    this.name = name;
    this.current = current;
    this.next = next;
    this.extra = List.copyOf(extra);
    this.safety = safety;
    this.timeout = timeout;
    this.forceConflicts = forceConflicts;
  }

  /**
   * The upgrade from {@code current} to {@code next}: files, or directories of {@code .yaml}/{@code
   * .yml} files. {@code current} may be {@code null} for manifests that do not run anywhere yet.
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
        false);
  }

  /**
   * One gate per manifest file of {@code next} (a directory, or a file), named by its path relative
   * to {@code next}, paired with the file of the same relative path in {@code current} when {@code
   * current} is a directory, or with {@code current} itself when it is a file. A file {@code
   * current} lacks gets a gate without one: its first rollout is checked.
   *
   * @throws dev.rollouttest.manifest.ManifestException naming the path when {@code current} or
   *     {@code next} does not exist, or {@code next} holds no manifest file
   */
  public static List<ManifestGate> perFile(Path current, Path next) {
    for (Path path : List.of(current, next)) {
      if (!java.nio.file.Files.exists(path)) {
        throw new dev.rollouttest.manifest.ManifestException(
            path + " does not exist (resolved against " + Path.of("").toAbsolutePath() + ")");
      }
    }
    List<Path> files = ManifestParser.files(next);
    if (files.isEmpty()) {
      throw new dev.rollouttest.manifest.ManifestException(next + " holds no .yaml or .yml file");
    }
    List<ManifestGate> gates = new ArrayList<>();
    for (Path file : files) {
      Path relative =
          java.nio.file.Files.isDirectory(next) ? next.relativize(file) : file.getFileName();
      Path counterpart =
          java.nio.file.Files.isDirectory(current) ? current.resolve(relative) : current;
      gates.add(
          new ManifestGate(
              relative.toString(),
              java.nio.file.Files.isRegularFile(counterpart) ? counterpart : null,
              file,
              List.of(),
              RolloutSafety.allRules(),
              Duration.ofMinutes(5),
              false));
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
   * Invariants to check at every moment, on top of the {@linkplain #defaultInvariants defaults}.
   */
  public ManifestGate holding(Invariant... invariants) {
    List<Invariant> all = new ArrayList<>(extra);
    all.addAll(List.of(invariants));
    return new ManifestGate(name, current, next, all, safety, timeout, forceConflicts);
  }

  /**
   * Applies the manifests taking over fields that other field managers own ({@code kubectl apply
   * --server-side --force-conflicts}); by default such a conflict is a problem that names the
   * manager and the field.
   */
  public ManifestGate forcingConflicts() {
    return new ManifestGate(name, current, next, extra, safety, timeout, true);
  }

  /** The rollout-safety rules to run on {@code next}; {@code null} skips the check. */
  public ManifestGate safety(RolloutSafety rules) {
    return new ManifestGate(name, current, next, extra, rules, timeout, forceConflicts);
  }

  /** The budget of each rollout (first rollout of current, upgrade, undo); default 5 minutes. */
  public ManifestGate timeout(Duration budget) {
    Objects.requireNonNull(budget, "timeout");
    if (budget.isNegative() || budget.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, but was " + budget);
    }
    return new ManifestGate(name, current, next, extra, safety, budget, forceConflicts);
  }

  public Optional<Path> current() {
    return Optional.ofNullable(current);
  }

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
   * Runs the gate in the client's namespace.
   *
   * @return what was checked, with its figures
   * @throws AssertionError listing every problem, each with file, document and field
   */
  public GateReport verify(KubernetesClient client) {
    String namespace = client.getNamespace();
    Objects.requireNonNull(
        namespace, "the client has no namespace: use client.adapt(...).inNamespace(ns)");
    List<ManifestDocument> nextDocuments = ManifestParser.read(next);
    List<ManifestDocument> currentDocuments =
        current == null ? List.of() : ManifestParser.read(current);
    List<String> problems = new ArrayList<>();
    List<GateReport.DeploymentResult> results = new ArrayList<>();
    if (safety != null) {
      for (SafetyFinding finding : safety.check(nextDocuments)) {
        problems.add(finding.toString());
      }
      if (!problems.isEmpty()) {
        throw failure(problems, results);
      }
    }

    // 1. what runs today
    ManifestApplier.apply(client, namespace, currentDocuments, forceConflicts);
    Map<String, PodTemplateSpec> currentTemplates = new LinkedHashMap<>();
    for (ManifestDocument document : deployments(currentDocuments)) {
      DeploymentRollout rollout = rollout(client, document);
      RolloutOutcome outcome =
          RolloutRecorder.awaitSettled(rollout, timeout, FailFast.onUnrecoverable());
      if (!outcome.complete()) {
        problems.add(
            document.describe()
                + " spec.template: the current manifests do not roll out, so there is nothing to"
                + " upgrade from: "
                + describe(outcome));
        throw failure(problems, results);
      }
      currentTemplates.put(name(document), outcome.deployment().getSpec().getTemplate());
    }

    // 2. the upgrade, recorded
    Map<ManifestDocument, RolloutRecorder> recorders = new LinkedHashMap<>();
    Map<ManifestDocument, List<Invariant>> invariantsOf = new LinkedHashMap<>();
    for (ManifestDocument document : deployments(nextDocuments)) {
      List<Invariant> invariants =
          new ArrayList<>(
              defaultInvariants(deployment(document), services(document, nextDocuments)));
      invariants.addAll(extra);
      invariantsOf.put(document, invariants);
      if (currentTemplates.containsKey(name(document))) {
        recorders.put(
            document,
            RolloutRecorder.start(
                rollout(client, document), services(document, nextDocuments), invariants));
      }
    }
    // Invariants apply from the Deployment's new generation when its spec changes (so that bounds
    // come from its new spec), else from the apply: a Service alone can still empty the endpoints.
    Map<ManifestDocument, Long> generationBefore = new LinkedHashMap<>();
    Map<ManifestDocument, Integer> positionBefore = new LinkedHashMap<>();
    Map<ManifestDocument, RolloutRecorder> creations = new LinkedHashMap<>();
    recorders.forEach(
        (document, recorder) -> {
          generationBefore.put(
              document, rollout(client, document).get().getMetadata().getGeneration());
          positionBefore.put(document, recorder.position());
        });
    long appliedAt;
    try {
      appliedAt = System.nanoTime();
      ManifestApplier.apply(client, namespace, nextDocuments, forceConflicts);
      recorders.forEach(
          (document, recorder) -> {
            long generation = rollout(client, document).get().getMetadata().getGeneration();
            if (generation > generationBefore.get(document)) {
              recorder.changeGeneration(generation);
            } else {
              recorder.changeStartsAt(positionBefore.get(document));
            }
          });
      // a Deployment that only next has is recorded from just after its creation: its minimums
      // apply once reached, so its first rollout is held to the same invariants
      for (ManifestDocument document : deployments(nextDocuments)) {
        if (!recorders.containsKey(document)) {
          RolloutRecorder first =
              RolloutRecorder.start(
                  rollout(client, document),
                  services(document, nextDocuments),
                  invariantsOf.get(document));
          first.changeGeneration(first.currentGeneration());
          creations.put(document, first);
        }
      }
    } catch (RuntimeException e) {
      recorders.values().forEach(RolloutRecorder::close);
      creations.values().forEach(RolloutRecorder::close);
      throw e;
    }
    List<ManifestDocument> upgraded = new ArrayList<>();
    for (ManifestDocument document : deployments(nextDocuments)) {
      boolean created = !recorders.containsKey(document);
      RolloutRecorder recorder = created ? creations.get(document) : recorders.get(document);
      RolloutOutcome outcome =
          recorder.awaitOutcome(timeout, FailFast.onUnrecoverable(), true, created);
      RolloutTimeline timeline = recorder.stop();
      List<Violation> violations = recorder.violations();
      String phase = created ? "first rollout" : "upgrade";
      report(
          document,
          phase,
          outcome,
          violations,
          timeline,
          problems,
          currentDocuments,
          nextDocuments);
      results.add(
          new GateReport.DeploymentResult(
              document.describe(),
              phase,
              Duration.ofNanos(System.nanoTime() - appliedAt),
              timeline,
              violations,
              outcome.complete()));
      if (!created) {
        boolean newRevision =
            !Revisions.sameTemplate(
                outcome.deployment().getSpec().getTemplate(), currentTemplates.get(name(document)));
        if (newRevision) {
          upgraded.add(document);
        }
      }
    }

    // 3. the undo back to current
    for (ManifestDocument document : upgraded) {
      DeploymentRollout rollout = rollout(client, document);
      RolloutRecorder recorder =
          RolloutRecorder.start(
              rollout, services(document, nextDocuments), invariantsOf.get(document));
      RolloutResult undone;
      long undoneAt;
      try {
        undoneAt = System.nanoTime();
        undone = rollout.undo().apply();
      } catch (RuntimeException e) {
        recorder.close();
        problems.add(
            document.describe() + " spec.revisionHistoryLimit: the undo failed: " + e.getMessage());
        continue;
      }
      recorder.changeGeneration(undone.deployment().getMetadata().getGeneration());
      RolloutOutcome outcome =
          recorder.awaitOutcome(timeout, FailFast.onUnrecoverable(), true, false);
      RolloutTimeline timeline = recorder.stop();
      report(
          document,
          "undo",
          outcome,
          recorder.violations(),
          timeline,
          problems,
          currentDocuments,
          nextDocuments);
      results.add(
          new GateReport.DeploymentResult(
              document.describe(),
              "undo",
              Duration.ofNanos(System.nanoTime() - undoneAt),
              timeline,
              recorder.violations(),
              outcome.complete()));
      if (outcome.complete()
          && !Revisions.sameTemplate(
              outcome.deployment().getSpec().getTemplate(), currentTemplates.get(name(document)))) {
        problems.add(
            document.describe()
                + " spec.template: the undo did not bring back the pod template of "
                + current
                + "; images now "
                + images(outcome.deployment()));
      }
    }
    if (!problems.isEmpty()) {
      throw failure(problems, results);
    }
    return new GateReport(current, next, results);
  }

  private void report(
      ManifestDocument document,
      String phase,
      RolloutOutcome outcome,
      List<Violation> violations,
      RolloutTimeline timeline,
      List<String> problems,
      List<ManifestDocument> currentDocuments,
      List<ManifestDocument> nextDocuments) {
    Deployment d = deployment(document);
    for (Violation v : violations) {
      problems.add(
          culprit(document, d, v.invariant(), currentDocuments, nextDocuments)
              + ": the "
              + phase
              + " broke \""
              + v.invariant().description()
              + "\" at "
              + String.format(java.util.Locale.ROOT, "%.3fs", v.moment().at().toNanos() / 1e9)
              + " (entry #"
              + v.index()
              + ", "
              + v.moment().event()
              + "): "
              + v.reason()
              + "\n"
              + timeline.table(v.index() - 3, v.index() + 3).indent(4).stripTrailing());
    }
    // a violation ends the wait at once, so an unfinished rollout after one is no second problem
    if (!outcome.complete() && violations.isEmpty()) {
      problems.add(
          document.describe()
              + " spec.template: the "
              + phase
              + (outcome.timedOut()
                  ? " did not complete within " + timeout.toSeconds() + " s: "
                  : String.format(
                      java.util.Locale.ROOT,
                      " failed after %.1f s: ",
                      outcome.elapsed().toMillis() / 1000.0))
              + describe(outcome));
    }
  }

  /**
   * Where to look: a Service whose selector changed between current and next, for an endpoints
   * invariant; otherwise the Deployment's field that governs the invariant.
   */
  private static String culprit(
      ManifestDocument document,
      Deployment d,
      Invariant invariant,
      List<ManifestDocument> currentDocuments,
      List<ManifestDocument> nextDocuments) {
    if (invariant.description().startsWith("ready endpoints of Service ")) {
      String service = invariant.description().substring("ready endpoints of Service ".length());
      service = service.substring(0, service.indexOf(' '));
      Optional<ManifestDocument> now = service(nextDocuments, service);
      Optional<ManifestDocument> before = service(currentDocuments, service);
      if (now.isPresent() && before.isPresent()) {
        Map<String, String> was = ((Service) before.get().object()).getSpec().getSelector();
        Map<String, String> is = ((Service) now.get().object()).getSpec().getSelector();
        if (!Objects.equals(was, is)) {
          return now.get().describe()
              + " spec.selector (was "
              + was
              + ", now "
              + is
              + ": the Service drops the old pods before new ones are ready)";
        }
      }
    }
    return document.describe() + " " + field(d, invariant);
  }

  private static Optional<ManifestDocument> service(List<ManifestDocument> documents, String name) {
    return documents.stream()
        .filter(
            d -> d.object() instanceof Service && name.equals(d.object().getMetadata().getName()))
        .findFirst();
  }

  /** The field of the Deployment that governs an invariant, with its value. */
  static String field(Deployment d, Invariant invariant) {
    var strategy = d.getSpec().getStrategy();
    boolean recreate = strategy != null && "Recreate".equals(strategy.getType());
    var rolling = strategy == null ? null : strategy.getRollingUpdate();
    String description = invariant.description();
    if (description.startsWith("available pods") || description.startsWith("ready endpoints")) {
      if (recreate) {
        return "spec.strategy.type (Recreate stops every old pod before it starts a new one)";
      }
      return "spec.strategy.rollingUpdate.maxUnavailable ("
          + (rolling == null || rolling.getMaxUnavailable() == null
              ? "unset, 25%"
              : value(rolling.getMaxUnavailable()))
          + " of "
          + (d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas())
          + " replicas)";
    }
    if (description.startsWith("ReplicaSets' desired replicas")) {
      return "spec.strategy.rollingUpdate.maxSurge ("
          + (rolling == null || rolling.getMaxSurge() == null
              ? "unset, 25%"
              : value(rolling.getMaxSurge()))
          + ")";
    }
    if (description.contains("revision")) {
      return "spec.template";
    }
    return "spec";
  }

  private static String value(io.fabric8.kubernetes.api.model.IntOrString v) {
    return v.getIntVal() != null ? v.getIntVal().toString() : v.getStrVal();
  }

  private static String describe(RolloutOutcome outcome) {
    return outcome.status().message()
        + (outcome.timedOut() ? " (timed out)" : "")
        + (outcome.failingPods().isEmpty() ? "" : "; failing pods: " + outcome.failingPods());
  }

  private static AssertionError failure(
      List<String> problems, List<GateReport.DeploymentResult> results) {
    StringBuilder b = new StringBuilder();
    b.append("The manifest gate failed with ").append(problems.size()).append(" problem(s):");
    for (int i = 0; i < problems.size(); i++) {
      b.append("\n").append(i + 1).append(". ").append(problems.get(i));
    }
    return new AssertionError(b.toString());
  }

  private static List<ManifestDocument> deployments(List<ManifestDocument> documents) {
    return documents.stream().filter(d -> d.object() instanceof Deployment).toList();
  }

  private static Deployment deployment(ManifestDocument document) {
    return (Deployment) document.object();
  }

  private static String name(ManifestDocument document) {
    return document.object().getMetadata().getName();
  }

  private static DeploymentRollout rollout(KubernetesClient client, ManifestDocument document) {
    return DeploymentRollout.of(client, name(document));
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

  private static Map<String, String> images(Deployment deployment) {
    Map<String, String> images = new LinkedHashMap<>();
    deployment
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .forEach(c -> images.put(c.getName(), c.getImage()));
    return images;
  }

  @Override
  public String toString() {
    return (current == null ? "(nothing)" : current.toString()) + " -> " + next;
  }
}
