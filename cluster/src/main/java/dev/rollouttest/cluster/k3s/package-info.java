/** K3s in a container through Testcontainers, where a Docker engine answers. */
@NullMarked
package dev.rollouttest.cluster.k3s;

import org.jspecify.annotations.NullMarked;
