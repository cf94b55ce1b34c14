package dev.rollouttest.invariant;

import dev.rollouttest.model.Moment;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The invariants {@link Invariant}'s factories return: each knows its {@link Invariant.Kind} and
 * reports a {@link Breach} with the bound and the observed count where it bounds one, so that
 * callers (the manifest gate) act on data, not on words. Checked without a baseline, a moment is
 * its own baseline.
 */
final class BuiltIn implements Invariant {

  /** How a moment breaks the invariant, given the baseline; empty when it holds. */
  @FunctionalInterface
  private interface Rule {
    Optional<Breach> breach(Moment baseline, Moment moment);
  }

  private final Kind kind;
  private final String description;
  private final @Nullable String service;
  private final Rule rule;

  private BuiltIn(Kind kind, String description, @Nullable String service, Rule rule) {
    this.kind = kind;
    this.description = description;
    this.service = service;
    this.rule = rule;
  }

  @Override
  public Kind kind() {
    return kind;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public Optional<String> service() {
    return Optional.ofNullable(service);
  }

  @Override
  public Optional<String> check(Moment moment) {
    return check(moment, moment);
  }

  @Override
  public Optional<String> check(Moment baseline, Moment moment) {
    return breach(baseline, moment).map(Breach::reason);
  }

  @Override
  public Optional<Breach> breach(Moment baseline, Moment moment) {
    return rule.breach(baseline, moment);
  }

  @Override
  public String toString() {
    return description;
  }

  static Invariant minAvailable(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("minAvailable must not be negative, but was " + n);
    }
    return new BuiltIn(
        Kind.MIN_AVAILABLE, "available pods >= " + n, null, (baseline, s) -> availableBelow(n, s));
  }

  static Invariant minAvailableAsConfigured() {
    return new BuiltIn(
        Kind.MIN_AVAILABLE_AS_CONFIGURED,
        "available pods >= replicas - maxUnavailable",
        null,
        (baseline, s) -> {
          int floor = Math.max(0, Math.min(s.minAvailable(), baseline.minAvailable()));
          return availableBelow(floor, s)
              .map(
                  b ->
                      b.reason().startsWith("minimum ")
                          ? b
                          : new Breach(
                              "minimum " + floor + "; " + b.reason(), b.bound(), b.observed()));
        });
  }

  /** Fewer than {@code n} pods available, once {@code n} have been. */
  private static Optional<Breach> availableBelow(int n, Moment s) {
    int floor = Math.min(n, s.peakAvailable());
    if (s.available() >= floor) {
      return Optional.empty();
    }
    return Optional.of(
        Breach.of(
            (n > s.peakAvailable()
                    ? "minimum " + s.peakAvailable() + " (the most available so far); "
                    : "")
                + s.available()
                + " available: "
                + s.readyPods()
                + (s.warmingPods().isEmpty()
                    ? ""
                    : "; Ready, not yet for minReadySeconds: " + s.warmingPods())
                + "; not ready: "
                + s.unreadyPods()
                + "; terminating: "
                + s.terminatingPods(),
            floor,
            s.available()));
  }

  static Invariant maxPods(int n) {
    return new BuiltIn(
        Kind.MAX_PODS,
        "pods (not terminating) <= " + n,
        null,
        (baseline, s) ->
            s.pods() <= n
                ? Optional.empty()
                : Optional.of(
                    Breach.of(
                        s.pods()
                            + " pods: ready "
                            + s.readyPods()
                            + (s.warmingPods().isEmpty()
                                ? ""
                                : ", ready for less than minReadySeconds " + s.warmingPods())
                            + ", not ready "
                            + s.unreadyPods(),
                        n,
                        s.pods())));
  }

  static Invariant maxPodsIncludingTerminating(int n) {
    return new BuiltIn(
        Kind.MAX_PODS_INCLUDING_TERMINATING,
        "pods (terminating included) <= " + n,
        null,
        (baseline, s) ->
            s.podsIncludingTerminating() <= n
                ? Optional.empty()
                : Optional.of(
                    Breach.of(
                        s.podsIncludingTerminating()
                            + " pods, of which terminating: "
                            + s.terminatingPods(),
                        n,
                        s.podsIncludingTerminating())));
  }

