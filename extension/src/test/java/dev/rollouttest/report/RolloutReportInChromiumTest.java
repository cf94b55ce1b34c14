package dev.rollouttest.report;

import static dev.rollouttest.assertions.RolloutAssertions.assertThat;
import static dev.rollouttest.invariant.Invariant.minAvailable;
import static dev.rollouttest.invariant.Invariant.minReadyEndpoints;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rollouttest.cluster.local.LocalCluster;
import dev.rollouttest.invariant.Violation;
import dev.rollouttest.model.Moment;
import dev.rollouttest.rollout.DeploymentRollout;
import dev.rollouttest.rollout.FailFast;
import dev.rollouttest.rollout.internal.RolloutRecorder;
import dev.rollouttest.testing.LocalClusterExtension;
import dev.rollouttest.testing.Manifests;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A rollout recorded on the local backend, with a violation (maxUnavailable 50% breaks "4
 * available"), rendered and loaded in real headless Chromium: the DOM has a lane per pod grouped by
 * revision, the violation's red marker at its moment, the verdict; and a screenshot for README.
 */
@ExtendWith(LocalClusterExtension.class)
class RolloutReportInChromiumTest {

  /**
   * Where the screenshot goes: under target/ by default, so a test run leaves the source tree as it
   * was; {@code -Dscreenshot.path=../docs/images/rollout-report.png} refreshes the one README
   * shows.
   */
  private static final Path SCREENSHOT =
      Path.of(System.getProperty("screenshot.path", "target/rollout-report/rollout-report.png"));

  private final LocalCluster cluster;
  private String namespace;
  private KubernetesClient client;

  RolloutReportInChromiumTest(LocalCluster cluster) {
    this.cluster = cluster;
  }

  @BeforeAll
  static void chromium() {
    Chromium.unavailable().ifPresent(why -> Assumptions.abort(why));
  }

  @BeforeEach
  void namespace() {
    namespace = "report-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    cluster.createNamespace(namespace, Map.of());
    client = cluster.client().adapt(NamespacedKubernetesClient.class).inNamespace(namespace);
  }

  @AfterEach
  void clean() {
    cluster.deleteNamespace(namespace);
  }

  @Test
  void a_rollout_with_a_violation_renders_in_chromium_with_its_lanes_marker_and_verdict()
      throws Exception {
    Deployment d = Manifests.deployment("web", 4, "nginx:1.26", Map.of());
    d.getSpec().getStrategy().getRollingUpdate().setMaxSurge(new IntOrString(0));
    d.getSpec().getStrategy().getRollingUpdate().setMaxUnavailable(new IntOrString("50%"));
    client.apps().deployments().resource(d).create();
    client.services().resource(Manifests.service("web")).create();
    DeploymentRollout web = DeploymentRollout.of(client, "web");
    assertThat(
            RolloutRecorder.awaitSettled(web, ofSeconds(60), FailFast.onUnrecoverable()).complete())
        .isTrue();

    AssertionError error =
        catchThrowableOfType(
            AssertionError.class,
            () ->
                assertThat(web.updateImage("web", "nginx:1.27"))
                    .holdsAtEveryMoment(minAvailable(4), minReadyEndpoints("web", 1))
                    .completesWithin(ofSeconds(60)));
    RolloutReport recorded = ReportAttachment.findReport(error).orElseThrow();
    RolloutReport report =
        recorded.withTest(
            "RolloutReportInChromiumTest: maxUnavailable 50% breaks \"available pods >= 4\"",
            cluster.backend());
    Path page = report.writeTo(Path.of("target", "rollout-report-chromium", "timeline.html"));

    String dom = Chromium.dumpDom(page);

    TreeSet<String> pods = new TreeSet<>();
    for (Moment m : report.timeline().moments()) {
      pods.addAll(m.readyPods());
      pods.addAll(m.warmingPods());
      pods.addAll(m.unreadyPods());
      pods.addAll(m.terminatingPods());
    }
    assertThat(pods).isNotEmpty();
    assertThat(count(dom, "<g class=\"lane\" data-pod=\"")).isEqualTo(pods.size());
    Moment last = report.timeline().moments().get(report.timeline().moments().size() - 1);
    for (String pod : pods) {
      // every pod of the Deployment is of a ReplicaSet the recording knows
      long revision = last.revisionOf(pod);
      assertThat(revision).as(pod).isPositive();
      assertThat(dom)
          .contains("data-pod=\"" + pod + "\" data-revision=\"" + revision + "\"")
          .contains(">revision " + revision + "</text>");
    }
    Violation violation = report.violations().get(0);
    String at = String.format(Locale.ROOT, "%.3fs", violation.moment().at().toNanos() / 1e9);
    assertThat(dom)
        .contains("<g class=\"marker violation\" data-at=\"" + at + "\">")
        .contains("violation of available pods &gt;= 4: ")
        .contains("<a href=\"#moment-" + violation.index() + "\">")
        .contains("<td id=\"verdict\" class=\"verdict-bad\">invariant broken</td>")
        .contains("<th>change</th><td>set image web=nginx:1.27</td>")
        .contains("<td id=\"assertion\" class=\"verdict-bad\">failed</td>")
        .contains("<details id=\"failure\">")
        .contains("<th>backend</th><td>local</td>");

    Files.createDirectories(SCREENSHOT.toAbsolutePath().getParent());
    Chromium.screenshot(page, SCREENSHOT, 1400, 900);
    assertThat(Files.size(SCREENSHOT)).isGreaterThan(10_000);
  }

  @Test
  void a_pod_that_cannot_pull_its_image_shows_the_reason_on_its_lane_in_chromium()
      throws Exception {
    Deployment d = Manifests.deployment("web", 2, "nginx:1.26", Map.of());
    d.getSpec().setProgressDeadlineSeconds(5);
    d.getSpec().getStrategy().getRollingUpdate().setMaxSurge(new IntOrString(1));
    d.getSpec().getStrategy().getRollingUpdate().setMaxUnavailable(new IntOrString(0));
    client.apps().deployments().resource(d).create();
    DeploymentRollout web = DeploymentRollout.of(client, "web");
    assertThat(
            RolloutRecorder.awaitSettled(web, ofSeconds(60), FailFast.onUnrecoverable()).complete())
        .isTrue();

    // kwok plays the image that cannot be pulled: Pending, its container waiting in
    // ImagePullBackOff; with no fail-fast the rollout runs into its 5 s progress deadline
    AssertionError error =
        catchThrowableOfType(
            AssertionError.class,
            () ->
                assertThat(
                        web.patchTemplate(
                            t -> {
                              t.getMetadata()
                                  .getAnnotations()
                                  .put("rollout-test.dev/simulate", "never-ready");
                              t.getSpec().getContainers().get(0).setImage("nginx:does-not-exist");
                            }))
                    .withFailFast(FailFast.never())
                    .completesWithin(ofSeconds(60)));
    RolloutReport report = ReportAttachment.findReport(error).orElseThrow();
    Moment last = report.timeline().moments().get(report.timeline().moments().size() - 1);
    assertThat(last.podReasons()).containsValue("ImagePullBackOff");
    String failing =
        last.podReasons().entrySet().stream()
            .filter(e -> e.getValue().equals("ImagePullBackOff"))
            .findFirst()
            .orElseThrow()
            .getKey();
    Path page =
        report.writeTo(Path.of("target", "rollout-report-chromium", "image-pull-backoff.html"));

    String dom = Chromium.dumpDom(page);

    assertThat(dom)
        .contains("data-pod=\"" + failing + "\" data-revision=\"2\"")
        .contains("<rect class=\"unready failing\" data-reason=\"ImagePullBackOff\"")
        .containsPattern(
            Pattern.quote("<title>" + failing + " not ready: ImagePullBackOff ")
                + "\\d+\\.\\d{3}s–"
                + Pattern.quote(
                    String.format(Locale.ROOT, "%.3fs</title>", last.at().toNanos() / 1e9)));
    assertThat(report.timeline().toJson()).contains("\"podReasons\":{\"" + failing + "\"");
  }

  private static int count(String text, String needle) {
    Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
