package dev.rollouttest.gate;

import static dev.rollouttest.gate.Manifests.deployment;
import static dev.rollouttest.gate.Manifests.deployments;
import static dev.rollouttest.gate.Manifests.name;
import static dev.rollouttest.gate.Manifests.services;

import dev.rollouttest.invariant.Invariant;
import dev.rollouttest.invariant.Violation;
import dev.rollouttest.kube.Revisions;
import dev.rollouttest.manifest.ClusterScopedObjects;
import dev.rollouttest.manifest.ManifestDocument;
import dev.rollouttest.manifest.internal.ManifestApplier;
import dev.rollouttest.model.RolloutTimeline;
import dev.rollouttest.report.RolloutPages;
import dev.rollouttest.report.RolloutReport;
import dev.rollouttest.rollout.DeploymentRollout;
import dev.rollouttest.rollout.FailFast;
import dev.rollouttest.rollout.RolloutOutcome;
import dev.rollouttest.rollout.RolloutResult;
import dev.rollouttest.rollout.internal.RolloutRecorder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One run of a {@link ManifestGate} on a cluster, after the safety check: refuses the
 * cluster-scoped documents of both releases that are not allowed, before anything is applied; rolls
 * out current, upgrades to next while recording, then undoes each upgraded Deployment. It collects
 * a result per Deployment and phase, and the problems, each blamed on a manifest field.
 */
final class GateRun {

  private final KubernetesClient client;
  private final String namespace;
  private final @Nullable Path current;
  private final List<ManifestDocument> currentDocuments;
  private final List<ManifestDocument> nextDocuments;
  private final List<Invariant> extra;
  private final Duration timeout;
  private final boolean forceConflicts;
  private final ClusterScopedObjects clusterScoped;
  private final GateProblems problems;
  private final Blame blame;
  private final List<GateReport.DeploymentResult> results = new ArrayList<>();

  /** The pod template each Deployment of current rolled out with, by name. */
  private final Map<String, PodTemplateSpec> currentTemplates = new LinkedHashMap<>();

  /** The invariants each Deployment of next is held to. */
  private final Map<ManifestDocument, List<Invariant>> invariantsOf = new LinkedHashMap<>();

  GateRun(
      KubernetesClient client,
      @Nullable Path current,
      List<ManifestDocument> currentDocuments,
      List<ManifestDocument> nextDocuments,
      List<Invariant> extra,
      Duration timeout,
      boolean forceConflicts,
      ClusterScopedObjects clusterScoped,
      GateProblems problems) {
    this.client = client;
    this.namespace = client.getNamespace();
    this.current = current;
    this.currentDocuments = currentDocuments;
    this.nextDocuments = nextDocuments;
    this.extra = extra;
    this.timeout = timeout;
    this.forceConflicts = forceConflicts;
    this.clusterScoped = clusterScoped;
    this.problems = problems;
    this.blame = new Blame(currentDocuments, nextDocuments);
  }

  /**
   * The three phases, in order.
   *
   * @return the results of every phase of every Deployment
   * @throws AssertionError listing every problem
   */
  List<GateReport.DeploymentResult> run() {
    List<ManifestDocument> both = new ArrayList<>(currentDocuments);
    both.addAll(nextDocuments);
    ManifestApplier.refuseClusterScoped(client, namespace, both, clusterScoped);
    rollOutCurrent();
    List<ManifestDocument> upgraded = upgrade();
    upgraded.forEach(this::undo);
    if (!problems.isEmpty()) {
      throw problems.failure();
    }
    return results;
  }

  /** 1. What runs today: applies current and waits until each Deployment has rolled out. */
  private void rollOutCurrent() {
    ManifestApplier.apply(client, namespace, currentDocuments, forceConflicts, clusterScoped);
    for (ManifestDocument document : deployments(currentDocuments)) {
      RolloutOutcome outcome =
          RolloutRecorder.awaitSettled(rollout(document), timeout, FailFast.onUnrecoverable());
      if (!outcome.complete()) {
        problems.currentDoesNotRollOut(document, outcome);
        throw problems.failure();
      }
      currentTemplates.put(name(document), outcome.deployment().getSpec().getTemplate());
    }
  }

  /**
   * 2. The upgrade, recorded: applies next and holds each Deployment to its invariants until its
   * rollout ends.
   *
   * @return the Deployments of current whose pod template the upgrade changed
   */
  private List<ManifestDocument> upgrade() {
    Map<ManifestDocument, RolloutRecorder> recorders = new LinkedHashMap<>();
    for (ManifestDocument document : deployments(nextDocuments)) {
      List<Invariant> invariants =
          new ArrayList<>(
              ManifestGate.defaultInvariants(
                  deployment(document), services(document, nextDocuments)));
      invariants.addAll(extra);
      invariantsOf.put(document, invariants);
      if (currentTemplates.containsKey(name(document))) {
        recorders.put(document, record(document));
      }
    }
    long appliedAt = applyNext(recorders);
    List<ManifestDocument> upgraded = new ArrayList<>();
    for (ManifestDocument document : deployments(nextDocuments)) {
      boolean created = !currentTemplates.containsKey(name(document));
      RolloutRecorder recorder = java.util.Objects.requireNonNull(recorders.get(document));
      RolloutOutcome outcome =
          recorder.awaitOutcome(timeout, FailFast.onUnrecoverable(), true, created);
      String phase = created ? "first rollout" : "upgrade";
      judge(document, phase, outcome, recorder, appliedAt);
      if (!created
          && !Revisions.sameTemplate(
              outcome.deployment().getSpec().getTemplate(), currentTemplates.get(name(document)))) {
        upgraded.add(document);
      }
    }
    return upgraded;
  }

