package dev.rollouttest.cluster.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed before it stopped leaves its etcd data and secrets; the next start removes them. A
 * run that stopped keeps its logs, and a live run is left alone.
 */
class RunDirectorySweepTest {

  @TempDir Path root;

  private Path run(String name, boolean unstopped) throws Exception {
    Path run = Files.createDirectories(root.resolve(name));
    Files.createFile(run.resolve(RunDirectory.LOCK));
    Files.createDirectories(run.resolve("logs"));
    Files.writeString(run.resolve("logs/etcd.log"), "started\n");
    if (unstopped) {
      Files.createDirectories(run.resolve("etcd/member/wal"));
      Files.write(run.resolve("etcd/member/wal/0.wal"), new byte[4096]);
      Files.writeString(run.resolve("tokens.csv"), "secret,admin,admin,system:masters\n");
    }
    return run;
  }

  @Test
  void a_killed_run_is_removed_and_a_stopped_one_keeps_its_logs() throws Exception {
    Path killed = run("local-killed", true);
    Path stopped = run("local-stopped", false);
    Path other = Files.createDirectories(root.resolve("not-a-run"));

    RunDirectory.sweepDead(root);

    assertThat(killed).doesNotExist();
    assertThat(stopped.resolve("logs/etcd.log")).exists();
    assertThat(other).exists();
  }

  @Test
  void a_run_whose_lock_is_held_is_left_alone() throws Exception {
    Path live = run("local-live", true);
    try (FileChannel channel =
        FileChannel.open(live.resolve(RunDirectory.LOCK), StandardOpenOption.WRITE)) {
      channel.lock();

      RunDirectory.sweepDead(root);

      assertThat(live.resolve("tokens.csv")).exists();
      assertThat(live.resolve("etcd")).exists();
    }
  }
}
