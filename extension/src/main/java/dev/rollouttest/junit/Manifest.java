package dev.rollouttest.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;

/**
 * Kubernetes manifests to apply into the test's namespace before the test runs: class-level ones
 * first (for a {@code @Nested} class, those of its enclosing classes before its own, outermost
 * first), then the method's, each file in the order given and each document in file order
 * (server-side apply). The test starts once the first rollout of each Deployment among them is
 * complete by {@code kubectl rollout status}'s rule and settled: every Service that selects its
 * pods lists each ready pod as a ready endpoint. The first rollout has the verdicts of every
 * rollout assertion: pods that cannot pull their image fail the test at once, naming the pods and
 * the fail-fast rule.
 *
 * <h2>Where files are found</h2>
 *
 * A name without a leading {@code /} is looked up as a classpath resource beside the test class
 * ({@code web.yaml} next to {@code com/acme/WebTest.class}), then from the classpath root, then as
 * a file relative to the working directory. A leading {@code /} means the classpath root; {@code
 * file:} forces a file path.
 *
 * <h2>Errors</h2>
 *
 * A missing or empty file, malformed YAML, a document without kind, a resource pinned to another
 * namespace, or a document the API server rejects (unknown kind, invalid spec) fails the test
 * before it runs, naming the file, the document's index (from 1) and its kind/name, and the API
 * server's reason.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public @interface Manifest {

  /** The manifest files, applied in this order. */
  String[] value();
}
