package dev.rollouttest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouttest.cluster.local.LocalCluster;
import dev.rollouttest.rollout.internal.ProgressSetting;
import dev.rollouttest.testing.LocalClusterExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The command line: exit status, what it prints, and a JUnit XML report a CI system can read. */
class RolloutTestCliTest {

  private static final String GATE = "src/test/resources/gate/";

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return RolloutTestCli.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void check_fails_on_each_unsafe_manifest_and_writes_junit_xml(@TempDir Path dir)
      throws Exception {
    Path xml = dir.resolve("reports/check.xml");

    int status = run("check", "--junit-xml", xml.toString(), GATE + "unsafe", GATE + "current");

    assertThat(status).isEqualTo(1);
    assertThat(out())
        .contains("PASS " + GATE + "current/web.yaml")
        .contains("FAIL " + GATE + "unsafe/recreate.yaml")
        .contains(
            GATE
                + "unsafe/recreate.yaml document #1 (Deployment/web) spec.strategy.type: is Recreate")
        .endsWith("check: 1 passed, 7 failed\n");
    Element suite = parse(xml).getDocumentElement();
    assertThat(suite.getTagName()).isEqualTo("testsuite");
    assertThat(suite.getAttribute("tests")).isEqualTo("8");
    assertThat(suite.getAttribute("failures")).isEqualTo("7");
    List<String> failed = new ArrayList<>();
    NodeList cases = suite.getElementsByTagName("testcase");
    for (int i = 0; i < cases.getLength(); i++) {
      Element c = (Element) cases.item(i);
      if (c.getElementsByTagName("failure").getLength() > 0) {
        Element failure = (Element) c.getElementsByTagName("failure").item(0);
        assertThat(failure.getTextContent()).startsWith(c.getAttribute("name") + " document #1");
        failed.add(Path.of(c.getAttribute("name")).getFileName().toString());
      }
    }
    assertThat(failed)
        .containsExactlyInAnyOrder(
            "latest-image.yaml",
            "min-ready-seconds.yaml",
            "no-progress-deadline.yaml",
            "no-readiness-probe.yaml",
            "no-revision-history.yaml",
            "recreate.yaml",
            "zero-available.yaml");
  }

  @Test
  void skipped_rules_are_silenced() {
    int status =
        run("check", "--skip", "zero-available", GATE + "unsafe/recreate.yaml", GATE + "current");

    assertThat(status).isZero();
    assertThat(out()).endsWith("check: 2 passed, 0 failed\n");
  }

  @Test
  void usage_errors_name_the_culprit_and_exit_2() {
    assertThat(run()).isEqualTo(2);
    assertThat(err()).startsWith("rollout-test: no command given\nusage: rollout-test check");

    err.reset();
    assertThat(run("check", "--skip", "no-such-rule", GATE + "current")).isEqualTo(2);
    assertThat(err())
        .startsWith("rollout-test: Unknown rollout-safety rule 'no-such-rule'; known rules: [");

    err.reset();
    assertThat(run("gate", "--next", GATE + "next")).isEqualTo(2);
    assertThat(err()).startsWith("rollout-test: gate needs both --current and --next\n");

    err.reset();
    assertThat(run("check", "nowhere.yaml")).isEqualTo(2);
    assertThat(err())
        .startsWith("rollout-test: Manifest nowhere.yaml does not exist (resolved against ");

    err.reset();
    assertThat(run("gate", "--current", GATE + "current", "--next", GATE + "next", "--set", "x"))
        .isEqualTo(2);
    assertThat(err()).startsWith("rollout-test: --set needs key=value, but got 'x'\n");

    err.reset();
    assertThat(run("gate", "--current", GATE + "current", "--next", GATE + "next", "--reports"))
        .isEqualTo(2);
    assertThat(err()).startsWith("rollout-test: --reports needs a value\n");
  }

