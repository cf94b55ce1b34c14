package dev.rollouttest.cli;

import dev.rollouttest.cluster.ClusterSettings;
import dev.rollouttest.cluster.ConfigurationSource;
import dev.rollouttest.cluster.KubernetesCluster;
import dev.rollouttest.cluster.KubernetesClusters;
import dev.rollouttest.gate.GateReport;
import dev.rollouttest.gate.ManifestGate;
import dev.rollouttest.manifest.ClusterScopedObjects;
import dev.rollouttest.manifest.internal.ManifestParser;
import dev.rollouttest.report.ReportDirectory;
import dev.rollouttest.report.RolloutPages;
import dev.rollouttest.rollout.ClusterFaults;
import dev.rollouttest.rollout.internal.ProgressSetting;
import dev.rollouttest.safety.RolloutSafety;
import dev.rollouttest.safety.SafetyFinding;
import dev.rollouttest.safety.SafetyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * rollout-test for people who do not write Java: the rollout-safety check and the manifest gate
 * from the command line, with a JUnit XML report for CI systems.
 *
 * <pre>
 * rollout-test check [--skip rule,...] [--junit-xml FILE] PATH...
 * rollout-test gate --current PATH --next PATH [--skip rule,...] [--junit-xml FILE] [--reports DIR|off] [--progress 5s|off] [--set key=value]...
 * </pre>
 *
 * Exit status: 0 when everything passed, 1 when a check or a gate failed or a file could not be
 * checked (each file gets its own PASS, FAIL or ERROR line and test case, and the report is always
 * written), 2 for a usage error.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class RolloutTestCli {

  static final String USAGE =
      """
      usage: rollout-test check [--skip rule,...] [--junit-xml FILE] PATH...
             rollout-test gate --current PATH --next PATH [--skip rule,...] [--junit-xml FILE]
                               [--reports DIR|off] [--progress 5s|off] [--set key=value]...

        check   the rollout-safety rules on manifest files or directories, without a cluster
        gate    for each manifest file of --next (paired by relative path with --current): the safety
                check, then the upgrade from --current and the undo back, under the invariants, in a
                namespace of its own on a cluster (the backend and its settings come from --set and
                -D system properties: rollouttest.backend=auto|local|k3s|kubeconfig, ...); a
                cluster-scoped object (ClusterRole, CRD, ...) is refused unless allowed by kind and
                name in rollouttest.clusterScoped.allow, and then deleted with the namespace
        --skip       rule ids to silence: %s
        --junit-xml  also write the results as a JUnit XML report
        --reports    where gate writes a page per recorded rollout (upgrade and undo of each
                     Deployment) and index.html listing them; default rollout-test-reports; off: none
        --progress   while a rollout runs, a progress line at this interval (default 5s: none for a
                     quicker rollout), or off; as rollouttest.progress (--set, -D)
      exit status: 0 passed, 1 failed (or a file could not be checked), 2 usage error
      """;

  /** Where a user allows a cluster-scoped object, for the message that refuses one. */
  private static final String HOW_TO_ALLOW_CLUSTER_SCOPED =
      ClusterSettings.CLUSTER_SCOPED_ALLOW
          + " (--set "
          + ClusterSettings.CLUSTER_SCOPED_ALLOW
          + "=Kind/name,...)";

  private RolloutTestCli() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs a command; returns the exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      out.print(USAGE.formatted(ruleIds()));
      return 0;
    }
    Options options;
    try {
      options = Options.parse(args);
      applyProgress(options);
    } catch (IllegalArgumentException e) {
      err.println("rollout-test: " + e.getMessage());
      err.print(USAGE.formatted(ruleIds()));
      return 2;
    }
    try {
      List<JunitXml.Case> cases =
          options.command.equals("check") ? check(options, out) : gate(options, out);
      String unwritten = null;
      if (options.junitXml != null) {
        try {
          JunitXml.write(options.junitXml, "rollout-test " + options.command, cases);
          out.println("JUnit XML report: " + options.junitXml);
        } catch (java.io.UncheckedIOException e) {
          unwritten =
              "rollout-test: could not write the JUnit XML report "
                  + options.junitXml
                  + ": "
                  + e.getCause();
        }
      }
      long failed = cases.stream().filter(c -> c.failure() != null && !c.error()).count();
      long errors = cases.stream().filter(JunitXml.Case::error).count();
      out.printf(
          "%s: %d passed, %d failed%s%n",
          options.command,
          cases.size() - failed - errors,
          failed,
          errors == 0 ? "" : ", " + errors + " could not be checked");
      if (unwritten != null) {
        err.println(unwritten);
        return 1;
      }
      return failed + errors == 0 ? 0 : 1;
    } catch (IllegalArgumentException e) { // ManifestException included
      err.println("rollout-test: " + e.getMessage());
      return 2;
    }
  }

  private static List<JunitXml.Case> check(Options options, PrintStream out) {
    List<JunitXml.Case> cases = new ArrayList<>();
    RolloutSafety safety = options.safety();
    for (Path path : options.paths) {
      List<Path> files = ManifestParser.files(path);
      if (files.isEmpty()) {
        throw new IllegalArgumentException(path + " holds no .yaml or .yml file");
      }
      for (Path file : files) {
        long started = System.nanoTime();
        String failure;
        boolean error = false;
        try {
          List<SafetyFinding> findings = safety.check(file);
          failure =
              findings.isEmpty()
                  ? null
                  : String.join("\n", findings.stream().map(SafetyFinding::toString).toList());
        } catch (dev.rollouttest.manifest.ManifestException e) {
          failure = e.getMessage();
          error = true;
        }
        report(out, file.toString(), failure, error);
        cases.add(
            new JunitXml.Case(
                "check", file.toString(), System.nanoTime() - started, failure, error));
      }
    }
    return cases;
  }

  private static List<JunitXml.Case> gate(Options options, PrintStream out) {
    List<ManifestGate> gates =
        ManifestGate.perFile(
            java.util.Objects.requireNonNull(options.current, "--current"),
            java.util.Objects.requireNonNull(options.next, "--next"));
    ConfigurationSource system = ConfigurationSource.systemPropertiesAndEnvironment();
    ConfigurationSource settings =
        key ->
            options.settings.containsKey(key)
                ? java.util.Optional.of(options.settings.get(key))
                : system.get(key);
    List<JunitXml.Case> cases = new ArrayList<>();
    ClusterSettings.rejectUnknownKeys(List.of(ProgressSetting.KEY));
    ClusterSettings clusterSettings = ClusterSettings.from(settings);
    @Nullable ReportDirectory pages = options.reports == null ? null : reports(options.reports);
    try (KubernetesCluster cluster = KubernetesClusters.start(clusterSettings);
        ClusterFaults.Registration faults =
            ClusterFaults.register(
                cluster.client().getConfiguration().getMasterUrl(), cluster::fault)) {
      int index = 0;
      for (ManifestGate each : gates) {
        String namespace = "gate-" + cluster.runId() + "-" + (++index);
        ClusterScopedObjects clusterScoped =
            ClusterScopedObjects.allowing(
                    clusterSettings.allowedClusterScoped(), cluster.runId(), namespace)
                .describingOptIn(HOW_TO_ALLOW_CLUSTER_SCOPED);
        ManifestGate gate = each.safety(options.safety()).clusterScoped(clusterScoped);
        long started = System.nanoTime();
        String failure = null;
        boolean error = false;
        cluster.createNamespace(namespace, Map.of());
        try (RolloutPages.Registration registration = pagesOf(pages, gate, cluster.backend())) {
          KubernetesClient client =
              cluster.client().adapt(NamespacedKubernetesClient.class).inNamespace(namespace);
          GateReport report = gate.verify(client);
          out.println(report.summary());
        } catch (AssertionError e) {
          failure = e.getMessage();
        } catch (dev.rollouttest.manifest.ManifestException e) {
          failure = e.getMessage();
          error = true;
        } finally {
          try {
            clusterScoped.deleteApplied(cluster.client());
          } finally {
            cluster.deleteNamespace(namespace);
          }
        }
        report(out, gate.name(), failure, error);
        cases.add(
            new JunitXml.Case("gate", gate.name(), System.nanoTime() - started, failure, error));
      }
    }
    if (pages != null && pages.size() > 0) {
      out.println("Rollout pages: " + pages.index().toUri());
    }
    return cases;
  }

  private static ReportDirectory reports(Path dir) {
    try {
      return ReportDirectory.ofThisRun(dir);
    } catch (java.io.UncheckedIOException e) {
      throw new IllegalArgumentException(
          "--reports " + dir + ": " + e.getMessage() + " (" + e.getCause() + ")", e);
    }
  }

  /** Writes the pages of a gate's recorded rollouts, named with the gate, into {@code pages}. */
  private static RolloutPages.Registration pagesOf(
      @Nullable ReportDirectory pages, ManifestGate gate, String backend) {
    if (pages == null) {
      return () -> {};
    }
    return RolloutPages.useOnThisThread(
        report ->
            Optional.of(
                pages.write(report.withTest("gate " + gate.name(), backend), "gate", gate.name())));
  }

  /**
   * Hands the progress interval to the assertions: {@code --progress}, else {@value
   * ProgressSetting#KEY} from {@code --set}, a system property or the environment, else the
   * default.
   */
  private static void applyProgress(Options options) {
    String key = ProgressSetting.KEY;
    Optional<String> configured =
        options.settings.containsKey(key)
            ? Optional.of(options.settings.get(key))
            : ConfigurationSource.systemPropertiesAndEnvironment().get(key);
    ProgressSetting.set(
        options.progress != null
            ? ProgressSetting.parse("--progress", options.progress)
            : configured
                .map(v -> ProgressSetting.parse(key, v))
                .orElse(Optional.of(ProgressSetting.DEFAULT_INTERVAL)));
  }

  private static void report(
      PrintStream out, String name, @Nullable String failure, boolean error) {
    out.println((failure == null ? "PASS " : error ? "ERROR " : "FAIL ") + name);
    if (failure != null) {
      out.println(failure.indent(2).stripTrailing());
    }
  }

  private static List<String> ruleIds() {
    return java.util.Arrays.stream(SafetyRule.values()).map(SafetyRule::id).toList();
  }

  /** The parsed command line. */
  private static final class Options {
    String command = "";
    final List<Path> paths = new ArrayList<>();
    @Nullable Path current;
    @Nullable Path next;
    @Nullable Path junitXml;
    @Nullable Path reports = Path.of("rollout-test-reports");
    @Nullable String progress;
    final List<SafetyRule> skip = new ArrayList<>();
    final Map<String, String> settings = new HashMap<>();

    RolloutSafety safety() {
      return RolloutSafety.allRules().without(skip.toArray(SafetyRule[]::new));
    }

    static Options parse(String[] args) {
      Options o = new Options();
      if (args.length == 0 || !(args[0].equals("check") || args[0].equals("gate"))) {
        throw new IllegalArgumentException(
            args.length == 0 ? "no command given" : "unknown command '" + args[0] + "'");
      }
      o.command = args[0];
      for (int i = 1; i < args.length; i++) {
        String arg = args[i];
        switch (arg) {
          case "--junit-xml" -> o.junitXml = Path.of(value(args, ++i, arg));
          case "--current" -> o.current = Path.of(value(args, ++i, arg));
          case "--next" -> o.next = Path.of(value(args, ++i, arg));
          case "--reports" -> {
            String dir = value(args, ++i, arg);
            o.reports = dir.equals("off") ? null : Path.of(dir);
          }
          case "--progress" -> o.progress = value(args, ++i, arg);
          case "--skip" -> {
            for (String id : value(args, ++i, arg).split(",")) {
              o.skip.add(SafetyRule.byId(id));
            }
          }
          case "--set" -> {
            String setting = value(args, ++i, arg);
            int eq = setting.indexOf('=');
            if (eq < 1) {
              throw new IllegalArgumentException(
                  "--set needs key=value, but got '" + setting + "'");
            }
            o.settings.put(setting.substring(0, eq), setting.substring(eq + 1));
          }
          default -> {
            if (arg.startsWith("--")) {
              throw new IllegalArgumentException("unknown option '" + arg + "'");
            }
            if (!o.command.equals("check")) {
              throw new IllegalArgumentException(
                  "gate takes --current and --next, not a bare path ('" + arg + "')");
            }
            o.paths.add(Path.of(arg));
          }
        }
      }
      if (o.command.equals("check") && o.paths.isEmpty()) {
        throw new IllegalArgumentException("check needs at least one manifest file or directory");
      }
      if (o.command.equals("gate") && (o.current == null || o.next == null)) {
        throw new IllegalArgumentException("gate needs both --current and --next");
      }
      if (o.command.equals("gate")) {
        for (Path p : List.of(o.current, o.next)) {
          if (!Files.exists(p)) {
            throw new IllegalArgumentException(
                p + " does not exist (resolved against " + Path.of("").toAbsolutePath() + ")");
          }
        }
      }
      return o;
    }

    private static String value(String[] args, int i, String option) {
      if (i >= args.length || args[i].startsWith("--")) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args[i];
    }
  }
}
