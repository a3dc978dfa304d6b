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

  /**
   * Where a run's errors on a part come from: its counted people matched with the annotated ones ({@link Matching},
   * gate half a person height), the misses by kind (still or moving, small, partly hidden, at the edge, with
   * another person close by) and the people counted who are not there by track state and by whether an annotated
   * person stands close (counted twice) or none does (a ghost), per 100-frame block and, with {@code perFrame},
   * frame by frame. For the tuning part: the test part is scored, not looked into.
   */
  static void diagnose(PrintStream out, Split.Part part, Evaluation eval, Evaluation.Run run,
      java.util.function.DoubleUnaryOperator personHeight, boolean perFrame) {
    List<Annotations.Frame> frames = eval.annotations().frames(part);
    int annotated = 0;
    int counted = 0;
    int misses = 0;
    int fps = 0;
    java.util.Map<String, int[]> missKinds = new java.util.LinkedHashMap<>();
    for (String k : List.of("still", "moving", "small (< 80 px or flagged)", "occluded", "edge",
        "another person within 0.5 heights")) {
      missKinds.put(k, new int[2]); // {missed, of all annotated}
    }
    java.util.Map<String, Integer> fpKinds = new java.util.LinkedHashMap<>();
    for (String k : List.of("moving", "still", "lost (coasting)", "counted twice (annotated person within 1 height)",
        "ghost (no annotated person within 1 height)")) {
      fpKinds.put(k, 0);
    }
    java.util.TreeMap<Integer, int[]> perBlock = new java.util.TreeMap<>();
    StringBuilder lines = new StringBuilder();
    for (Annotations.Frame f : frames) {
      if (f.frame() >= run.feet().size()) {
        continue;
      }
      List<double[]> c = run.feet().get(f.frame());
      Matching.Result m = Matching.match(f.feet(), c, personHeight, 0.5);
      List<Integer> paired = Matching.withNeighbour(f.feet(), personHeight, 0.5);
      annotated += f.count();
      counted += c.size();
      misses += m.misses();
      fps += m.falsePositives();
      int[] blk = perBlock.computeIfAbsent(f.frame() / 100 * 100, k -> new int[3]);
      blk[0] += m.misses();
      blk[1] += m.falsePositives();
      blk[2]++;
      StringBuilder fl = new StringBuilder();
      for (int i = 0; i < f.count(); i++) {
        List<String> flags = f.flagsOf(i);
        boolean missed = m.annotatedToCounted()[i] < 0;
        int h = flags.stream().filter(x -> x.startsWith("h=")).mapToInt(x -> Integer.parseInt(x.substring(2)))
            .findFirst().orElse(Integer.MAX_VALUE);
        java.util.List<String> kinds = new java.util.ArrayList<>();
        kinds.add(flags.contains("still") ? "still" : "moving");
        if (flags.contains("small") || h < 80) {
          kinds.add("small (< 80 px or flagged)");
        }
        if (flags.contains("occluded")) {
          kinds.add("occluded");
        }
        if (flags.contains("edge")) {
          kinds.add("edge");
        }
        if (paired.contains(i)) {
          kinds.add("another person within 0.5 heights");
        }
        for (String k : kinds) {
          missKinds.get(k)[1]++;
          if (missed) {
            missKinds.get(k)[0]++;
          }
        }
        if (missed) {
          double[] a = f.feet().get(i);
          fl.append(String.format(Locale.ROOT, " MISS %s (%.0f,%.0f) %s;",
              i < f.ids().size() ? f.ids().get(i) : "?", a[0], a[1], flags));
        }
      }
      for (int j = 0; j < c.size(); j++) {
        if (m.countedMatched()[j]) {
          continue;
        }
        double[] p = c.get(j);
        fpKinds.merge(p[2] == 1 ? "still" : p[2] == 2 ? "lost (coasting)" : "moving", 1, Integer::sum);
        boolean near = false;
        for (double[] a : f.feet()) {
          if (Math.hypot(a[0] - p[0], a[1] - p[1]) <= personHeight.applyAsDouble(a[1])) {
            near = true;
            break;
          }
        }
        fpKinds.merge(near ? "counted twice (annotated person within 1 height)"
            : "ghost (no annotated person within 1 height)", 1, Integer::sum);
        fl.append(String.format(Locale.ROOT, " EXTRA track %d (%.0f,%.0f) %s%s;", (long) p[3], p[0], p[1],
            p[2] == 1 ? "still" : p[2] == 2 ? "lost" : "moving", near ? " near an annotated person" : ""));
      }
      if (fl.length() > 0) {
        lines.append(String.format(Locale.ROOT, "  %5d  annotated %d counted %d:%s%n", f.frame(), f.count(),
            c.size(), fl));
      }
    }
    out.printf(Locale.ROOT, "%s part, %s: where the errors come from (counted foot points matched with the "
        + "annotated ones, gate 0.5 person heights)%n", part.label().toUpperCase(Locale.ROOT), run.name());
    out.printf(Locale.ROOT, "  annotated people %d, counted %d, matched %d, missed %d, counted but not there %d%n",
        annotated, counted, annotated - misses, misses, fps);
    out.println("  missed, by kind of annotated person (missed / annotated of that kind):");
    missKinds.forEach((k, v) -> out.printf(Locale.ROOT, "    %-40s %4d / %4d%n", k, v[0], v[1]));
    out.println("  counted but not there, by track state and by what is near:");
    fpKinds.forEach((k, v) -> out.printf(Locale.ROOT, "    %-50s %4d%n", k, v));
    out.println("  per 100-frame block: missed, counted but not there (annotated frames)");
    perBlock.forEach((b, v) -> out.printf(Locale.ROOT, "    %3d-%3d  %4d %4d  (%d)%n", b, b + 99, v[0], v[1], v[2]));
    if (perFrame) {
      out.print(lines);
    }
  }
}