  @Test
  void a_reports_directory_that_cannot_be_made_is_a_usage_error_naming_it(@TempDir Path dir)
      throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "");

    int status =
        run(
            "gate",
            "--current",
            GATE + "current",
            "--next",
            GATE + "next",
            "--reports",
            file.resolve("pages").toString());

    assertThat(status).isEqualTo(2);
    assertThat(err())
        .startsWith(
            "rollout-test: --reports "
                + file.resolve("pages")
                + ": Could not prepare the rollout pages directory ");
  }

  @Test
  @ExtendWith(LocalClusterExtension.class)
  void gate_passes_a_safe_upgrade_and_fails_one_that_empties_the_service(
      LocalCluster cluster, @TempDir Path dir) throws Exception {
    Path safe = dir.resolve("safe.xml");
    String[] backend = {
      "--set",
      "rollouttest.backend=kubeconfig",
      "--set",
      "rollouttest.kubeconfig.path=" + cluster.kubeconfigFile()
    };

    int passed =
        run(
            concat(
                new String[] {
                  "gate",
                  "--current",
                  GATE + "current",
                  "--next",
                  GATE + "next",
                  "--junit-xml",
                  safe.toString(),
                  "--reports",
                  dir.resolve("safe-pages").toString()
                },
                backend));

    assertThat(passed).as(out() + err()).isZero();
    Path index = dir.resolve("safe-pages").resolve("index.html");
    assertThat(out())
        .contains("upgrade of ", "undo of ", "PASS web.yaml")
        .contains("Rollout pages: " + index.toUri() + "\n")
        .endsWith("gate: 1 passed, 0 failed\n");
    // a page per recorded phase of the candidate: the upgrade and the undo
    assertThat(index)
        .content()
        .contains("2 rollouts, 0 failed")
        .containsSubsequence(
            "<a href=\"gate/web.yaml-web.html\">gate web.yaml</a></td><td class=\"passed\">",
            "<td>gate upgrade of ",
            "<a href=\"gate/web.yaml-web-2.html\">gate web.yaml</a></td><td class=\"passed\">",
            "<td>gate undo of ");
    assertThat(parse(safe).getDocumentElement().getAttribute("failures")).isEqualTo("0");

    out.reset();
    Path broken = dir.resolve("broken.xml");
    int failed =
        run(
            concat(
                new String[] {
                  "gate",
                  "--current",
                  GATE + "current",
                  "--next",
                  GATE + "next-selector",
                  "--junit-xml",
                  broken.toString(),
                  "--reports",
                  dir.resolve("broken-pages").toString()
                },
                backend));

    assertThat(failed).isEqualTo(1);
    Path upgradePage = dir.resolve("broken-pages").resolve("gate/web.yaml-web.html");
    assertThat(upgradePage)
        .content()
        .contains("<td id=\"assertion\" class=\"verdict-bad\">failed</td>")
        .contains("spec.selector (was {app=web}, now {app=web, track=v150}");
    Element failure =
        (Element) parse(broken).getDocumentElement().getElementsByTagName("failure").item(0);
    // one problem: the upgrade emptied the Service; the undo, which does not restore the Service,
    // starts from 0 endpoints and so breaks no minimum that was reached during it
    assertThat(failure.getAttribute("message"))
        .isEqualTo("The manifest gate failed with 1 problem(s):");
    assertThat(failure.getTextContent())
        .contains(
            "document #2 (Service/web) spec.selector (was {app=web}, now {app=web, track=v150}")
        .contains("See the rollouts:\n  gate upgrade of ", ": " + upgradePage.toUri());
    assertThat(cluster.client().namespaces().withLabel("rollout-test.dev/run-id").list().getItems())
        .noneMatch(
            n ->
                n.getMetadata().getName().startsWith("gate-")
                    && n.getMetadata().getDeletionTimestamp() == null);
  }

  @Test
  @ExtendWith(LocalClusterExtension.class)
  void a_cluster_scoped_document_is_an_error_of_its_file_unless_allowed_and_then_deleted(
      LocalCluster cluster, @TempDir Path dir) throws Exception {
    Path next = Files.createDirectories(dir.resolve("next"));
    Files.writeString(
        next.resolve("web.yaml"),
        Files.readString(Path.of(GATE + "next/web.yaml"))
            + "---\n"
            + "apiVersion: rbac.authorization.k8s.io/v1\n"
            + "kind: ClusterRole\n"
            + "metadata: {name: cli-web-reader}\n"
            + "rules: [{apiGroups: [\"\"], resources: [pods], verbs: [get]}]\n");
    Path xml = dir.resolve("gate.xml");
    String[] gate = {
      "gate",
      "--current",
      GATE + "current",
      "--next",
      next.toString(),
      "--junit-xml",
      xml.toString(),
      "--reports",
      "off",
      "--set",
      "rollouttest.backend=kubeconfig",
      "--set",
      "rollouttest.kubeconfig.path=" + cluster.kubeconfigFile()
    };

    int refused = run(gate);

    assertThat(refused).as(out() + err()).isEqualTo(1);
    assertThat(out())
        .containsPattern(
            "ERROR web.yaml\n  "
                + java.util.regex.Pattern.quote(next.resolve("web.yaml").toString())
                + " document #3 \\(ClusterRole/cli-web-reader\\), from line 37, is cluster-scoped:"
                + " it would outlive the namespace 'gate-[^']+' and affect every later test on the"
                + " cluster, so it is refused, and none of the 5 documents was applied. To apply it,"
                + " allow it by kind and name, ClusterRole/cli-web-reader, in"
                + " rollouttest.clusterScoped.allow \\(--set"
                + " rollouttest.clusterScoped.allow=Kind/name,...\\); it is then labelled with the"
                + " run id and deleted with the namespace.\n")
        .endsWith("gate: 0 passed, 0 failed, 1 could not be checked\n");
    assertThat(parse(xml).getDocumentElement().getAttribute("errors")).isEqualTo("1");
    assertThat(cluster.client().rbac().clusterRoles().withName("cli-web-reader").get()).isNull();

    out.reset();
    int allowed =
        run(
            concat(
                gate,
                new String[] {
                  "--set", "rollouttest.clusterScoped.allow=ClusterRole/cli-web-reader"
                }));

    assertThat(allowed).as(out() + err()).isZero();
    assertThat(out()).contains("PASS web.yaml").endsWith("gate: 1 passed, 0 failed\n");
    assertThat(cluster.client().rbac().clusterRoles().withName("cli-web-reader").get())
        .as("deleted with the gate's namespace")
        .isNull();
  }

  @Test
  void a_file_that_cannot_be_checked_is_an_error_of_its_own_and_the_others_keep_their_results(
      @TempDir Path dir) throws Exception {
    Path manifests = Files.createDirectories(dir.resolve("k8s"));
    Files.copy(Path.of(GATE + "current/web.yaml"), manifests.resolve("good.yaml"));
    Files.writeString(manifests.resolve("broken.yaml"), "kind: [unclosed\n");
    Path xml = dir.resolve("check.xml");

    int status = run("check", "--junit-xml", xml.toString(), manifests.toString());

    assertThat(status).as(out() + err()).isEqualTo(1);
    assertThat(out())
        .contains("ERROR " + manifests.resolve("broken.yaml"))
        .contains("broken.yaml document #1")
        .contains(manifests.resolve("good.yaml").toString())
        .contains("check: ")
        .contains("1 could not be checked");
    Element suite = parse(xml).getDocumentElement();
    assertThat(suite.getAttribute("tests")).isEqualTo("2");
    assertThat(suite.getAttribute("errors")).isEqualTo("1");
    assertThat(suite.getElementsByTagName("error").getLength()).isEqualTo(1);
  }

  @Test
  void a_directory_without_manifests_is_a_usage_error() {
    assertThat(run("check", "src/test/java")).isEqualTo(2);
    assertThat(err()).isEqualTo("rollout-test: src/test/java holds no .yaml or .yml file\n");
  }

  @Test
  void help_prints_the_usage_and_exits_0() {
    assertThat(run("--help")).isZero();
    assertThat(out())
        .startsWith("usage: rollout-test check")
        .contains("[--progress 5s|off]")
        .contains("--progress   while a rollout runs, a progress line at this interval");
    assertThat(err()).isEmpty();
  }

  @Test
  void progress_takes_an_interval_or_off_and_refuses_anything_else_naming_the_forms() {
    try {
      assertThat(run("check", "--progress", "10s", GATE + "current")).isZero();
      assertThat(ProgressSetting.interval()).contains(Duration.ofSeconds(10));
      assertThat(run("check", "--progress", "off", GATE + "current")).isZero();
      assertThat(ProgressSetting.interval()).isEmpty();
      assertThat(run("check", "--set", "rollouttest.progress=20s", GATE + "current")).isZero();
      assertThat(ProgressSetting.interval()).contains(Duration.ofSeconds(20));
      assertThat(run("check", GATE + "current")).isZero();
      assertThat(ProgressSetting.interval()).contains(ProgressSetting.DEFAULT_INTERVAL);

      String[] gate = {"gate", "--current", GATE + "current", "--next", GATE + "next"};
      assertThat(run(concat(gate, new String[] {"--progress", "fast"}))).isEqualTo(2);
      assertThat(err())
          .startsWith(
              "rollout-test: Invalid configuration '--progress=fast': expected a duration such as"
                  + " 5s, 10s, 1m or PT2.5S, or off.\nusage: rollout-test check");
      err.reset();
      assertThat(run(concat(gate, new String[] {"--set", "rollouttest.progress=0s"}))).isEqualTo(2);
      assertThat(err())
          .startsWith("rollout-test: Invalid configuration 'rollouttest.progress=0s': expected");
      err.reset();
      assertThat(run(concat(gate, new String[] {"--progress"}))).isEqualTo(2);
      assertThat(err()).startsWith("rollout-test: --progress needs a value\n");
    } finally {
      ProgressSetting.set(Optional.of(ProgressSetting.DEFAULT_INTERVAL));
    }
  }

  @Test
  void a_report_that_cannot_be_written_is_one_line_and_exit_1(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "");

    int status =
        run("check", "--junit-xml", file.resolve("report.xml").toString(), GATE + "current");

    assertThat(status).isEqualTo(1);
    assertThat(out()).contains("PASS ").contains("check: 1 passed, 0 failed");
    assertThat(err())
        .startsWith(
            "rollout-test: could not write the JUnit XML report " + file.resolve("report.xml"))
        .hasLineCount(1);
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  private static Document parse(Path xml) throws Exception {
    assertThat(xml).exists();
    return DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(Files.newInputStream(xml));
  }
}
