/**
 * Reading manifests (strict UTF-8 YAML, one error naming file, document and line) and applying them
 * all or nothing (a server-side dry run of every document first). Not API.
 */
@NullMarked
package dev.rollouttest.manifest.internal;

import org.jspecify.annotations.NullMarked;
