package dev.rollouttest.verdict;

import dev.rollouttest.cluster.local.LocalCluster;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The verdict race run several times per case, summarised for the benchmark. */
public final class VerdictTiming {

  private VerdictTiming() {}

  /** Runs every case {@code runs} times and prints one RESULT line per case. */
  public static void print(LocalCluster cluster, int runs, PrintStream out) throws Exception {
    for (VerdictRace.Case race : VerdictRace.cases()) {
      List<Long> leads = new ArrayList<>();
      List<Long> ours = new ArrayList<>();
      boolean agreed = true;
      String verdict = "";
      for (int i = 0; i < runs; i++) {
        VerdictRace.Result result = VerdictRace.run(cluster, race);
        leads.add(result.lead().toMillis());
        ours.add(result.oursAfter().toMillis());
        agreed &= result.ours() == result.kubectl();
        verdict = result.ours() + " / kubectl " + result.kubectl();
      }
      leads.sort(null);
      ours.sort(null);
      out.printf(
          Locale.ROOT,
          "RESULT %-34s %-28s ours after %6d ms (median) | ours - kubectl: min %+6d, median %+6d,"
              + " max %+6d ms over %d runs | verdicts agreed: %s%n",
          race.name(),
          verdict,
          ours.get(ours.size() / 2),
          leads.get(0),
          leads.get(leads.size() / 2),
          leads.get(leads.size() - 1),
          runs,
          agreed ? "every run" : "NOT ALWAYS");
    }
  }
}
