package dev.rollouttest.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link HttpProbe#service} against a server of the test's own on 127.0.0.1 that plays the API
 * server: the node check, and the requests through the service proxy, with the client's
 * credentials.
 */
class HttpProbeServiceTest {

  private HttpServer server;
  private KubernetesClient client;
  private final AtomicReference<String> nodes = new AtomicReference<>();
  private final AtomicInteger nodesStatus = new AtomicInteger(200);
  private final AtomicInteger proxyStatus = new AtomicInteger(200);
  private final List<String> proxied = new CopyOnWriteArrayList<>();

  @BeforeEach
  void apiServer() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/api/v1/nodes",
        exchange -> {
          byte[] body = nodes.get().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(nodesStatus.get(), body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.createContext(
        "/api/v1/namespaces/shop/services/",
        exchange -> {
          proxied.add(
              exchange.getRequestURI().getPath()
                  + " "
                  + exchange.getRequestHeaders().getFirst("Authorization"));
          exchange.sendResponseHeaders(proxyStatus.get(), -1);
          exchange.close();
        });
    server.start();
    client =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder()
                    .withMasterUrl("http://127.0.0.1:" + server.getAddress().getPort())
                    .withNamespace("shop")
                    .withOauthToken("secret-token")
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .build();
  }

  /** Waits until the stand-in has proxied {@code more} requests more. */
  private void proxied(int more) {
    int target = proxied.size() + more;
    await()
        .pollInterval(Duration.ofMillis(2))
        .atMost(Duration.ofSeconds(10))
        .until(() -> proxied.size() >= target);
  }

  @AfterEach
  void stop() {
    client.close();
    server.stop(0);
  }

  private static String nodeList(String annotations) {
    return "{\"kind\":\"NodeList\",\"apiVersion\":\"v1\",\"items\":[{\"metadata\":{\"name\":\"n1\","
        + "\"annotations\":{"
        + annotations
        + "}}}]}";
  }

  @Test
  void probes_the_service_through_the_api_server_proxy_with_the_client_credentials()
      throws Exception {
    nodes.set(nodeList("\"k3s.io/hostname\":\"n1\""));
    List<String> transitions = new CopyOnWriteArrayList<>();

    HttpProbing probing =
        HttpProbe.service("web", 8080)
            .path("healthz")
            .every(Duration.ofMillis(20))
            .start(client, transitions::add);
    proxied(5);
    proxyStatus.set(503);
    proxied(5);
    proxyStatus.set(200);
    proxied(5);
    ProbeResult result = probing.stop();

    assertThat(proxied)
        .isNotEmpty()
        .allMatch(
            r ->
                r.equals(
                    "/api/v1/namespaces/shop/services/web:8080/proxy/healthz Bearer secret-token"));
    assertThat(result.target()).isEqualTo("Service web:8080/healthz");
    assertThat(result.statusClasses()).containsOnlyKeys("2xx", "5xx");
    assertThat(transitions).first().isEqualTo("HTTP probe failing: 503 (5xx)");
  }

  @Test
  void refuses_nodes_that_kwok_simulates_before_sending_anything() {
    nodes.set(nodeList("\"kwok.x-k8s.io/node\":\"fake\""));

    assertThatThrownBy(() -> HttpProbe.service("web", 80).start(client, null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "HTTP probing of Service web:80/ refused: this cluster's nodes are simulated by kwok");
    assertThat(proxied).isEmpty();
  }

  @Test
  void a_kubeconfig_that_may_not_list_nodes_is_taken_to_reach_real_nodes() throws Exception {
    nodesStatus.set(403);
    nodes.set(
        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":403,\"reason\":\"Forbidden\"}");

    HttpProbing probing =
        HttpProbe.service("web", 80).every(Duration.ofMillis(20)).start(client, null);
    proxied(3);
    ProbeResult result = probing.stop();

    assertThat(result.statusClasses()).containsOnlyKeys("2xx");
    assertThat(proxied).isNotEmpty();
  }
}
