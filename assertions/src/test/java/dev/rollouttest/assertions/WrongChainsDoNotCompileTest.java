package dev.rollouttest.assertions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouttest.rollout.DeploymentRollout;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.File;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rollout DSL's stages are types: a chain that configures after its verdict, gives two
 * verdicts, or asserts on a change that was already sent does not compile. Each snippet is compiled
 * with javac against the library, and the error javac gives is checked; a correct chain of the same
 * shape compiles, so the harness itself is proven.
 */
class WrongChainsDoNotCompileTest {

  @TempDir static Path classes;

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          configure, verdict, query (correct)   | .holdsAtEveryMoment(minAvailable(1)).watchingServices("web").completesWithin(ofSeconds(60)).endsAtRevision(2) |
          invariant after the verdict           | .completesWithin(ofSeconds(60)).holdsAtEveryMoment(minAvailable(1))                                            | cannot find symbol
          services after the verdict            | .failsWith(RolloutFailure.CRASHING_PODS).watchingServices("web")                                               | cannot find symbol
          fail-fast policy after the verdict    | .completesWithin(ofSeconds(60)).withFailFast(FailFast.never())                                                  | cannot find symbol
          two verdicts                          | .completesWithin(ofSeconds(60)).completesWithin(ofSeconds(60))                                                  | cannot find symbol
          a query before the verdict            | .holdsAtEveryMoment(minAvailable(1)).endsAtRevision(2)                                                          | cannot find symbol
          """)
  void chain(String name, String chain, String error) {
    List<Diagnostic<? extends JavaFileObject>> errors =
        compile("assertThat(web.updateImage(\"web\", \"nginx:1.27\"))" + chain + ";");

    if (error == null) {
      assertThat(errors).as("javac errors").isEmpty();
    } else {
      assertThat(errors)
          .as("javac errors")
          .anySatisfy(d -> assertThat(d.getMessage(Locale.ROOT)).contains(error));
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          a change handed to an assertion (correct) | assertThat(web.undo()).completesWithin(ofSeconds(60));             |
          an assertion on a change already sent     | assertThat(web.undo().apply()).completesWithin(ofSeconds(60));     | no suitable method found for assertThat
          """)
  void sent(String name, String statement, String error) {
    List<Diagnostic<? extends JavaFileObject>> errors = compile(statement);

    if (error == null) {
      assertThat(errors).as("javac errors").isEmpty();
    } else {
      assertThat(errors)
          .as("javac errors")
          .anySatisfy(d -> assertThat(d.getMessage(Locale.ROOT)).contains(error));
    }
  }

  private static List<Diagnostic<? extends JavaFileObject>> compile(String statement) {
    String source =
        """
        import static dev.rollouttest.assertions.RolloutAssertions.assertThat;
        import static dev.rollouttest.invariant.Invariant.minAvailable;
        import static java.time.Duration.ofSeconds;
        import dev.rollouttest.rollout.*;

        class Snippet {
          void run(DeploymentRollout web) {
            %s
          }
        }
        """
            .formatted(statement);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    JavaFileObject file =
        new SimpleJavaFileObject(URI.create("string:///Snippet.java"), JavaFileObject.Kind.SOURCE) {
          @Override
          public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return source;
          }
        };
    boolean ok =
        javac
            .getTask(
                null,
                null,
                diagnostics,
                List.of("-proc:none", "-d", classes.toString(), "-classpath", classpath()),
                null,
                List.of(file))
            .call();
    List<Diagnostic<? extends JavaFileObject>> errors =
        diagnostics.getDiagnostics().stream()
            .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
            .toList();
    assertThat(ok)
        .as("javac succeeded exactly when it reported no error")
        .isEqualTo(errors.isEmpty());
    errors.forEach(d -> System.out.println(d.getLineNumber() + ": " + d.getMessage(Locale.ROOT)));
    return errors;
  }

  /** The library and what its signatures name: the places these classes were loaded from. */
  private static String classpath() {
    return Stream.of(
            RolloutAssert.class,
            org.assertj.core.api.Assertions.class,
            Deployment.class,
            HasMetadata.class,
            KubernetesClient.class,
            DeploymentRollout.class,
            com.google.errorprone.annotations.CheckReturnValue.class)
        .map(WrongChainsDoNotCompileTest::location)
        .distinct()
        .collect(Collectors.joining(File.pathSeparator));
  }

  private static String location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
