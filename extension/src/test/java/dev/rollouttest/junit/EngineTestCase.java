package dev.rollouttest.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a users' test class that a test of this project runs through {@code EngineTestKit}, often
 * failing on purpose. Surefire leaves out its tag ({@value #TAG}, see extension/pom.xml), so the
 * class never runs on its own, even when {@code -Dtest} names its package; an {@code EngineTestKit}
 * run applies no tag filter and runs it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag(EngineTestCase.TAG)
public @interface EngineTestCase {

  /** The tag that extension/pom.xml excludes. */
  String TAG = "engine-test-case";
}
