package dev.rollouttest.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;

/**
 * Injects the name of the test's namespace into a {@code String} field or parameter of a {@link
 * RolloutTest} class. For a test of a {@code @Nested} class, the fields of its enclosing instances
 * are set too.
 *
 * <pre>{@code
 * @Test
 * void rolls_out(@TestNamespace String namespace, KubernetesClient client) { ... }
 * }</pre>
 *
 * Any other type is refused with an error that names the field or parameter.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public @interface TestNamespace {}
