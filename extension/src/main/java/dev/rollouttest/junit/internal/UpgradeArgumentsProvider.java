package dev.rollouttest.junit.internal;

import dev.rollouttest.gate.ManifestGate;
import dev.rollouttest.junit.UpgradeSource;
import dev.rollouttest.manifest.ManifestException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.support.AnnotationConsumer;
import org.junit.jupiter.params.support.ParameterDeclarations;

/** The arguments of {@link UpgradeSource}: a {@link ManifestGate} per manifest file of next. */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class UpgradeArgumentsProvider
    implements ArgumentsProvider, AnnotationConsumer<UpgradeSource> {

  private @Nullable UpgradeSource source;

  @Override
  public void accept(UpgradeSource source) {
    this.source = source;
  }

  @Override
  public Stream<? extends Arguments> provideArguments(
      ParameterDeclarations parameters, ExtensionContext context) {
    // JUnit calls accept(...) with the annotation before it asks for arguments
    UpgradeSource source = java.util.Objects.requireNonNull(this.source, "@UpgradeSource");
    try {
      return ManifestGate.perFile(Path.of(source.current()), Path.of(source.next())).stream()
          .map(gate -> Arguments.argumentSet(gate.name(), gate));
    } catch (ManifestException e) {
      throw new ExtensionConfigurationException(
          "@UpgradeSource(current = \""
              + source.current()
              + "\", next = \""
              + source.next()
              + "\"): "
              + e.getMessage(),
          e);
    }
  }
}
