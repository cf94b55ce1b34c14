package dev.rollouttest.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportDirectoryTest {

  @TempDir Path dir;

  private static RolloutReport passed(String test) {
    return new RolloutReport(
        test,
        "local",
        "updateImage(web=nginx:1.27)",
        RolloutReportTest.rollout(),
        List.of(),
        List.of(),
        null);
  }

  private static RolloutReport failed(String test) {
    return new RolloutReport(
        test,
        "local",
        "updateImage(web=nginx:broken)",
        RolloutReportTest.rollout(),
        List.of(),
        List.of(),
        "Expected the rollout to complete <b>within</b> 60s");
  }

  @Test
  void writes_the_page_its_timeline_as_json_and_an_index_of_the_run() throws Exception {
    ReportDirectory pages = ReportDirectory.create(dir);

    Path first = pages.write(passed("ShopTest.upgrades()"), "com.example.ShopTest", "upgrades");
    Path second = pages.write(failed("ShopTest.upgrades()"), "com.example.ShopTest", "upgrades");

    assertThat(first).isEqualTo(dir.resolve("com.example.ShopTest/upgrades-web.html"));
    assertThat(second).isEqualTo(dir.resolve("com.example.ShopTest/upgrades-web-2.html"));
    assertThat(first).content().contains("<td id=\"assertion\" class=\"verdict-ok\">passed</td>");
    assertThat(second)
        .content()
        .contains("<td id=\"assertion\" class=\"verdict-bad\">failed</td>")
        .contains("Expected the rollout to complete &lt;b&gt;within&lt;/b&gt; 60s");
    assertThat(dir.resolve("com.example.ShopTest/upgrades-web.json"))
        .content()
        .isEqualTo(RolloutReportTest.rollout().toJson());
    assertThat(pages.index())
        .isEqualTo(dir.resolve("index.html"))
        .content()
        .contains("<title>rollout-test: 2 rollouts, 1 failed</title>")
        .containsSubsequence(
            "<tr><td>1</td><td><a href=\"com.example.ShopTest/upgrades-web.html\">"
                + "ShopTest.upgrades()</a></td><td class=\"passed\">passed</td>"
                + "<td>complete (2/2 updated)</td><td>0</td><td>3.400s</td>"
                + "<td>updateImage(web=nginx:1.27)</td><td>shop/web</td><td>local</td></tr>",
            "<tr class=\"failed-row\"><td>2</td><td><a href=\"com.example.ShopTest/upgrades-web-2.html\">",
            "<td class=\"failed\">failed</td>");
    assertThat(pages.size()).isEqualTo(2);
  }

  @Test
  void the_next_run_removes_the_pages_of_the_previous_one_and_nothing_else() throws Exception {
    ReportDirectory previous = ReportDirectory.create(dir);
    Path old = previous.write(passed("A.a()"), "A", "a");
    Path mine = Files.writeString(dir.resolve("A").resolve("notes.txt"), "the user's own");
    Path other = Files.writeString(dir.resolve("keep.html"), "not ours");

    ReportDirectory next = ReportDirectory.create(dir);

    assertThat(old).doesNotExist();
    assertThat(old.resolveSibling("a-web.json")).doesNotExist();
    assertThat(dir.resolve("index.html")).doesNotExist();
    assertThat(dir.resolve(ReportDirectory.WRITTEN)).doesNotExist();
    assertThat(mine).exists();
    assertThat(other).exists();
    next.write(passed("B.b()"), "B", "b");
    assertThat(dir.resolve("index.html")).content().contains("1 rollout, 0 failed");
  }

  @Test
  void the_list_of_the_previous_run_cannot_remove_files_outside_the_directory() throws Exception {
    Path outside = Files.writeString(dir.resolveSibling(dir.getFileName() + "-victim.txt"), "x");
    try {
      Files.createDirectories(dir.resolve("pages"));
      Files.write(
          dir.resolve("pages").resolve(ReportDirectory.WRITTEN),
          List.of("../../" + outside.getFileName(), "/etc/hostname", ""));

      ReportDirectory.create(dir.resolve("pages"));

      assertThat(outside).exists();
    } finally {
      Files.deleteIfExists(outside);
    }
  }

  @Test
  void file_names_keep_letters_digits_dots_dashes_and_underscores_only() {
    assertThat(ReportDirectory.fileName("ShopTest$Nested")).isEqualTo("ShopTest_Nested");
    assertThat(ReportDirectory.fileName("../etc/passwd")).isEqualTo("__etc_passwd");
    assertThat(ReportDirectory.fileName("")).isEqualTo("_");
    assertThat(ReportDirectory.fileName("index.html")).isEqualTo("_index.html");
    assertThat(ReportDirectory.fileName("x".repeat(300))).hasSize(100);
  }

  @Test
  void one_run_per_directory_in_a_jvm() {
    assertThat(ReportDirectory.ofThisRun(dir))
        .isSameAs(ReportDirectory.ofThisRun(dir.resolve(".")));
  }
}
