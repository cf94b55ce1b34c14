/**
 * Reading manifests (strict YAML, one error naming file, document and line) and applying them all
 * or nothing.
 */
@NullMarked
package dev.rollouttest.manifest;

import org.jspecify.annotations.NullMarked;