  static Invariant maxSurgeRespected() {
    return new BuiltIn(
        Kind.MAX_SURGE,
        "ReplicaSets' desired replicas <= replicas + maxSurge",
        null,
        (baseline, s) -> {
          int desired =
              s.revisions().values().stream().mapToInt(Moment.RevisionCounts::desired).sum();
          if (desired <= s.maxTotal()) {
            return Optional.empty();
          }
          return Optional.of(
              Breach.of(
                  "maximum "
                      + s.maxTotal()
                      + "; desired replicas per revision: "
                      + s.revisions().entrySet().stream()
                          .map(e -> "rev" + e.getKey() + "=" + e.getValue().desired())
                          .toList(),
                  s.maxTotal(),
                  desired));
        });
  }

  static Invariant minReadyEndpoints(String service, int n) {
    Objects.requireNonNull(service, "service");
    if (n < 0) {
      throw new IllegalArgumentException("minReadyEndpoints must not be negative, but was " + n);
    }
    return new BuiltIn(
        Kind.ENDPOINTS,
        "ready endpoints of Service " + service + " >= " + n,
        service,
        (baseline, s) -> {
          Moment.EndpointCounts endpoints = s.endpoints().get(service);
          if (endpoints == null) {
            return Optional.of(
                Breach.of(
                    "Service "
                        + service
                        + " is not recorded: it does not select the Deployment's pods; name it in"
                        + " watchingServices(\""
                        + service
                        + "\")"));
          }
          int floor = Math.min(n, endpoints.peakReady());
          if (endpoints.ready() >= floor) {
            return Optional.empty();
          }
          return Optional.of(
              Breach.of(
                  (n > endpoints.peakReady()
                          ? "minimum " + endpoints.peakReady() + " (the most ready so far); "
                          : "")
                      + "Service "
                      + service
                      + " has "
                      + endpoints
                      + " endpoints (ready+terminating)",
                  floor,
                  endpoints.ready()));
        });
  }

  static Invariant onlyOldAndNewRevisions() {
    return new BuiltIn(
        Kind.REVISIONS,
        "pods belong only to the old and the new revision",
        null,
        BuiltIn::otherRevisionsRunning);
  }

  private static Optional<Breach> otherRevisionsRunning(Moment baseline, Moment s) {
    long newest = s.newRevision() == 0 ? s.revision() : s.newRevision();
    long highestBefore =
        Math.max(
            baseline.revision(),
            baseline.revisions().keySet().stream().mapToLong(Long::longValue).max().orElse(0));
    // a change that makes no new revision (scaling, pausing, resuming) in the middle of a
    // rollout keeps the revisions that were running when it began
    boolean sameRollout = s.newRevision() != 0 && s.newRevision() == baseline.newRevision();
    SortedSet<Long> others = new TreeSet<>();
    s.revisions()
        .forEach(
            (r, c) -> {
              boolean runningBefore =
                  sameRollout
                      && baseline.revisions().containsKey(r)
                      && baseline.revisions().get(r).pods() > 0;
              if (c.pods() > 0
                  && r != 0
                  && r != baseline.revision()
                  && r != s.revision()
                  && r != newest
                  && !runningBefore
                  && r <= highestBefore) {
                others.add(r);
              }
            });
    if (others.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        Breach.of(
            "old revision "
                + baseline.revision()
                + ", new revision "
                + newest
                + ", but running pods of revision(s) "
                + others
                + " exist: "
                + others.stream().map(r -> "rev" + r + " " + s.revisions().get(r)).toList()
                + " (desired/pods/ready+terminating)"));
  }

  static Invariant revisionAdvancesAsExpected() {
    return new BuiltIn(
        Kind.REVISION_ADVANCE,
        "the revision is the old one or the next one",
        null,
        (baseline, s) -> {
          long old = baseline.revision();
          long next =
              Math.max(
                      old,
                      baseline.revisions().keySet().stream()
                          .mapToLong(Long::longValue)
                          .max()
                          .orElse(0))
                  + 1;
          if (s.revision() == old || s.revision() == next) {
            return Optional.empty();
          }
          return Optional.of(
              Breach.of(
                  "revision "
                      + s.revision()
                      + ", expected "
                      + old
                      + " (old) or "
                      + next
                      + " (next)"));
        });
  }
}
