package dev.rollouttest.cluster.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollouttest.testing.LocalClusterExtension;
import dev.rollouttest.testing.Manifests;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * etcd answers only clients with a certificate of the run's etcd CA (the API server's), as kubeadm
 * sets it up: no other local process can read or rewrite the cluster past RBAC. Its health check
 * still answers on the metrics listener, and the cluster works through the authenticated link.
 */
@ExtendWith(LocalClusterExtension.class)
class EtcdAuthenticationTest {

  private static final String RANGE_OF_DEFAULT_NAMESPACE =
      "{\"key\":\""
          + Base64.getEncoder()
              .encodeToString("/registry/namespaces/default".getBytes(StandardCharsets.UTF_8))
          + "\"}";

  private final LocalCluster cluster;
  private final List<String> etcdArguments;
  private final Path certificates;

  EtcdAuthenticationTest(LocalCluster cluster) {
    this.cluster = cluster;
    this.etcdArguments =
        List.of(
            ProcessHandle.of(cluster.components().get("etcd"))
                .orElseThrow()
                .info()
                .arguments()
                .orElseThrow());
    this.certificates = cluster.workDirectory().resolve("certs/etcd");
  }

  @Test
  void a_client_without_a_certificate_of_the_etcd_ca_reads_nothing() {
    HttpClient noCertificate = http(trustingAnyServer());
    for (String port : List.of(port("--listen-client-urls"), port("--listen-peer-urls"))) {
      assertThatThrownBy(
              () -> noCertificate.send(rangeRequest("https://127.0.0.1:" + port), ofString()))
          .as("a request without a client certificate to etcd's port %s", port)
          // the port is open (see the_api_servers_client_certificate_reads_the_data): TLS fails
          .isInstanceOf(IOException.class)
          .isNotInstanceOf(HttpTimeoutException.class)
          .isNotInstanceOf(ConnectException.class);
    }
  }

  @Test
  void plain_http_to_the_client_port_reads_nothing() {
    String url = "http://127.0.0.1:" + port("--listen-client-urls");
    try {
      HttpResponse<String> response = http(trustingAnyServer()).send(rangeRequest(url), ofString());
      assertThat(response.body()).doesNotContain("kvs");
    } catch (IOException e) {
      assertThat(e).isNotInstanceOf(HttpTimeoutException.class);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void the_api_servers_client_certificate_reads_the_data() throws Exception {
    HttpResponse<String> response =
        http(withClientCertificate("apiserver-client"))
            .send(rangeRequest("https://127.0.0.1:" + port("--listen-client-urls")), ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"kvs\"", "\"count\":\"1\"");
  }

  @Test
  void the_health_check_answers_on_the_metrics_listener_which_serves_no_data() throws Exception {
    String metrics = "http://127.0.0.1:" + port("--listen-metrics-urls");
    HttpClient http = http(trustingAnyServer());

    HttpResponse<String> health =
        http.send(HttpRequest.newBuilder(URI.create(metrics + "/health")).build(), ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"health\":\"true\"");

    assertThat(http.send(rangeRequest(metrics), ofString()).statusCode()).isEqualTo(404);
  }

  @Test
  void the_cluster_works_through_the_authenticated_link() {
    KubernetesClient client = cluster.client();
    String namespace = "etcd-auth-" + System.nanoTime() % 100000;
    cluster.createNamespace(namespace, Map.of());
    try {
      Deployment web = Manifests.deployment("web", 1, "nginx:1.26", Map.of());
      client.apps().deployments().inNamespace(namespace).resource(web).create();

      assertThat(client.apps().deployments().inNamespace(namespace).list().getItems())
          .extracting(d -> d.getMetadata().getName())
          .containsExactly("web");
    } finally {
      cluster.deleteNamespace(namespace);
    }
  }

  @Test
  void etcd_serves_its_clients_and_peers_over_tls_only_and_checks_their_certificates() {
    assertThat(etcdArguments)
        .contains(
            "--client-cert-auth=true",
            "--peer-client-cert-auth=true",
            "--trusted-ca-file=" + certificates.resolve("ca.crt"),
            "--peer-trusted-ca-file=" + certificates.resolve("ca.crt"));
    assertThat(etcdArguments)
        .filteredOn(a -> a.matches("--(listen|advertise)-client-urls=.*|--listen-peer-urls=.*"))
        .hasSize(3)
        .allSatisfy(a -> assertThat(a).contains("=https://127.0.0.1:"));
  }

  private String port(String flag) {
    Pattern pattern = Pattern.compile(Pattern.quote(flag) + "=https?://127\\.0\\.0\\.1:(\\d+)");
    for (String argument : etcdArguments) {
      Matcher m = pattern.matcher(argument);
      if (m.matches()) {
        return m.group(1);
      }
    }
    throw new AssertionError(flag + " not among etcd's arguments " + etcdArguments);
  }

  private static HttpRequest rangeRequest(String base) {
    return HttpRequest.newBuilder(URI.create(base + "/v3/kv/range"))
        .timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofString(RANGE_OF_DEFAULT_NAMESPACE))
        .build();
  }

  private static HttpResponse.BodyHandler<String> ofString() {
    return HttpResponse.BodyHandlers.ofString();
  }

  private static HttpClient http(SSLContext tls) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .sslContext(tls)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  /** TLS that accepts any server and has no client certificate to show. */
  private static SSLContext trustingAnyServer() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      TrustManager any =
          new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
              return new X509Certificate[0];
            }
          };
      context.init(null, new TrustManager[] {any}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** TLS that trusts etcd's CA and shows the client certificate {@code <name>.crt}. */
  private SSLContext withClientCertificate(String name)
      throws IOException, GeneralSecurityException {
    char[] password = "unused".toCharArray();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry(
        name,
        KeyFactory.getInstance("EC")
            .generatePrivate(new PKCS8EncodedKeySpec(pem(certificates.resolve(name + ".key")))),
        password,
        new Certificate[] {certificate(name + ".crt")});
    KeyManagerFactory keyManagers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, password);
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("etcd-ca", certificate("ca.crt"));
    TrustManagerFactory trustManagers =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
    return context;
  }

  private Certificate certificate(String file) throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(certificates.resolve(file))) {
      return CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  /** The DER bytes of a PEM file with one PKCS#8 private key. */
  private static byte[] pem(Path file) throws IOException {
    String text = Files.readString(file);
    assertThat(text).as(file.toString()).contains("-----BEGIN PRIVATE KEY-----");
    return Base64.getMimeDecoder()
        .decode(text.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").strip());
  }
}
