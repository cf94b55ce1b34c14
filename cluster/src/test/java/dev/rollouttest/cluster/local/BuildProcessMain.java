package dev.rollouttest.cluster.local;

import java.nio.file.Path;
import java.util.List;

/**
 * Run in a child JVM by {@link BuildDiesWithTheJvmTest}: runs the stand-in build script {@code
 * fake-build.sh} (from this module's test resources) as the local backend runs {@code build.sh},
 * into the cache root {@code args[0]}, and waits for it.
 */
public final class BuildProcessMain {

  public static void main(String[] args) {
    ControlPlaneBinaries.runBuildScript(
        List.of("fake-build.sh"), "fake-build.sh", false, Path.of(args[0]));
  }
}
