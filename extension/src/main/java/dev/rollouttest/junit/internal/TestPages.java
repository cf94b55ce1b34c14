package dev.rollouttest.junit.internal;

import dev.rollouttest.report.ReportDirectory;
import dev.rollouttest.report.RolloutPages;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.MediaType;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pages of the rollouts a test judges: while the test (or one of its lifecycle methods) runs,
 * every rollout assertion and gate phase on its thread writes its page into the run's {@link
 * ReportDirectory}, under the test class and method, named with the test and the backend; the page
 * is then published to JUnit as a file and as a report entry. The run's directory lives in the root
 * store, so one index lists the whole run; when the run ends, its location is logged.
 */
final class TestPages {

  private static final Logger LOG = LoggerFactory.getLogger("dev.rollouttest.junit.RolloutTest");

  /** The report entry key under which a page's URI is published. */
  static final String ENTRY = "rollout-page";

  private static final MediaType HTML = MediaType.create("text", "html", StandardCharsets.UTF_8);

  private TestPages() {}

  /**
   * Uses the context's pages on this thread until the registration is closed; nothing when the
   * configuration turns pages off.
   */
  static RolloutPages.Registration use(ExtensionContext context) {
    TestSettings settings = TestSettings.of(context);
    if (settings.pages() == PageMode.OFF) {
      return () -> {};
    }
    RunPages run =
        context
            .getRoot()
            .getStore(RolloutTestExtension.STORE)
            .getOrComputeIfAbsent(
                RunPages.class.getName() + ":" + settings.reports().toAbsolutePath().normalize(),
                key -> new RunPages(ReportDirectory.ofThisRun(settings.reports())),
                RunPages.class);
    String group = context.getRequiredTestClass().getName().replace('$', '.');
    String name = context.getTestMethod().map(Method::getName).orElse("class");
    String testName =
        Diagnostics.readable(context.getUniqueId())
            + (context.getUniqueId().contains("[test-template-invocation:")
                ? " " + context.getDisplayName()
                : "");
    Optional<String> backend =
        NamespaceResource.of(context).map(namespace -> namespace.cluster().backend());
    return RolloutPages.useOnThisThread(
        report -> {
          if (settings.pages() == PageMode.FAILED && report.passed()) {
            return Optional.empty();
          }
          Path page =
              run.directory.write(report.withTest(testName, backend.orElse(null)), group, name);
          publish(context, page);
          return Optional.of(page);
        });
  }

  /** As a report entry (IDEs show it) and as a file (JUnit's output directory, when one is set). */
  private static void publish(ExtensionContext context, Path page) {
    context.publishReportEntry(ENTRY, page.toUri().toString());
    try {
      context.publishFile(page.getFileName().toString(), HTML, target -> Files.copy(page, target));
    } catch (RuntimeException | LinkageError e) {
      // platforms without an output directory provider: the page under the build directory counts
      LOG.debug("Could not publish {} through JUnit", page, e);
    }
  }

  /** The run's pages; when the run ends, says where the index is. */
  private record RunPages(ReportDirectory directory) implements AutoCloseable {
    @Override
    public void close() {
      int pages = directory.size();
      if (pages > 0) {
        LOG.info("The pages of this run's {} rollout(s): {}", pages, directory.index().toUri());
      }
    }
  }
}
