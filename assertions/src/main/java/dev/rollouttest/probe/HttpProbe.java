package dev.rollouttest.probe;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Zero-downtime probing: HTTP requests at a fixed rate while a rollout runs, recording status
 * classes, error kinds, latency percentiles and the longest gap between successes.
 *
 * <pre>{@code
 * assertThat(web.updateImage("web", "nginx:1.27"))
 *     .probing(HttpProbe.service("web", 80).every(ofMillis(50)))
 *     .completesWithin(ofSeconds(120));
 * }</pre>
 *
 * <p>Two kinds of target: {@link #service} reaches a Service through the API server's service
 * proxy, with the client's credentials (the proxy picks a ready endpoint of the Service for each
 * request, so a Service without ready endpoints answers 503); {@link #url} is any URL the test can
 * reach (an Ingress, a NodePort, a port-forward).
 *
 * <p>Only clusters with real pods can be probed (K3s, or a real cluster through a kubeconfig). On
 * the local backend the nodes are simulated by kwok: pod and Service IPs are fake and nothing may
 * dial them, so {@link #start(KubernetesClient, Consumer)} refuses, saying what to use instead. (A
 * kubeconfig that may not list nodes is taken to reach real nodes: the local backend always can.)
 *
 * <p>By default no failed request is tolerated; {@link #tolerating} relaxes that.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class HttpProbe {

  /** Annotation kwok puts on the nodes it simulates. */
  public static final String KWOK_NODE_ANNOTATION = "kwok.x-k8s.io/node";

  private final @Nullable URI url;
  private final @Nullable String service;
  private final int port;
  private final String path;
  private final Duration interval;
  private final Duration requestTimeout;
  private final long failuresTolerated;
  private final @Nullable Duration gapTolerated;
  private final boolean clusterIp;

  private HttpProbe(
      @Nullable URI url,
      @Nullable String service,
      int port,
      String path,
      Duration interval,
      Duration requestTimeout,
      long failuresTolerated,
      @Nullable Duration gapTolerated,
      boolean clusterIp) {
    this.clusterIp = clusterIp;
    this.url = url;
    this.service = service;
    this.port = port;
    this.path = path;
    this.interval = interval;
    this.requestTimeout = requestTimeout;
    this.failuresTolerated = failuresTolerated;
    this.gapTolerated = gapTolerated;
  }

  /**
   * Probes {@code url} directly: an Ingress, a NodePort, a port-forward the test set up.
   *
   * <pre>{@code
   * HttpProbe.url("http://localhost:" + forward.getLocalPort() + "/healthz")
   * }</pre>
   *
   * @throws IllegalArgumentException when {@code url} is not an {@code http} or {@code https} URL
   */
  public static HttpProbe url(String url) {
    URI uri;
    try {
      uri = URI.create(Objects.requireNonNull(url, "url"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("HttpProbe.url: '" + url + "' is not a URL", e);
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException(
          "HttpProbe.url: '" + url + "' must start with http:// or https://");
    }
    return new HttpProbe(
        uri, null, 0, "/", Duration.ofMillis(100), Duration.ofSeconds(2), 0, null, false);
  }

  /**
   * Probes Service {@code name} of the rollout's namespace on {@code port}, path {@code /}, through
   * the API server's service proxy.
   *
   * <pre>{@code
   * HttpProbe.service("web", 80).path("/healthz").every(ofMillis(50))
   * }</pre>
   *
   * @throws IllegalArgumentException when the name is blank or the port is not 1-65535
   */
  public static HttpProbe service(String name, int port) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("HttpProbe.service: the Service name is empty");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(
          "HttpProbe.service(\"" + name + "\", " + port + "): port must be 1-65535");
    }
    return new HttpProbe(
        null, name, port, "/", Duration.ofMillis(100), Duration.ofSeconds(2), 0, null, false);
  }

  /**
   * Probes Service {@code name}'s ClusterIP on {@code port} directly, path {@code /}, with a new
   * TCP connection for each request, as a client inside the cluster would: through kube-proxy's
   * rules, so the race between a pod's endpoint removal and its container's shutdown shows as
   * refused, reset or unanswered connections.
   *
   * <p>This JVM must reach the cluster's service range: the local backend with real pods ({@code
   * rollouttest.local.pods=real}) routes it into its node; elsewhere run the test inside the
   * cluster, or use {@link #service} (the API server's proxy) or {@link #url}.
   *
   * <pre>{@code
   * HttpProbe.clusterIp("web", 80).tolerating(0, ofMillis(500))
   * }</pre>
   *
   * @throws IllegalArgumentException when the name is blank or the port is not 1-65535
   */
  public static HttpProbe clusterIp(String name, int port) {
    HttpProbe viaProxy = service(name, port);
    return new HttpProbe(
        null,
        viaProxy.service,
        viaProxy.port,
        "/",
        viaProxy.interval,
        viaProxy.requestTimeout,
        0,
        null,
        true);
  }

  /**
   * The path to request from a {@link #service} or {@link #clusterIp}; default {@code /}. Returns a
   * new probe.
   *
   * @throws IllegalStateException on a {@link #url} probe, whose URL holds the path
   */
  public HttpProbe path(String path) {
    if (service == null) {
      throw new IllegalStateException("path(...) is for HttpProbe.service(...); put it in the URL");
    }
    String p = path.startsWith("/") ? path : "/" + path;
    return new HttpProbe(
        url,
        service,
        port,
        p,
        interval,
        requestTimeout,
        failuresTolerated,
        gapTolerated,
        clusterIp);
  }

  /**
   * The rate: one request every {@code interval} (default 100 ms), whether the last answered or
   * not. Returns a new probe.
   *
   * @throws IllegalArgumentException when {@code interval} is below 1 ms
   */
  public HttpProbe every(Duration interval) {
    if (interval.toMillis() < 1) {
      throw new IllegalArgumentException(
          "every(" + interval + "): the interval must be at least 1 ms");
    }
    return new HttpProbe(
        url,
        service,
        port,
        path,
        interval,
        requestTimeout,
        failuresTolerated,
        gapTolerated,
        clusterIp);
  }

  /**
   * How long one request may take before it counts as a {@code timeout}; default 2 s. Returns a new
   * probe.
   *
   * @throws IllegalArgumentException when {@code timeout} is below 1 ms
   */
  public HttpProbe requestTimeout(Duration timeout) {
    if (timeout.toMillis() < 1) {
      throw new IllegalArgumentException("requestTimeout(" + timeout + ") must be at least 1 ms");
    }
    return new HttpProbe(
        url, service, port, path, interval, timeout, failuresTolerated, gapTolerated, clusterIp);
  }

  /**
   * The tolerance: up to {@code failedRequests} requests may fail (a 5xx, or no answer), and the
   * longest time without a success may be up to {@code longestGap}. Default: no failed request, any
   * gap. Returns a new probe.
   *
   * <pre>{@code
   * HttpProbe.service("web", 80).tolerating(2, ofMillis(300))   // 2 failures, no gap over 300 ms
   * }</pre>
   *
   * @throws IllegalArgumentException when {@code failedRequests} is negative
   */
  public HttpProbe tolerating(long failedRequests, Duration longestGap) {
    if (failedRequests < 0) {
      throw new IllegalArgumentException(
          "tolerating(" + failedRequests + ", ...): must not be negative");
    }
    return new HttpProbe(
        url,
        service,
        port,
        path,
        interval,
        requestTimeout,
        failedRequests,
        Objects.requireNonNull(longestGap),
        clusterIp);
  }

  /** The time between two requests, as set by {@link #every}. */
  public Duration interval() {
    return interval;
  }

  long requestTimeoutMillis() {
    return requestTimeout.toMillis();
  }

  long failuresTolerated() {
    return failuresTolerated;
  }

  @Nullable Duration gapTolerated() {
    return gapTolerated;
  }

  /** {@code Service web:80/} or the URL. */
  public String target() {
    if (service == null) {
      return Objects.requireNonNull(url).toString();
    }
    return (clusterIp ? "ClusterIP of Service " : "Service ") + service + ":" + port + path;
  }

  /**
   * Starts probing the rollout's cluster: refused on clusters whose nodes kwok simulates. {@code
   * assertThat(...).probing(...)} starts and stops its probes itself; start one yourself to probe
   * outside a rollout assertion.
   *
   * <pre>{@code
   * try (HttpProbing probing = HttpProbe.service("web", 80).start(client, System.out::println)) {
   *   web.restart().apply();
   *   // ...
   *   ProbeResult result = probing.stop();
   * }
   * }</pre>
   *
   * @param client scoped to the rollout's namespace
   * @param transitions told, on the probing thread, each time the probe starts or stops failing
   * @throws IllegalStateException when the nodes are simulated, or a {@link #clusterIp} probe's
   *     Service is missing or headless
   */
  public HttpProbing start(KubernetesClient client, Consumer<String> transitions) {
    refuseSimulatedNodes(client);
    if (clusterIp) {
      io.fabric8.kubernetes.api.model.Service svc = client.services().withName(service).get();
      if (svc == null) {
        throw new IllegalStateException(
            "HTTP probing of "
                + target()
                + " refused: namespace "
                + client.getNamespace()
                + " has no Service "
                + service);
      }
      String ip = svc.getSpec().getClusterIP();
      if (ip == null || ip.isBlank() || ip.equals("None")) {
        throw new IllegalStateException(
            "HTTP probing of "
                + target()
                + " refused: the Service is headless (clusterIP: None); probe a pod with"
                + " HttpProbe.url(...) instead");
      }
      return HttpProbing.start(
          this, HttpProbing.viaNewConnections(ip, port, path, requestTimeout), transitions);
    }
    if (service != null) {
      String proxy =
          client.getMasterUrl().toString().replaceAll("/+$", "")
              + "/api/v1/namespaces/"
              + client.getNamespace()
              + "/services/"
              + service
              + ":"
              + port
              + "/proxy"
              + path;
      return HttpProbing.start(
          this, HttpProbing.viaKubernetesClient(client, proxy, requestTimeout), transitions);
    }
    return start(transitions);
  }

  /**
   * Starts probing a {@link #url} without any cluster check.
   *
   * @param transitions told, on the probing thread, each time the probe starts or stops failing
   * @throws IllegalStateException on a {@link #service} or {@link #clusterIp} probe, which needs
   *     the cluster: {@link #start(KubernetesClient, Consumer)}
   */
  public HttpProbing start(Consumer<String> transitions) {
    if (url == null) {
      throw new IllegalStateException(
          "HttpProbe.service(...) needs the cluster: start(client, transitions)");
    }
    return HttpProbing.start(this, HttpProbing.viaJdk(url, requestTimeout), transitions);
  }

  private void refuseSimulatedNodes(KubernetesClient client) {
    List<Node> nodes;
    try {
      nodes = client.nodes().list().getItems();
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      if (e.getCode() == 403) {
        // a namespace-scoped kubeconfig may not list nodes; the local backend always can, so this
        // is a cluster with real nodes
        return;
      }
      throw e;
    }
    boolean simulated =
        nodes.stream()
            .anyMatch(
                n ->
                    n.getMetadata().getAnnotations() != null
                        && n.getMetadata().getAnnotations().containsKey(KWOK_NODE_ANNOTATION));
    if (simulated) {
      throw new IllegalStateException(
          "HTTP probing of "
              + target()
              + " refused: this cluster's nodes are simulated by kwok (the local backend), so its pod"
              + " and Service IPs are fake and nothing may dial them. Check zero downtime by endpoint"
              + " continuity instead: holdsAtEveryMoment(minReadyEndpoints(\"<service>\", 1))"
              + ".watchingServices(\"<service>\"); or probe on a backend with real pods"
              + " (-Drollouttest.backend=k3s with Docker, or kubeconfig).");
    }
  }

  @Override
  public String toString() {
    return "HTTP probe of " + target() + " every " + interval.toMillis() + " ms";
  }
}
