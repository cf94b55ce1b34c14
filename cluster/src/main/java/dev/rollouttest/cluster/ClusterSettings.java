package dev.rollouttest.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * Every choice about the cluster, with its configuration key and default. This class is the one
 * place where the keys are defined; README.md lists them.
 *
 * <p>Each key can be given as a JUnit configuration parameter ({@code junit-platform.properties} or
 * the build tool's configuration), a system property, or an environment variable named after the
 * key (see {@link ConfigurationSource#environmentVariable}), in that order of precedence.
 *
 * @param backend {@value #BACKEND}: {@code auto} (default), {@code k3s}, {@code local} or {@code
 *     kubeconfig}
 * @param kubernetesVersion {@value #KUBERNETES_VERSION}: the Kubernetes version of the clusters
 *     this library starts
 * @param k3sImage {@value #K3S_IMAGE}: the K3s image; derived from the Kubernetes version by
 *     default
 * @param kubeconfigPath {@value #KUBECONFIG_PATH}: the kubeconfig of the {@code kubeconfig}
 *     backend; default the first file in {@code $KUBECONFIG}, else {@code ~/.kube/config}
 * @param kubeconfigContext {@value #KUBECONFIG_CONTEXT}: the context to use; default the file's
 *     current context
 * @param allowedContexts {@value #KUBECONFIG_ALLOWED_CONTEXTS}: exact context names allowed besides
 *     {@link #DEFAULT_ALLOWED_CONTEXTS}
 * @param localNodes {@value #LOCAL_NODES}: the number of simulated nodes of the {@code local}
 *     backend (default 1)
 * @param localPods {@value #LOCAL_PODS}: {@code simulated} (default: kwok simulates nodes and pods)
 *     or {@code real} (one real node, kubelet with containerd, runs every pod; Linux and root only,
 *     see docs/real-pods.md)
 * @param podReadyDelay {@value #LOCAL_POD_READY_DELAY}: how long a simulated pod takes to become
 *     Ready
 * @param podTerminationDelay {@value #LOCAL_POD_TERMINATION_DELAY}: how long a deleted simulated
 *     pod lingers
 * @param localBinaries {@value #LOCAL_BINARIES}: a directory with the control plane binaries;
 *     default the build cache, built on first use
 * @param localWorkDirectory {@value #LOCAL_WORK_DIRECTORY}: where the local backend keeps its state
 *     and component logs; default {@code target/rollout-test} when {@code target/} exists, else
 *     {@code rollout-test-<user>} in the temp directory
 * @param startTimeout {@value #START_TIMEOUT}: how long a backend may take to be ready
 * @param allowedClusterScoped {@value #CLUSTER_SCOPED_ALLOW}: the cluster-scoped objects that
 *     manifests may create, as exact {@code Kind/name} pairs ({@code ClusterRole/web-reader}); any
 *     other cluster-scoped object is refused, since it would outlive the test's namespace. The
 *     {@code kubeconfig} backend's client refuses every other cluster-scoped write too.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ClusterSettings(
    String backend,
    String kubernetesVersion,
    String k3sImage,
    Optional<Path> kubeconfigPath,
    Optional<String> kubeconfigContext,
    List<String> allowedContexts,
    int localNodes,
    String localPods,
    Duration podReadyDelay,
    Duration podTerminationDelay,
    Optional<Path> localBinaries,
    Optional<Path> localWorkDirectory,
    Duration startTimeout,
    List<String> allowedClusterScoped) {

  /** The configuration key of {@link #backend()}. */
  public static final String BACKEND = "rollouttest.backend";

  /** The configuration key of {@link #kubernetesVersion()}. */
  public static final String KUBERNETES_VERSION = "rollouttest.kubernetes.version";

  /** The configuration key of {@link #k3sImage()}. */
  public static final String K3S_IMAGE = "rollouttest.k3s.image";

  /** The configuration key of {@link #kubeconfigPath()}. */
  public static final String KUBECONFIG_PATH = "rollouttest.kubeconfig.path";

  /** The configuration key of {@link #kubeconfigContext()}. */
  public static final String KUBECONFIG_CONTEXT = "rollouttest.kubeconfig.context";

  /** The configuration key of {@link #allowedContexts()}. */
  public static final String KUBECONFIG_ALLOWED_CONTEXTS = "rollouttest.kubeconfig.allowedContexts";

  /** The configuration key of {@link #localNodes()}. */
  public static final String LOCAL_NODES = "rollouttest.local.nodes";

  /** The configuration key of {@link #localPods()}. */
  public static final String LOCAL_PODS = "rollouttest.local.pods";

  /** The configuration key of {@link #podReadyDelay()}. */
  public static final String LOCAL_POD_READY_DELAY = "rollouttest.local.podReadyDelay";

  /** The configuration key of {@link #podTerminationDelay()}. */
  public static final String LOCAL_POD_TERMINATION_DELAY = "rollouttest.local.podTerminationDelay";

  /** The configuration key of {@link #localBinaries()}. */
  public static final String LOCAL_BINARIES = "rollouttest.local.binaries";

  /** The configuration key of {@link #localWorkDirectory()}. */
  public static final String LOCAL_WORK_DIRECTORY = "rollouttest.local.workDirectory";

  /** The configuration key of {@link #startTimeout()}. */
  public static final String START_TIMEOUT = "rollouttest.startTimeout";

  /** The configuration key of {@link #allowedClusterScoped()}. */
  public static final String CLUSTER_SCOPED_ALLOW = "rollouttest.clusterScoped.allow";

  /** Every key this class reads. */
  public static final List<String> KEYS =
      List.of(
          BACKEND,
          KUBERNETES_VERSION,
          K3S_IMAGE,
          KUBECONFIG_PATH,
          KUBECONFIG_CONTEXT,
          KUBECONFIG_ALLOWED_CONTEXTS,
          LOCAL_NODES,
          LOCAL_PODS,
          LOCAL_POD_READY_DELAY,
          LOCAL_POD_TERMINATION_DELAY,
          LOCAL_BINARIES,
          LOCAL_WORK_DIRECTORY,
          START_TIMEOUT,
          CLUSTER_SCOPED_ALLOW);

  /**
   * A build property of this project ({@code mvn -Drollouttest.controlplane.skip}), not a setting.
   */
  private static final String BUILD_PROPERTY = "rollouttest.controlplane.skip";

  /**
   * Refuses configuration keys that nobody reads, so that a typo ({@code rollouttest.backnd},
   * {@code ROLLOUTTEST_LOCAL_POD=real}) is not silently ignored: every system property that starts
   * with {@code rollouttest.} and every environment variable that starts with {@code ROLLOUTTEST_}
   * must be one of {@link #KEYS} or {@code others}.
   *
   * @throws IllegalArgumentException naming the unknown key, where it was set, and the nearest key
   */
  public static void rejectUnknownKeys(
      Map<String, String> systemProperties,
      Map<String, String> environment,
      java.util.Collection<String> others) {
    List<String> known = new ArrayList<>(KEYS);
    known.addAll(others);
    known.add(BUILD_PROPERTY);
    List<String> problems = new ArrayList<>();
    for (String key : new java.util.TreeSet<>(systemProperties.keySet())) {
      if (key.startsWith("rollouttest.") && !known.contains(key)) {
        problems.add("'" + key + "' (a system property)" + nearest(key, known, false));
      }
    }
    for (String name : new java.util.TreeSet<>(environment.keySet())) {
      if (name.startsWith("ROLLOUTTEST_")
          && known.stream().map(ConfigurationSource::environmentVariable).noneMatch(name::equals)) {
        problems.add("'" + name + "' (an environment variable)" + nearest(name, known, true));
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "Unknown configuration key"
              + (problems.size() == 1 ? " " : "s ")
              + String.join(", ", problems)
              + ". The keys are in README.md's Configuration section.");
    }
  }

  /** {@link #rejectUnknownKeys(Map, Map, java.util.Collection)} on this JVM's settings. */
  public static void rejectUnknownKeys(java.util.Collection<String> others) {
    Map<String, String> properties = new java.util.HashMap<>();
    System.getProperties().stringPropertyNames().forEach(k -> properties.put(k, ""));
    rejectUnknownKeys(properties, System.getenv(), others);
  }

  private static String nearest(String key, List<String> known, boolean environment) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      String form = environment ? ConfigurationSource.environmentVariable(candidate) : candidate;
      int d = distance(key.toLowerCase(Locale.ROOT), form.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = form;
      }
    }
    return best != null && bestDistance <= Math.max(3, key.length() / 4)
        ? "; did you mean '" + best + "'?"
        : "";
  }

  /** Levenshtein distance. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /** The values of {@value #LOCAL_PODS}, the default first. */
  public static final List<String> POD_MODES = List.of("simulated", "real");

  /** The Kubernetes version both the local backend and the default K3s image run. */
  public static final String DEFAULT_KUBERNETES_VERSION = "v1.36.3";

  /** The backends by name, {@code auto} first. */
  public static final List<String> BACKENDS = List.of("auto", "k3s", "local", "kubeconfig");

  /**
   * Contexts the {@code kubeconfig} backend accepts without being told: the usual names of
   * disposable local clusters, and the contexts this library's own backends write ({@code
   * rollout-test-*}).
   */
  public static final List<String> DEFAULT_ALLOWED_CONTEXTS =
      List.of("kind-*", "k3d-*", "minikube", "docker-desktop", "rancher-desktop", "rollout-test-*");

  /**
   * Settings as given, only copied: {@link #from(ConfigurationSource)} reads and validates them.
   */
  public ClusterSettings {
    allowedContexts = List.copyOf(allowedContexts);
    allowedClusterScoped = List.copyOf(allowedClusterScoped);
  }

  /**
   * Settings from system properties and environment variables only (not JUnit's configuration
   * parameters, which {@code @RolloutTest} adds in front).
   *
   * @throws IllegalArgumentException naming the key and the value when a value is invalid
   */
  public static ClusterSettings fromEnvironment() {
    return from(ConfigurationSource.systemPropertiesAndEnvironment());
  }

  /**
   * Reads and validates every key, using the default of each key the source lacks.
   *
   * <pre>{@code
   * ClusterSettings.from(ConfigurationSource.of(Map.of(ClusterSettings.BACKEND, "local")))
   * }</pre>
   *
   * @throws IllegalArgumentException naming the key and the value when a value is invalid
   */
  public static ClusterSettings from(ConfigurationSource source) {
    String backend = source.get(BACKEND).orElse("auto").toLowerCase(Locale.ROOT);
    if (!BACKENDS.contains(backend)) {
      throw invalid(BACKEND, backend, "one of " + BACKENDS);
    }
    String version = source.get(KUBERNETES_VERSION).orElse(DEFAULT_KUBERNETES_VERSION);
    if (!version.matches("v1\\.\\d+\\.\\d+")) {
      throw invalid(
          KUBERNETES_VERSION,
          version,
          "a Kubernetes version such as " + DEFAULT_KUBERNETES_VERSION);
    }
    String image = source.get(K3S_IMAGE).orElse("rancher/k3s:" + version + "-k3s1");
    String pods = source.get(LOCAL_PODS).orElse("simulated").strip().toLowerCase(Locale.ROOT);
    if (!POD_MODES.contains(pods)) {
      throw invalid(LOCAL_PODS, pods, "one of " + POD_MODES);
    }
    List<String> allowed = new ArrayList<>(DEFAULT_ALLOWED_CONTEXTS);
    for (String name : source.get(KUBECONFIG_ALLOWED_CONTEXTS).orElse("").split(",")) {
      if (!name.isBlank()) {
        allowed.add(name.strip());
      }
    }
    return new ClusterSettings(
        backend,
        version,
        image,
        source.get(KUBECONFIG_PATH).map(Path::of),
        source.get(KUBECONFIG_CONTEXT),
        allowed,
        positive(source, LOCAL_NODES, 1),
        pods,
        duration(source, LOCAL_POD_READY_DELAY, Duration.ofSeconds(1)),
        duration(source, LOCAL_POD_TERMINATION_DELAY, Duration.ofSeconds(1)),
        source.get(LOCAL_BINARIES).map(Path::of),
        source.get(LOCAL_WORK_DIRECTORY).map(Path::of),
        duration(source, START_TIMEOUT, Duration.ofMinutes(3)),
        source
            .get(CLUSTER_SCOPED_ALLOW)
            .map(v -> kindNames(CLUSTER_SCOPED_ALLOW + "=" + v, List.of(v.split(","))))
            .orElse(List.of()));
  }

  /** A copy with another backend. */
  public ClusterSettings withBackend(String name) {
    if (!BACKENDS.contains(name)) {
      throw invalid(BACKEND, name, "one of " + BACKENDS);
    }
    return new ClusterSettings(
        name,
        kubernetesVersion,
        k3sImage,
        kubeconfigPath,
        kubeconfigContext,
        allowedContexts,
        localNodes,
        localPods,
        podReadyDelay,
        podTerminationDelay,
        localBinaries,
        localWorkDirectory,
        startTimeout,
        allowedClusterScoped);
  }

  private static final Pattern KIND_NAME = Pattern.compile("[A-Z][A-Za-z0-9]*/[^/*,\\s]+");

  /**
   * Checks the entries of an allow-list of cluster-scoped objects: each an exact {@code Kind/name}
   * pair such as {@code ClusterRole/web-reader}, with no wildcard; blank entries are dropped.
   *
   * @param where what the entries come from, for the message: a key and its value, or an annotation
   *     attribute
   * @return the entries, stripped
   * @throws IllegalArgumentException naming {@code where} and the first entry that is no {@code
   *     Kind/name} pair
   */
  public static List<String> kindNames(String where, java.util.Collection<String> entries) {
    List<String> kindNames = new ArrayList<>();
    for (String entry : entries) {
      String stripped = entry.strip();
      if (stripped.isEmpty()) {
        continue;
      }
      if (!KIND_NAME.matcher(stripped).matches()) {
        throw new IllegalArgumentException(
            "Invalid configuration '"
                + where
                + "': '"
                + stripped
                + "' is not a Kind/name pair such as ClusterRole/web-reader; cluster-scoped objects"
                + " are allowed one by one, by their exact kind and name, without wildcards.");
      }
      kindNames.add(stripped);
    }
    return kindNames;
  }

  /** Whether the {@code local} backend runs pods for real ({@value #LOCAL_PODS}{@code =real}). */
  public boolean realPods() {
    return localPods.equals("real");
  }

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

  /**
   * Parses {@code 500ms}, {@code 2s}, {@code 1m}, {@code 1h} or an ISO-8601 duration such as {@code
   * PT1.5S}.
   *
   * @throws IllegalArgumentException naming the key when the text is not a duration or is negative
   */
  public static Duration parseDuration(String key, String text) {
    Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
    Duration parsed = null;
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      parsed =
          switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
          };
    } else {
      try {
        parsed = Duration.parse(text.strip());
      } catch (java.time.format.DateTimeParseException e) {
        // reported below
      }
    }
    if (parsed == null || parsed.isNegative()) {
      throw invalid(key, text, "a duration such as 500ms, 2s, 1m or PT1.5S");
    }
    return parsed;
  }

  private static Duration duration(ConfigurationSource source, String key, Duration fallback) {
    return source.get(key).map(v -> parseDuration(key, v)).orElse(fallback);
  }

  private static int positive(ConfigurationSource source, String key, int fallback) {
    String text = source.get(key).orElse(null);
    if (text == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(text);
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(key, text, "a whole number of at least 1");
  }

  private static IllegalArgumentException invalid(String key, String value, String expected) {
    return new IllegalArgumentException(
        "Invalid configuration '" + key + "=" + value + "': expected " + expected + ".");
  }
}
