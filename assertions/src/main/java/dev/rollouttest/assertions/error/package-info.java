/**
 * One message factory per failure (AssertJ's {@code ShouldX} pattern), each with an exact-text
 * test.
 */
@NullMarked
package dev.rollouttest.assertions.error;

import org.jspecify.annotations.NullMarked;
