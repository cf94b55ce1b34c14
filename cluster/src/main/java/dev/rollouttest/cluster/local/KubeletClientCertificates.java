package dev.rollouttest.cluster.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A CA and a client certificate (in system:masters) with which the API server authenticates to
 * kubelet, which accepts nothing else: its port is reachable from the whole host through the node's
 * veth. Made with {@code openssl}: EC P-256 keys, valid 7 days.
 */
final class KubeletClientCertificates {

  private KubeletClientCertificates() {}

  /**
   * Writes {@code ca.crt}, {@code ca.key}, {@code client.crt} and {@code client.key} (and the CSR)
   * into {@code dir}; returns {@code dir}.
   *
   * @throws IllegalStateException with openssl's output when a step fails
   */
  static Path create(Path dir) throws IOException {
    Files.createDirectories(dir);
    String d = dir.toString();
    List<List<String>> commands =
        List.of(
            newKey(true, d + "/ca.key", d + "/ca.crt", "/CN=rollout-test-kubelet-client-ca"),
            newKey(
                false,
                d + "/client.key",
                d + "/client.csr",
                "/O=system:masters/CN=kube-apiserver-kubelet-client"),
            List.of(
                "openssl",
                "x509",
                "-req",
                "-in",
                d + "/client.csr",
                "-CA",
                d + "/ca.crt",
                "-CAkey",
                d + "/ca.key",
                "-CAcreateserial",
                "-out",
                d + "/client.crt",
                "-days",
                "7"));
    for (List<String> command : commands) {
      Commands.Result result = Commands.run(command, 30);
      if (result.exit() != 0) {
        throw new IllegalStateException(
            "Could not create kubelet's client certificates: "
                + String.join(" ", command)
                + " said: "
                + result.output().strip());
      }
    }
    return dir;
  }

  /**
   * {@code openssl req} for a new key and, with {@code selfSigned}, its certificate (the CA's),
   * else its signing request.
   */
  private static List<String> newKey(boolean selfSigned, String key, String out, String subject) {
    List<String> command = new ArrayList<>(List.of("openssl", "req"));
    if (selfSigned) {
      command.add("-x509");
    }
    command.addAll(
        List.of(
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            key,
            "-out",
            out));
    if (selfSigned) {
      command.addAll(List.of("-days", "7"));
    }
    command.addAll(List.of("-subj", subject));
    return command;
  }
}
