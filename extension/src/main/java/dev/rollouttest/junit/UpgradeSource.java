package dev.rollouttest.junit;

import dev.rollouttest.junit.internal.UpgradeArgumentsProvider;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * A source of {@link dev.rollouttest.gate.ManifestGate}s for a {@code @ParameterizedTest}: one per
 * manifest file of the {@link #next} directory, paired with the file of the same relative path in
 * {@link #current} (none when {@code current} has no such file: the gate then checks the first
 * rollout). Paths resolve against the working directory (the module's directory under Maven).
 *
 * <pre>{@code
 * @RolloutTest
 * class ReleaseGateTest {
 *   @ParameterizedTest
 *   @UpgradeSource(current = "deploy/production", next = "deploy/candidate")
 *   void rolls_out_safely_from_production(ManifestGate gate, KubernetesClient client) {
 *     gate.verify(client);
 *   }
 * }
 * }</pre>
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ArgumentsSource(UpgradeArgumentsProvider.class)
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public @interface UpgradeSource {

  /** The manifests that run today: a directory, or a file. */
  String current();

  /** The manifests to roll out: a directory (one gate per file), or a file. */
  String next();
}
