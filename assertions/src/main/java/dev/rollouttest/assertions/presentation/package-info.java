/**
 * How the library's own types appear in failure messages: one line each; every other object is left
 * to AssertJ.
 */
@NullMarked
package dev.rollouttest.assertions.presentation;

import org.jspecify.annotations.NullMarked;
