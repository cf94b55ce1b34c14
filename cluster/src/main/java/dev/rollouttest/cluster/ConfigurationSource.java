package dev.rollouttest.cluster;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Where configuration values come from. Keys are dotted ({@code rollouttest.backend}); {@link
 * #systemPropertiesAndEnvironment()} looks a key up as a system property, then as an environment
 * variable whose name is the key upper-cased with dots turned into underscores ({@code
 * ROLLOUTTEST_BACKEND}). The JUnit extension puts JUnit configuration parameters in front of both.
 */
@FunctionalInterface
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface ConfigurationSource {

  /** The value for a key, or empty when the source has none (blank values count as none). */
  Optional<String> get(String key);

  /** This source, then {@code fallback} for keys this source does not have. */
  default ConfigurationSource orElse(ConfigurationSource fallback) {
    return key -> {
      Optional<String> value = get(key);
      return value.isPresent() ? value : fallback.get(key);
    };
  }

  /** System properties, then environment variables. */
  static ConfigurationSource systemPropertiesAndEnvironment() {
    return of(System::getProperty).orElse(of(key -> System.getenv(environmentVariable(key))));
  }

  /** A fixed map, for tests and programmatic use. */
  static ConfigurationSource of(Map<String, String> values) {
    return of(values::get);
  }

  /**
   * The environment variable that carries a key: {@code rollouttest.local.nodes} → {@code
   * ROLLOUTTEST_LOCAL_NODES}.
   */
  public static String environmentVariable(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private static ConfigurationSource of(java.util.function.Function<String, String> lookup) {
    return key ->
        Optional.ofNullable(lookup.apply(key)).map(String::strip).filter(v -> !v.isEmpty());
  }
}
