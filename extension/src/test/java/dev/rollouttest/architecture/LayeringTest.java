package dev.rollouttest.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of the library's main code, as rules that fail the build when broken: the assertions
 * know nothing of JUnit, the backends know nothing of assertions, Kubernetes' own rules depend on
 * nothing of ours, and no two packages depend on each other.
 */
class LayeringTest {

  private static JavaClasses library;

  @BeforeAll
  static void importMainClasses() {
    // every module this one sees (assertions, cluster and this one), a jar or a directory on the
    // class path
    library =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // the cluster module's test helpers come as a -tests.jar
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("dev.rollouttest");
  }

  @Test
  void the_assertions_know_nothing_of_junit() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.rollouttest.model..",
            "dev.rollouttest.rollout.internal..",
            "dev.rollouttest.rollout..",
            "dev.rollouttest.invariant..",
            "dev.rollouttest.assertions..",
            "dev.rollouttest.gate..",
            "dev.rollouttest.manifest..",
            "dev.rollouttest.safety..",
            "dev.rollouttest.probe..",
            "dev.rollouttest.report..",
            "dev.rollouttest.kube..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.junit..", "dev.rollouttest.junit..", "dev.rollouttest.cluster..")
        .check(library);
  }

  @Test
  void the_backends_know_nothing_of_assertions() {
    // the cluster module is usable on its own: nothing of ours but the backends themselves
    noClasses()
        .that()
        .resideInAPackage("dev.rollouttest.cluster..")
        .should()
        .dependOnClassesThat(
            resideInAPackage("dev.rollouttest..")
                .and(resideOutsideOfPackage("dev.rollouttest.cluster.."))
                .as("rollout-test's classes outside dev.rollouttest.cluster"))
        .check(library);
  }

  @Test
  void kubernetes_rules_depend_on_nothing_of_ours() {
    noClasses()
        .that()
        .resideInAPackage("dev.rollouttest.kube..")
        .should()
        .dependOnClassesThat()
        .resideOutsideOfPackages(
            "dev.rollouttest.kube..",
            "java..",
            "io.fabric8.kubernetes.api.model..",
            // annotations only: nullness (checked by NullAway) and API status
            "org.jspecify.annotations..",
            "org.apiguardian.api..")
        .check(library);
  }

  @Test
  void the_drivers_and_the_manifest_types_know_nothing_of_their_internals() {
    // rollout.internal (the recorder) builds on the drivers, never the reverse; likewise the
    // manifest parser and applier on the manifest types
    noClasses()
        .that()
        .resideInAnyPackage("dev.rollouttest.rollout", "dev.rollouttest.manifest")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.rollouttest.rollout.internal..", "dev.rollouttest.manifest.internal..")
        .check(library);
  }

  @Test
  void no_cycles_between_packages() {
    slices().matching("dev.rollouttest.(*)..").should().beFreeOfCycles().check(library);
  }
}
