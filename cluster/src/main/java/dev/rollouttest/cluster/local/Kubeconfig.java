package dev.rollouttest.cluster.local;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/** The text of a kubeconfig with one cluster, one user (a bearer token) and one context. */
final class Kubeconfig {

  private Kubeconfig() {}

  /**
   * A kubeconfig whose cluster, context and current context are all named {@code name}.
   *
   * @param caPem the server's certificate, which the client then verifies; {@code null} to skip
   *     verification
   */
  static String of(String name, String server, @Nullable String caPem, String user, String token) {
    String cluster =
        caPem == null
            ? "    insecure-skip-tls-verify: true\n"
            : "    certificate-authority-data: "
                + Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII))
                + "\n";
    return "apiVersion: v1\n"
        + "kind: Config\n"
        + "clusters:\n"
        + "- name: "
        + name
        + "\n  cluster:\n    server: "
        + server
        + "\n"
        + cluster
        + "users:\n- name: "
        + user
        + "\n  user:\n    token: "
        + token
        + "\ncontexts:\n- name: "
        + name
        + "\n  context:\n    cluster: "
        + name
        + "\n    user: "
        + user
        + "\n"
        + "current-context: "
        + name
        + "\n";
  }
}
