package dev.rollouttest.junit.internal;

import dev.rollouttest.gate.ManifestGate;
import dev.rollouttest.junit.UpgradeSource;
import dev.rollouttest.manifest.ManifestParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.support.AnnotationConsumer;
import org.junit.jupiter.params.support.ParameterDeclarations;

/** The arguments of {@link UpgradeSource}: a {@link ManifestGate} per manifest file of next. */
public final class UpgradeArgumentsProvider
    implements ArgumentsProvider, AnnotationConsumer<UpgradeSource> {

  private UpgradeSource source;

  @Override
  public void accept(UpgradeSource source) {
    this.source = source;
  }

  @Override
  public Stream<? extends Arguments> provideArguments(
      ParameterDeclarations parameters, ExtensionContext context) {
    Path current = Path.of(source.current());
    Path next = Path.of(source.next());
    if (!Files.exists(current)) {
      throw new ExtensionConfigurationException(
          "@UpgradeSource(current = \""
              + source.current()
              + "\"): no such file or directory (resolved against "
              + Path.of("").toAbsolutePath()
              + ")");
    }
    if (!Files.exists(next)) {
      throw new ExtensionConfigurationException(
          "@UpgradeSource(next = \""
              + source.next()
              + "\"): no such file or directory (resolved against "
              + Path.of("").toAbsolutePath()
              + ")");
    }
    if (!Files.isDirectory(next)) {
      return Stream.of(
          Arguments.argumentSet(
              next.getFileName().toString(), ManifestGate.upgrade(current, next)));
    }
    List<Path> files = ManifestParser.files(next);
    if (files.isEmpty()) {
      throw new ExtensionConfigurationException(
          "@UpgradeSource(next = \""
              + source.next()
              + "\"): the directory has no .yaml or .yml file");
    }
    return files.stream()
        .map(
            file -> {
              Path relative = next.relativize(file);
              Path counterpart = Files.isDirectory(current) ? current.resolve(relative) : current;
              return Arguments.argumentSet(
                  relative.toString(),
                  ManifestGate.upgrade(
                      Files.isRegularFile(counterpart) ? counterpart : null, file));
            });
  }
}
