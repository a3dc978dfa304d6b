package org.vigil.vision.eval;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Prints the evaluation tables. */
final class Report {

  private Report() {}

  static void perFrame(PrintStream out, Annotations ann, List<Evaluation.Result> results) {
    StringBuilder h = new StringBuilder(String.format(Locale.ROOT, "%6s %9s", "frame", "annotated"));
    for (int i = 0; i < results.size(); i++) {
      h.append(String.format(Locale.ROOT, " %8s", "[" + (i + 1) + "]"));
    }
    out.println(h);
    for (Annotations.Frame f : ann.frames()) {
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%6d %9d", f.frame(), f.count()));
      for (Evaluation.Result r : results) {
        row.append(String.format(Locale.ROOT, " %8.1f", r.predicted().get(f.frame())));
      }
      out.println(row);
    }
    for (int i = 0; i < results.size(); i++) {
      out.printf(Locale.ROOT, "  [%d] %s%n", i + 1, results.get(i).name());
    }
  }

  static void summary(PrintStream out, List<Evaluation.Result> results) {
    out.printf(Locale.ROOT, "%-28s %6s %6s %10s %9s %12s%n", "method", "MAE", "bias", "frames/s", "ms/frame",
        "detector ran");
    for (Evaluation.Result r : results) {
      String fps = r.frames() == 0 ? "-" : String.format(Locale.ROOT, "%.1f", r.fps());
      String ms = r.frames() == 0 ? "-" : String.format(Locale.ROOT, "%.1f", 1000 * r.seconds() / r.frames());
      String ran = r.frames() == 0 ? "-" : r.detectorRuns() + "/" + r.frames();
      out.printf(Locale.ROOT, "%-28s %6.2f %+6.2f %10s %9s %12s%n", r.name(), r.mae(), r.bias(), fps, ms, ran);
    }
  }
}
