package dev.rollouttest.cluster.local;

import dev.rollouttest.cluster.ClusterSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How the control plane's components are configured: their ports (free ones on 127.0.0.1), the
 * files they read (an admin token, the service-account key, etcd's and kubelet's certificates,
 * their kubeconfig, kwok's stages), written into the run's directory, and their command-line flags.
 *
 * <p>etcd is set up as kubeadm sets it up: it serves its clients and its peer port over TLS and
 * answers only clients with a certificate of the run's etcd CA, which only the API server has; its
 * {@code /health} is served over plain HTTP on a separate metrics listener, which serves nothing
 * else.
 */
final class ControlPlaneConfiguration {

  /** The service range of a cluster with simulated nodes; a real node's reservation has its own. */
  static final String SERVICE_CIDR = "10.96.0.0/16";

  private static final String POD_CIDR = "10.244.0.0/16";
  private static final String LOOPBACK = "http://127.0.0.1:";
  private static final String LOOPBACK_TLS = "https://127.0.0.1:";
  private static final String ADMIN = "rollout-test-admin";

  private final RunDirectory run;
  private final String serviceCidr;
  private final boolean realNode;
  private final String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
  private final int etcdPort;
  private final int etcdPeerPort;
  private final int etcdMetricsPort;
  private final int apiPort;
  private final int controllerManagerPort;
  private final int schedulerPort;
  private final int kwokPort;

  private ControlPlaneConfiguration(RunDirectory run, String serviceCidr, boolean realNode)
      throws IOException {
    this.run = run;
    this.serviceCidr = serviceCidr;
    this.realNode = realNode;
    int[] ports = freeLoopbackPorts(7);
    this.etcdPort = ports[0];
    this.etcdPeerPort = ports[1];
    this.apiPort = ports[2];
    this.controllerManagerPort = ports[3];
    this.schedulerPort = ports[4];
    this.kwokPort = ports[5];
    this.etcdMetricsPort = ports[6];
  }

  /**
   * Picks the ports and writes the components' files into the run's directory.
   *
   * @param realNode whether a real node's kubelet will run, which accepts only an API server with a
   *     client certificate of its CA
   */
  static ControlPlaneConfiguration write(
      RunDirectory run, ClusterSettings settings, String serviceCidr, boolean realNode)
      throws IOException {
    ControlPlaneConfiguration configuration =
        new ControlPlaneConfiguration(run, serviceCidr, realNode);
    configuration.writeFiles(settings);
    return configuration;
  }

  private void writeFiles(ClusterSettings settings) throws IOException {
    run.writeSecret("tokens.csv", token + "," + ADMIN + "," + ADMIN + ",\"system:masters\"\n");
    run.writeSecret("sa.key", serviceAccountKey());
    Certificates.etcd(etcdDirectory());
    if (realNode) {
      Certificates.kubeletClient(kubeletClientDirectory());
    }
    // The components run before the API server has written its self-signed certificate, so they
    // skip verification; they only ever talk to 127.0.0.1. The test client verifies (see
    // adminKubeconfig).
    run.writeSecret(
        "components.kubeconfig", Kubeconfig.of(LocalCluster.CONTEXT, apiUrl(), null, ADMIN, token));
    Files.writeString(
        run.resolve("kwok.yaml"), stages(settings.podReadyDelay(), settings.podTerminationDelay()));
  }

  /** Each component's name (also its binary's) and its flags, in the order they start. */
  Map<String, List<String>> commandLines() {
    Path componentKubeconfig = run.resolve("components.kubeconfig");
    Path etcd = etcdDirectory();
    Map<String, List<String>> commandLines = new LinkedHashMap<>();
    commandLines.put(
        "etcd",
        List.of(
            "--name=rollout-test",
            "--data-dir=" + run.resolve("etcd"),
            "--listen-client-urls=" + LOOPBACK_TLS + etcdPort,
            "--advertise-client-urls=" + LOOPBACK_TLS + etcdPort,
            "--cert-file=" + etcd.resolve("server.crt"),
            "--key-file=" + etcd.resolve("server.key"),
            "--client-cert-auth=true",
            "--trusted-ca-file=" + etcd.resolve("ca.crt"),
            "--listen-peer-urls=" + LOOPBACK_TLS + etcdPeerPort,
            "--initial-advertise-peer-urls=" + LOOPBACK_TLS + etcdPeerPort,
            "--initial-cluster=rollout-test=" + LOOPBACK_TLS + etcdPeerPort,
            "--peer-cert-file=" + etcd.resolve("server.crt"),
            "--peer-key-file=" + etcd.resolve("server.key"),
            "--peer-client-cert-auth=true",
            "--peer-trusted-ca-file=" + etcd.resolve("ca.crt"),
            // /health (and /metrics) only, over plain HTTP: what the readiness wait polls
            "--listen-metrics-urls=" + LOOPBACK + etcdMetricsPort,
            "--unsafe-no-fsync=true",
            "--log-level=warn"));
    List<String> apiserver =
        new ArrayList<>(
            List.of(
                "--etcd-servers=" + LOOPBACK_TLS + etcdPort,
                "--etcd-cafile=" + etcd.resolve("ca.crt"),
                "--etcd-certfile=" + etcd.resolve("apiserver-client.crt"),
                "--etcd-keyfile=" + etcd.resolve("apiserver-client.key"),
                "--bind-address=127.0.0.1",
                "--advertise-address=127.0.0.1",
                "--secure-port=" + apiPort,
                "--cert-dir=" + run.resolve("certs/kube-apiserver"),
                // With a loopback advertise address the endpoint reconciler would write 127.0.0.1
                // into the 'kubernetes' Endpoints, which validation rejects.
                "--endpoint-reconciler-type=none",
                "--service-cluster-ip-range=" + serviceCidr,
                "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                "--service-account-key-file=" + run.resolve("sa.key"),
                "--service-account-signing-key-file=" + run.resolve("sa.key"),
                "--token-auth-file=" + run.resolve("tokens.csv"),
                "--authorization-mode=RBAC",
                "--allow-privileged=true",
                // Node addresses are 127.0.0.1: logs and exec reach kwok on loopback.
                "--kubelet-preferred-address-types=InternalIP",
                "--profiling=false"));
    if (realNode) {
      apiserver.addAll(
          List.of(
              "--kubelet-client-certificate=" + kubeletClientDirectory().resolve("client.crt"),
              "--kubelet-client-key=" + kubeletClientDirectory().resolve("client.key")));
    }
    commandLines.put("kube-apiserver", apiserver);
    commandLines.put(
        "kube-controller-manager",
        List.of(
            "--kubeconfig=" + componentKubeconfig,
            "--bind-address=127.0.0.1",
            "--secure-port=" + controllerManagerPort,
            "--cert-dir=" + run.resolve("certs/kube-controller-manager"),
            "--leader-elect=false",
            "--controllers=*",
            // its default, /usr/libexec/kubernetes/kubelet-plugins/volume/exec, is on the host
            "--flex-volume-plugin-dir=" + run.resolve("flexvolume"),
            "--use-service-account-credentials=false",
            "--kube-api-qps=500",
            "--kube-api-burst=1000",
            "--concurrent-deployment-syncs=10",
            "--concurrent-replicaset-syncs=10",
            "--profiling=false"));
    commandLines.put(
        "kube-scheduler",
        List.of(
            "--kubeconfig=" + componentKubeconfig,
            "--bind-address=127.0.0.1",
            "--secure-port=" + schedulerPort,
            "--cert-dir=" + run.resolve("certs/kube-scheduler"),
            "--leader-elect=false",
            "--profiling=false"));
    commandLines.put(
        "kwok",
        List.of(
            "--kubeconfig=" + componentKubeconfig,
            "--config=" + run.resolve("kwok.yaml"),
            "--manage-all-nodes=false",
            "--manage-nodes-with-annotation-selector=" + LocalCluster.NODE_ANNOTATION + "=fake",
            "--cidr=" + POD_CIDR,
            "--node-ip=127.0.0.1",
            "--node-name=127.0.0.1",
            "--node-port=" + kwokPort,
            // Without an explicit server address kwok would listen on 0.0.0.0:<node-port>.
            "--server-address=127.0.0.1:" + kwokPort,
            "--node-lease-duration-seconds=40"));
    return commandLines;
  }

  /**
   * etcd's health endpoint on its metrics listener, which answers 200 once etcd serves, without a
   * client certificate.
   */
  String etcdHealthUrl() {
    return LOOPBACK + etcdMetricsPort + "/health";
  }

  String apiUrl() {
    return "https://127.0.0.1:" + apiPort;
  }

  int apiPort() {
    return apiPort;
  }

  /** The admin's bearer token (in system:masters). */
  String token() {
    return token;
  }

  /** The certificate the API server writes for itself once it runs. */
  Path apiServerCertificate() {
    return run.resolve("certs/kube-apiserver/apiserver.crt");
  }

  /** The CA of the API server's client certificate, which kubelet trusts. */
  Path kubeletClientCa() {
    return kubeletClientDirectory().resolve("ca.crt");
  }

  private Path kubeletClientDirectory() {
    return run.resolve("certs/kubelet-client");
  }

  /** etcd's CA, its serving certificate and the API server's client certificate for it. */
  private Path etcdDirectory() {
    return run.resolve("certs/etcd");
  }

  /** The admin's kubeconfig, which verifies the API server against its certificate. */
  String adminKubeconfig(String apiServerCertificatePem) {
    return Kubeconfig.of(LocalCluster.CONTEXT, apiUrl(), apiServerCertificatePem, ADMIN, token);
  }

  /** kwok's configuration: how long a pod takes to become ready and to terminate. */
  static String stages(Duration readyDelay, Duration terminationDelay) {
    try (InputStream in = LocalCluster.class.getResourceAsStream("kwok-stages.yaml")) {
      String template =
          new String(
              Objects.requireNonNull(in, "kwok-stages.yaml").readAllBytes(),
              StandardCharsets.UTF_8);
      return template
          .replace("${READY_DELAY_MS}", Long.toString(readyDelay.toMillis()))
          .replace("${TERMINATION_DELAY_MS}", Long.toString(terminationDelay.toMillis()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Ports that were free on 127.0.0.1 a moment ago: each is bound, all are read, then all are
   * closed, so that no two are the same.
   */
  private static int[] freeLoopbackPorts(int count) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        sockets.add(socket);
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket s : sockets) {
        s.close();
      }
    }
  }

  /** A new RSA key, PKCS#8 in PEM, with which the API server signs service-account tokens. */
  private static String serviceAccountKey() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
      return "-----BEGIN PRIVATE KEY-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
              .encodeToString(pkcs8)
          + "\n-----END PRIVATE KEY-----\n";
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
