package dev.rollouttest.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.apiguardian.api.API;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The public API is marked as JUnit marks its own, with apiguardian's {@link API}: {@code
 * EXPERIMENTAL} for what users write against, {@code INTERNAL} for what is public only because
 * another package or module of ours uses it. These rules keep a new public type from going
 * unmarked, and keep the plumbing packages from handing out anything but {@code INTERNAL} types.
 */
class ApiMarkingTest {

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
  void every_public_top_level_type_is_marked() {
    classes()
        .that()
        .arePublic()
        .and()
        .areTopLevelClasses()
        .should()
        .beAnnotatedWith(API.class)
        .because("users must be able to tell the API they may write against from the plumbing")
        .check(library);
  }

  @Test
  void the_internal_packages_hold_only_internal_types() {
    classes()
        .that()
        .arePublic()
        .and()
        .resideInAPackage("..internal..")
        .should()
        .beAnnotatedWith(status(API.Status.INTERNAL))
        .check(library);
  }

  private static DescribedPredicate<JavaAnnotation<?>> status(API.Status status) {
    return DescribedPredicate.describe(
        "@API(status = " + status + ")",
        annotation ->
            annotation.getRawType().isEquivalentTo(API.class)
                && annotation.as(API.class).status() == status);
  }
}