  /**
   * Applies next. Invariants apply from the Deployment's new generation when its spec changes (so
   * that bounds come from its new spec), else from the apply: a Service alone can still empty the
   * endpoints. A Deployment that only next has is recorded from just after its creation: its
   * minimums apply once reached, so its first rollout is held to the same invariants; its recorder
   * joins {@code recorders}.
   *
   * @return when next was applied ({@link System#nanoTime})
   */
  private long applyNext(Map<ManifestDocument, RolloutRecorder> recorders) {
    Map<ManifestDocument, Long> generationBefore = new LinkedHashMap<>();
    Map<ManifestDocument, Integer> positionBefore = new LinkedHashMap<>();
    recorders.forEach(
        (document, recorder) -> {
          generationBefore.put(document, rollout(document).get().getMetadata().getGeneration());
          positionBefore.put(document, recorder.position());
        });
    try {
      long appliedAt = System.nanoTime();
      ManifestApplier.apply(client, namespace, nextDocuments, forceConflicts, clusterScoped);
      recorders.forEach(
          (document, recorder) -> {
            long generation = rollout(document).get().getMetadata().getGeneration();
            if (generation > java.util.Objects.requireNonNull(generationBefore.get(document))) {
              recorder.changeGeneration(generation);
            } else {
              recorder.changeStartsAt(
                  java.util.Objects.requireNonNull(positionBefore.get(document)));
            }
          });
      for (ManifestDocument document : deployments(nextDocuments)) {
        if (!recorders.containsKey(document)) {
          RolloutRecorder first = record(document);
          first.changeGeneration(first.currentGeneration());
          recorders.put(document, first);
        }
      }
      return appliedAt;
    } catch (RuntimeException e) {
      recorders.values().forEach(RolloutRecorder::close);
      throw e;
    }
  }

  /** 3. The undo back to current, under the same invariants. */
  private void undo(ManifestDocument document) {
    DeploymentRollout rollout = rollout(document);
    RolloutRecorder recorder = record(document, undoInvariants(document));
    RolloutResult undone;
    long undoneAt;
    try {
      undoneAt = System.nanoTime();
      undone = rollout.undo().apply();
    } catch (RuntimeException e) {
      recorder.close();
      problems.undoFailed(document, e);
      return;
    }
    recorder.changeGeneration(undone.deployment().getMetadata().getGeneration());
    RolloutOutcome outcome =
        recorder.awaitOutcome(timeout, FailFast.onUnrecoverable(), true, false);
    judge(document, "undo", outcome, recorder, undoneAt);
    if (outcome.complete()
        && !Revisions.sameTemplate(
            outcome.deployment().getSpec().getTemplate(), currentTemplates.get(name(document)))) {
      problems.undoDidNotRestore(document, current, outcome.deployment());
    }
  }

  /**
   * Stops the recording of a phase, records its result and its problems: each broken invariant,
   * blamed on a field, or else a rollout that did not complete (a violation ends the wait at once,
   * so an unfinished rollout after one is no second problem).
   */
  private void judge(
      ManifestDocument document,
      String phase,
      RolloutOutcome outcome,
      RolloutRecorder recorder,
      long changedAt) {
    RolloutTimeline timeline = recorder.stop();
    List<Violation> violations = recorder.violations();
    int before = problems.size();
    for (Violation v : violations) {
      problems.broke(blame.of(document, v.invariant()), phase, v, timeline);
    }
    if (!outcome.complete() && violations.isEmpty()) {
      problems.unfinished(document, phase, outcome, timeout);
    }
    String change = "gate " + phase + " of " + document.describe();
    RolloutPages.publish(
            new RolloutReport(
                null, null, change, timeline, violations, List.of(), problems.since(before)))
        .ifPresent(page -> problems.page(change, page));
    results.add(
        new GateReport.DeploymentResult(
            document.describe(),
            phase,
            Duration.ofNanos(System.nanoTime() - changedAt),
            timeline,
            violations,
            outcome.complete()));
  }

  private RolloutRecorder record(ManifestDocument document) {
    return record(document, java.util.Objects.requireNonNull(invariantsOf.get(document)));
  }

  private RolloutRecorder record(ManifestDocument document, List<Invariant> invariants) {
    return RolloutRecorder.start(rollout(document), services(document, nextDocuments), invariants);
  }

  /**
   * The upgrade's invariants, but for the endpoints of a Service whose selector next changed: the
   * undo rolls back the Deployment, not the Service, so that Service selects next's pods whatever
   * the undo does, and its endpoints are the upgrade's problem, already reported. Without this, the
   * undo was blamed or not depending on whether next's pods had become ready before it started.
   */
  private List<Invariant> undoInvariants(ManifestDocument document) {
    return java.util.Objects.requireNonNull(invariantsOf.get(document)).stream()
        .filter(
            invariant ->
                invariant.kind() != Invariant.Kind.ENDPOINTS
                    || invariant.service().filter(this::selectorChanged).isEmpty())
        .toList();
  }

  private boolean selectorChanged(String service) {
    return !java.util.Objects.equals(
        Manifests.service(currentDocuments, service).map(GateRun::selector),
        Manifests.service(nextDocuments, service).map(GateRun::selector));
  }

  private static @Nullable Map<String, String> selector(ManifestDocument service) {
    return ((io.fabric8.kubernetes.api.model.Service) service.object()).getSpec().getSelector();
  }

  private DeploymentRollout rollout(ManifestDocument document) {
    return DeploymentRollout.of(client, name(document));
  }
}
