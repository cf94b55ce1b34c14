/** Traffic during a rollout: an HTTP prober whose results land on the timeline. */
@NullMarked
package dev.rollouttest.probe;

import org.jspecify.annotations.NullMarked;
