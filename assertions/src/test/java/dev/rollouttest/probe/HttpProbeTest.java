package dev.rollouttest.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The prober against a server of the test's own, on 127.0.0.1. */
class HttpProbeTest {

  private HttpServer server;
  private final AtomicInteger status = new AtomicInteger(200);
  private final AtomicInteger served = new AtomicInteger();

  /** Waits until the server has answered {@code more} requests more. */
  private void serve(int more) {
    int target = served.get() + more;
    await()
        .pollInterval(Duration.ofMillis(2))
        .atMost(Duration.ofSeconds(10))
        .until(() -> served.get() >= target);
  }

  private String serve() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(status.get(), -1);
          exchange.close();
          served.incrementAndGet();
        });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void records_status_classes_the_failures_and_the_longest_gap_and_tells_each_transition()
      throws Exception {
    String url = serve();
    List<String> transitions = new CopyOnWriteArrayList<>();

    HttpProbing probing = HttpProbe.url(url).every(Duration.ofMillis(20)).start(transitions::add);
    serve(15);
    status.set(503);
    serve(20);
    status.set(200);
    serve(15);
    ProbeResult result = probing.stop();

    assertThat(result.target()).isEqualTo(url);
    assertThat(result.statusClasses()).containsOnlyKeys("2xx", "5xx");
    assertThat(result.statusClasses().get("5xx")).isBetween(18L, 30L);
    assertThat(result.statusClasses().get("2xx")).isBetween(28L, 45L);
    assertThat(result.requests()).isBetween(50L, 75L);
    assertThat(result.errors()).isEmpty();
    assertThat(result.failed()).isEqualTo(result.statusClasses().get("5xx"));
    // 20 failed requests at one every 20 ms: about 0.4 s without a success
    assertThat(result.longestGap()).isBetween(Duration.ofMillis(300), Duration.ofMillis(2000));
    assertThat(result.p50()).isPositive().isLessThanOrEqualTo(result.p99());
    assertThat(result.p99()).isLessThanOrEqualTo(result.max());
    assertThat(result.failures()).hasSizeBetween(5, 10).first().asString().endsWith(" 503 (5xx)");
    assertThat(transitions)
        .hasSize(2)
        .satisfiesExactly(
            first -> assertThat(first).isEqualTo("HTTP probe failing: 503 (5xx)"),
            second ->
                assertThat(second)
                    .matches("HTTP probe succeeds again \\(200 after 0\\.\\d{3}s of failures\\)"));
    assertThat(result.beyondTolerance())
        .hasValueSatisfying(
            why -> assertThat(why).matches("\\d+ failed request\\(s\\), 0 tolerated"));
    assertThat(result.summary())
        .startsWith(url + ": " + result.requests() + " requests, 2xx=")
        .contains(", 5xx=", "longest gap between successes 0.", "first failures: [");
    // the series over time adds up to the totals
    assertThat(result.series()).isNotEmpty();
    assertThat(result.series().stream().mapToLong(ProbeResult.Bucket::requests).sum())
        .isEqualTo(result.requests());
    assertThat(result.series().stream().mapToLong(ProbeResult.Bucket::failed).sum())
        .isEqualTo(result.failed());
    assertThat(
            result.series().stream()
                .mapToLong(k -> k.failures().getOrDefault("503 (5xx)", 0))
                .sum())
        .isEqualTo(result.statusClasses().get("5xx"));
  }

  @Test
  void the_series_is_timed_on_the_clock_it_is_given() throws Exception {
    String url = serve();
    long fiveSecondsAgo = System.nanoTime() - Duration.ofSeconds(5).toNanos();

    HttpProbing probing =
        HttpProbe.url(url).every(Duration.ofMillis(20)).start(t -> {}).timedFrom(fiveSecondsAgo);
    Duration started = Duration.ofNanos(System.nanoTime() - fiveSecondsAgo);
    serve(5);
    ProbeResult result = probing.stop();

    // the probing started 5 s after that clock's zero, and before "started"
    ProbeResult.Bucket first = result.series().get(0);
    assertThat(first.from()).isBetween(Duration.ofSeconds(5), started);
    assertThat(result.series().get(result.series().size() - 1).to())
        .isGreaterThan(first.from())
        .isLessThan(Duration.ofSeconds(15));
  }

  @Test
  void within_the_tolerance_a_short_outage_passes_a_longer_gap_does_not() throws Exception {
    String url = serve();
    HttpProbing probing =
        HttpProbe.url(url)
            .every(Duration.ofMillis(20))
            .tolerating(1000, Duration.ofMillis(250))
            .start(null);
    serve(10);
    status.set(500);
    serve(30);
    status.set(204);
    serve(10);
    ProbeResult result = probing.stop();

    assertThat(result.beyondTolerance())
        .hasValueSatisfying(
            why -> assertThat(why).matches("0\\.\\d{3}s without a success, 0\\.250s tolerated"));
    HttpProbing tolerant =
        HttpProbe.url(url)
            .tolerating(1000, Duration.ofSeconds(5))
            .every(Duration.ofMillis(20))
            .start(null);
    status.set(500);
    serve(10);
    status.set(200);
    serve(5);
    ProbeResult tolerated = tolerant.stop();
    assertThat(tolerated.failed()).isPositive();
    assertThat(tolerated.beyondTolerance()).isEmpty();
  }

  @Test
  void a_port_nobody_listens_on_is_connection_refused() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    List<String> transitions = new CopyOnWriteArrayList<>();
    HttpProbing probing =
        HttpProbe.url("http://127.0.0.1:" + port + "/")
            .every(Duration.ofMillis(50))
            .start(transitions::add);
    await().atMost(Duration.ofSeconds(10)).until(() -> !transitions.isEmpty());
    ProbeResult result = probing.stop();

    assertThat(transitions).containsExactly("HTTP probe failing: connection refused");
    assertThat(result.errors()).containsOnlyKeys("connection refused");
    assertThat(result.statusClasses()).isEmpty();
    assertThat(result.failed()).isEqualTo(result.requests()).isPositive();
  }

  @Test
  void bad_settings_are_refused_naming_the_culprit() {
    assertThatThrownBy(() -> HttpProbe.url("ftp://example.com/"))
        .hasMessage("HttpProbe.url: 'ftp://example.com/' must start with http:// or https://");
    assertThatThrownBy(() -> HttpProbe.service("web", 0))
        .hasMessage("HttpProbe.service(\"web\", 0): port must be 1-65535");
    assertThatThrownBy(() -> HttpProbe.service(" ", 80))
        .hasMessage("HttpProbe.service: the Service name is empty");
    assertThatThrownBy(() -> HttpProbe.url("http://x/").every(Duration.ZERO))
        .hasMessage("every(PT0S): the interval must be at least 1 ms");
    assertThatThrownBy(() -> HttpProbe.url("http://x/").tolerating(-1, Duration.ZERO))
        .hasMessage("tolerating(-1, ...): must not be negative");
    assertThatThrownBy(() -> HttpProbe.service("web", 80).start(null))
        .hasMessage("HttpProbe.service(...) needs the cluster: start(client, transitions)");
    assertThat(HttpProbe.service("web", 8080).path("healthz").target())
        .isEqualTo("Service web:8080/healthz");
  }
}
