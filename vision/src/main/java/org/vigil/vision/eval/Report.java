package org.vigil.vision.eval;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Prints the evaluation tables. */
final class Report {

  private Report() {}

  static void perFrame(PrintStream out, List<Annotations.Frame> frames, List<Evaluation.Run> runs) {
    StringBuilder h = new StringBuilder(String.format(Locale.ROOT, "%6s %9s", "frame", "annotated"));
    for (int i = 0; i < runs.size(); i++) {
      h.append(String.format(Locale.ROOT, " %8s", "[" + (i + 1) + "]"));
    }
    out.println(h);
    for (Annotations.Frame f : frames) {
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%6d %9d", f.frame(), f.count()));
      for (Evaluation.Run r : runs) {
        row.append(String.format(Locale.ROOT, " %8.1f", r.counts()[f.frame()]));
      }
      out.println(row);
    }
    for (int i = 0; i < runs.size(); i++) {
      out.printf(Locale.ROOT, "  [%d] %s%n", i + 1, runs.get(i).name());
    }
  }

  static void summary(PrintStream out, Split.Part part, Evaluation eval, List<Evaluation.Run> runs) {
    List<Annotations.Frame> frames = eval.annotations().frames(part);
    double mean = frames.stream().mapToInt(Annotations.Frame::count).average().orElse(Double.NaN);
    out.printf(Locale.ROOT, "%s part: %d annotated frames, mean annotated count %.2f%n",
        part.label().toUpperCase(Locale.ROOT), frames.size(), mean);
    out.printf(Locale.ROOT, "  %-36s %6s %6s   %s%n", "method", "MAE", "bias",
        "every frame between annotated ones: MAE, bias (frames)");
    for (Evaluation.Run r : runs) {
      Evaluation.Score s = eval.score(r, part);
      Evaluation.Score d = eval.scoreBetween(r, part);
      out.printf(Locale.ROOT, "  %-36s %6.2f %+6.2f   %.2f %+.2f (%d)%n", r.name(), s.mae(), s.bias(), d.mae(),
          d.bias(), d.frames());
    }
  }

  static void crossings(PrintStream out, String lineId, Evaluation eval, List<Evaluation.Run> runs,
      List<Split.Part> parts) {
    out.printf(Locale.ROOT, "line '%s' crossings (in = east, out = west), whole clip run, counted per part%n", lineId);
    out.printf(Locale.ROOT, "  %-8s %-28s %5s %5s %8s %8s%n", "part", "method", "in", "out", "in err", "out err");
    List<Split.Part> all = new java.util.ArrayList<>(parts);
    all.add(Split.Part.ALL);
    for (Split.Part p : all) {
      long[] a = eval.annotatedCrossings(p);
      out.printf(Locale.ROOT, "  %-8s %-28s %5d %5d %8s %8s%n", p.label(), "annotated", a[0], a[1], "", "");
      for (Evaluation.Run r : runs) {
        long[] c = r.crossings(p);
        out.printf(Locale.ROOT, "  %-8s %-28s %5d %5d %8s %8s%n", p.label(), r.name(), c[0], c[1],
            pct(c[0], a[0]), pct(c[1], a[1]));
      }
    }
  }

  private static String pct(long got, long want) {
    return want == 0 ? (got == 0 ? "0%" : "n/a") : String.format(Locale.ROOT, "%+.0f%%", 100.0 * (got - want) / want);
  }

  static void speed(PrintStream out, List<Evaluation.Run> runs) {
    for (Evaluation.Run r : runs) {
      out.printf(Locale.ROOT, "speed: %s %.1f frames/s over %d frames (%.1f ms/frame; detector ran on %d)%n",
          r.name(), r.fps(), r.counts().length, 1000 * r.seconds() / r.counts().length, r.detectorRuns());
    }
  }
}
