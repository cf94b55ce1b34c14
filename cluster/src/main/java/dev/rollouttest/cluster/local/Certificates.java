package dev.rollouttest.cluster.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The run's certificate authorities and certificates, as kubeadm lays them out, made with {@code
 * openssl}: EC P-256 keys, valid 7 days. Each key file is created 0600 before openssl writes into
 * it, whatever openssl's version and the umask.
 *
 * <ul>
 *   <li>{@link #kubeletClient}: the CA that kubelet trusts and the API server's client certificate
 *       (in system:masters); kubelet accepts nothing else, and its port is reachable from the whole
 *       host through the node's veth.
 *   <li>{@link #etcd}: etcd's CA, etcd's serving certificate for 127.0.0.1 (also its peer
 *       certificate) and the API server's client certificate; etcd answers no client without a
 *       certificate of that CA, so no other local process can read or rewrite the cluster's data
 *       past RBAC.
 * </ul>
 */
final class Certificates {

  private Certificates() {}

  /**
   * Writes {@code ca.crt}, {@code ca.key}, {@code client.crt} and {@code client.key} (and the CSR)
   * into {@code dir}; returns {@code dir}.
   *
   * @throws IllegalStateException with openssl's output when a step fails
   */
  static Path kubeletClient(Path dir) throws IOException {
    authority(dir, "/CN=rollout-test-kubelet-client-ca");
    issue(dir, "client", "/O=system:masters/CN=kube-apiserver-kubelet-client", List.of());
    return dir;
  }

  /**
   * Writes etcd's {@code ca.crt} and {@code ca.key}, its serving certificate {@code server.crt} and
   * {@code server.key} (for 127.0.0.1 and localhost, usable as a client certificate too, as etcd's
   * peer certificate must be), and the API server's {@code apiserver-client.crt} and {@code
   * apiserver-client.key} into {@code dir}; returns {@code dir}.
   *
   * @throws IllegalStateException with openssl's output when a step fails
   */
  static Path etcd(Path dir) throws IOException {
    authority(dir, "/CN=rollout-test-etcd-ca");
    issue(
        dir,
        "server",
        "/CN=rollout-test-etcd",
        List.of(
            "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "keyUsage=critical,digitalSignature,keyEncipherment",
            "extendedKeyUsage=serverAuth,clientAuth"));
    issue(
        dir,
        "apiserver-client",
        "/CN=kube-apiserver-etcd-client",
        List.of("keyUsage=critical,digitalSignature", "extendedKeyUsage=clientAuth"));
    return dir;
  }

  /** A new CA in {@code dir}: {@code ca.key} and its self-signed {@code ca.crt}. */
  private static void authority(Path dir, String subject) throws IOException {
    Files.createDirectories(dir);
    run(newKey(dir, "ca", List.of("-x509", "-days", "7"), "ca.crt", subject));
  }

  /**
   * A new key {@code <name>.key} and its certificate {@code <name>.crt}, signed by the CA in {@code
   * dir}, with the given X.509v3 extensions (in openssl's configuration syntax).
   */
  private static void issue(Path dir, String name, String subject, List<String> extensions)
      throws IOException {
    run(newKey(dir, name, List.of(), name + ".csr", subject));
    List<String> sign =
        new ArrayList<>(
            List.of(
                "openssl",
                "x509",
                "-req",
                "-in",
                dir.resolve(name + ".csr").toString(),
                "-CA",
                dir.resolve("ca.crt").toString(),
                "-CAkey",
                dir.resolve("ca.key").toString(),
                "-CAcreateserial",
                "-out",
                dir.resolve(name + ".crt").toString(),
                "-days",
                "7"));
    if (!extensions.isEmpty()) {
      Path file = Files.writeString(dir.resolve(name + ".ext"), String.join("\n", extensions));
      sign.addAll(List.of("-extfile", file.toString()));
    }
    run(sign);
  }

  /**
   * {@code openssl req} for a new key {@code <name>.key}, created 0600 first, and {@code out}: its
   * signing request, or with {@code -x509} its self-signed certificate.
   */
  private static List<String> newKey(
      Path dir, String name, List<String> options, String out, String subject) throws IOException {
    Path key = dir.resolve(name + ".key");
    Files.deleteIfExists(key);
    Files.createFile(
        key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    List<String> command = new ArrayList<>(List.of("openssl", "req"));
    command.addAll(options);
    command.addAll(
        List.of(
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            key.toString(),
            "-out",
            dir.resolve(out).toString(),
            "-subj",
            subject));
    return command;
  }

  private static void run(List<String> command) {
    if (Commands.findOnPath("openssl").isEmpty()) {
      throw new IllegalStateException(
          "The local backend needs openssl on the PATH to make the certificates with which the API"
              + " server and etcd authenticate each other; install it (the package is named"
              + " openssl).");
    }
    Commands.Result result = Commands.run(command, 30);
    if (result.exit() != 0) {
      throw new IllegalStateException(
          "Could not make a certificate: "
              + String.join(" ", command)
              + " said: "
              + result.output().strip());
    }
  }
}
