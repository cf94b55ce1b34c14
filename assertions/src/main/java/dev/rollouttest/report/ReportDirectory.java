package dev.rollouttest.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The pages of one run in a directory: a page per rollout at {@code
 * <group>/<name>-<deployment>.html} with its timeline as JSON beside it ({@code .json}), and {@code
 * index.html} listing every rollout of the run with its verdict, the assertion's result and its
 * duration. The index is rewritten after each page, so it is complete whenever the run ends, even
 * when it is killed.
 *
 * <p>A JVM has one run per directory ({@link #ofThisRun}), whatever engines or nested engine runs
 * write to it. Its first use removes the pages of the previous run in that directory, and only
 * those: the ones listed in its {@code .rollout-test-pages} file. Other files are left alone. Two
 * JVMs at the same time (e.g. parallel Surefire forks) need two directories.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ReportDirectory {

  /** The list of what this run wrote, relative to the directory, for the next run to remove. */
  static final String WRITTEN = ".rollout-test-pages";

  /** The index page's file name. */
  public static final String INDEX = "index.html";

  private final Path directory;
  private final Instant started = Instant.now();
  private final List<IndexPage.Entry> entries = new ArrayList<>();
  private final Set<String> taken = new HashSet<>();

  private ReportDirectory(Path directory) {
    this.directory = directory;
  }

  private static final Map<Path, ReportDirectory> RUNS = new ConcurrentHashMap<>();

  /**
   * This JVM's run in {@code directory}: created on first use, when the directory is created and
   * the previous run's pages there are removed.
   *
   * @throws UncheckedIOException when the directory cannot be created or cleared
   */
  public static ReportDirectory ofThisRun(Path directory) {
    return RUNS.computeIfAbsent(directory.toAbsolutePath().normalize(), ReportDirectory::create);
  }

  /** A new run in {@code directory}, which is created; the previous run's pages are removed. */
  static ReportDirectory create(Path directory) {
    Path dir = directory.toAbsolutePath().normalize();
    try {
      Files.createDirectories(dir);
      removePreviousRun(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not prepare the rollout pages directory " + dir, e);
    }
    return new ReportDirectory(dir);
  }

  /** The directory. */
  public Path directory() {
    return directory;
  }

  /** The index page of this run; it exists once the first page is written. */
  public Path index() {
    return directory.resolve(INDEX);
  }

  /** How many pages this run wrote. */
  public synchronized int size() {
    return entries.size();
  }

  /**
   * Pages that write every report into {@code group} under {@code name}, e.g. a test class and a
   * test method.
   */
  public RolloutPages forTest(String group, String name) {
    return report -> Optional.of(write(report, group, name));
  }

  /**
   * Writes the page of {@code report} and its timeline as JSON, at {@code
   * <group>/<name>-<deployment>.html} (with {@code -2}, {@code -3}, ... for the later rollouts of
   * the same name), and rewrites the index.
   *
   * @return the page
   */
  public synchronized Path write(RolloutReport report, String group, String name)
      throws IOException {
    String base = fileName(group) + "/" + fileName(name + "-" + report.timeline().deployment());
    String relative = base;
    for (int n = 2; !taken.add(relative); n++) {
      relative = base + "-" + n;
    }
    Path page = directory.resolve(relative + ".html");
    report.writeTo(page);
    Files.writeString(
        directory.resolve(relative + ".json"), report.timeline().toJson(), StandardCharsets.UTF_8);
    entries.add(IndexPage.Entry.of(relative + ".html", report));
    List<String> written = new ArrayList<>();
    for (String each : taken) {
      written.add(each + ".html");
      written.add(each + ".json");
    }
    written.add(INDEX);
    Files.write(directory.resolve(WRITTEN), written, StandardCharsets.UTF_8);
    Files.writeString(index(), IndexPage.render(entries, started), StandardCharsets.UTF_8);
    return page;
  }

  /** A name safe as a file name on every platform: letters, digits, {@code . _ -}. */
  static String fileName(String name) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < name.length() && b.length() < 100; i++) {
      char c = name.charAt(i);
      b.append(
          (c >= 'a' && c <= 'z')
                  || (c >= 'A' && c <= 'Z')
                  || (c >= '0' && c <= '9')
                  || c == '.'
                  || c == '-'
                  || c == '_'
              ? c
              : '_');
    }
    String safe = b.toString().replaceAll("^[.]+", "_");
    return safe.isEmpty() ? "_" : safe.toLowerCase(Locale.ROOT).equals(INDEX) ? "_" + safe : safe;
  }

  /** Removes what the previous run listed in {@link #WRITTEN}, and the folders it leaves empty. */
  private static void removePreviousRun(Path dir) throws IOException {
    Path list = dir.resolve(WRITTEN);
    if (!Files.isRegularFile(list)) {
      return;
    }
    Set<Path> folders = new HashSet<>();
    for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
      @Nullable Path file = line.isBlank() ? null : dir.resolve(line).normalize();
      if (file == null || !file.startsWith(dir) || file.equals(dir)) {
        continue; // not ours to remove
      }
      if (Files.isRegularFile(file)) {
        Files.delete(file);
      }
      Path parent = file.getParent();
      if (parent != null && !parent.equals(dir)) {
        folders.add(parent);
      }
    }
    for (Path folder : folders) {
      try {
        Files.deleteIfExists(folder);
      } catch (DirectoryNotEmptyException e) {
        // the user's own files are in it
      }
    }
    Files.delete(list);
  }
}
