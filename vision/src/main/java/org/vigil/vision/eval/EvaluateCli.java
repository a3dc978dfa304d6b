package org.vigil.vision.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vigil.vision.CameraConfig;

/**
 * {@code ./vigil vision-eval}: runs the crowd analyser over the vtest clip's frames in order (as a camera would),
 * and scores its counts on the hand-annotated frames of the tuning and the test part of the fixed {@link Split}
 * separately, next to two baselines computed on the same frames: always answering the tuning part's mean count, and
 * plain MOG2 foreground blobs (full resolution, OpenCV defaults, one blob = one person). Also compares the counting
 * line's crossings with the annotated ones, and measures frames per second over the whole clip.
 *
 * <pre>
 *   --frames DIR          decoded frames (default .vigil/data/vtest-frames, made by infra/fetch-vtest.sh)
 *   --annotations FILE    default vision/src/test/resources/vtest/vtest-people.json
 *   --config FILE         camera config JSON (default: the bundled vtest camera, eval/vtest-camera.json)
 *   --line ID             the counting line scored against the annotated crossings (default: the config's first)
 *   --methods A,B         detector methods to compare (default: the config's method)
 *   --set key=value       override one config value, e.g. tracking.keepMatch=0.7 (repeatable)
 *   --part tuning|test|both   which part's figures to print (default both; tune with --part tuning)
 *   --per-frame           print every annotated frame's counts
 *   --diagnose            where the first method's errors come from on the printed part(s): its counted people
 *                         matched with the annotated ones (missed, counted but not there, by kind and block;
 *                         with --per-frame also frame by frame); meant for the tuning part
 *   --no-baselines        skip the MOG2 baseline
 *   --dump-counts FILE    write the first method's count on every frame of the clip, one line each: frame, count,
 *                         then each counted track as #id@footX,footY (s: still, l: coasting); to compare two
 *                         versions frame by frame without looking at any annotation
 *   --max-mae X           exit 1 unless the first method's test-part MAE is below X and below both baselines
 *   --min-fps X           exit 1 unless the first method sustains X frames/s over the whole clip
 *   --cross-validate key=v1,v2,...   instead: leave-one-block-out cross-validation within the tuning part
 *                         (repeatable; the candidates are the current config and every combination of the listed
 *                         values; per held-out tuning block the candidate best on the other three is scored on it;
 *                         prints per-block MAE, each fold's choice and the cross-validated MAE; the test part is
 *                         not scored)
 *   --soak N              instead: run the first method over N frames (the clip looped) and print the process's
 *                         resident memory every 1,000 frames, to show that native memory is released
 * </pre>
 */
public final class EvaluateCli {

  private EvaluateCli() {}

  public static void main(String[] args) {
    try {
      System.exit(run(args, System.out));
    } catch (IllegalArgumentException | UncheckedIOException e) {
      System.err.println("vision-eval: " + e.getMessage());
      System.exit(2);
    }
  }

  /** Runs the evaluation; returns the exit code. */
  public static int run(String[] args, PrintStream out) {
    Path frames = Path.of(".vigil/data/vtest-frames");
    Path annotationsFile = Annotations.VTEST;
    Path configFile = null;
    String lineId = null;
    List<String> methods = new ArrayList<>();
    Map<String, String> overrides = new LinkedHashMap<>();
    boolean baselines = true;
    boolean perFrame = false;
    boolean diagnose = false;
    Path dumpCounts = null;
    String part = "both";
    double maxMae = Double.NaN;
    double minFps = Double.NaN;
    int soak = 0;
    Map<String, List<String>> cvGrid = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--frames" -> frames = Path.of(value(args, ++i, a));
        case "--annotations" -> annotationsFile = Path.of(value(args, ++i, a));
        case "--config" -> configFile = Path.of(value(args, ++i, a));
        case "--line" -> lineId = value(args, ++i, a);
        case "--methods" -> methods.addAll(List.of(value(args, ++i, a).split(",")));
        case "--set" -> {
          String kv = value(args, ++i, a);
          int eq = kv.indexOf('=');
          if (eq < 1) {
            throw new IllegalArgumentException("--set needs key=value, got '" + kv + "'");
          }
          overrides.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        case "--part" -> {
          part = value(args, ++i, a);
          if (!List.of("tuning", "test", "both").contains(part)) {
            throw new IllegalArgumentException("--part must be tuning, test or both, is '" + part + "'");
          }
        }
        case "--per-frame" -> perFrame = true;
        case "--diagnose" -> diagnose = true;
        case "--dump-counts" -> dumpCounts = Path.of(value(args, ++i, a));
        case "--no-baselines" -> baselines = false;
        case "--max-mae" -> maxMae = Double.parseDouble(value(args, ++i, a));
        case "--min-fps" -> minFps = Double.parseDouble(value(args, ++i, a));
        case "--cross-validate" -> {
          String kv = value(args, ++i, a);
          int eq = kv.indexOf('=');
          if (eq < 1 || eq == kv.length() - 1) {
            throw new IllegalArgumentException("--cross-validate needs key=v1,v2,..., got '" + kv + "'");
          }
          cvGrid.put(kv.substring(0, eq), List.of(kv.substring(eq + 1).split(",")));
        }
        case "--soak" -> soak = Integer.parseInt(value(args, ++i, a));
        case "-h", "--help" -> {
          out.println("usage: ./vigil vision-eval [--frames DIR] [--annotations FILE] [--config FILE] [--line ID] "
              + "[--methods HYBRID,BLOB,HOG_REGIONS] [--set key=value]... [--part tuning|test|both] [--per-frame] "
              + "[--diagnose] [--dump-counts FILE] [--no-baselines] [--max-mae X] [--min-fps X] [--cross-validate key=v1,v2,...]... [--soak N]");
          return 0;
        }
        default -> throw new IllegalArgumentException("unknown option '" + a + "' (--help lists them)");
      }
    }
    if (!Files.isRegularFile(frames.resolve("COMPLETE"))) {
      throw new IllegalArgumentException("no complete frame folder at " + frames.toAbsolutePath()
          + ": run infra/fetch-vtest.sh first");
    }
    if (!Files.isRegularFile(annotationsFile)) {
      throw new IllegalArgumentException("no annotation file at " + annotationsFile.toAbsolutePath()
          + ": pass --annotations FILE");
    }
    CameraConfig base = loadConfig(configFile, overrides);
    if (methods.isEmpty()) {
      methods.add(base.detector().method().name());
    }
    if (lineId == null && !base.lines().isEmpty()) {
      lineId = base.lines().get(0).id();
    }
    Annotations ann = Annotations.read(annotationsFile);
    Evaluation eval = new Evaluation(Clip.load(frames), ann);
    if (soak > 0) {
      CameraConfig cfg = base.withDetector(base.detector().withMethod(CameraConfig.Method.valueOf(methods.get(0).trim())));
      return soak(out, eval.clip(), cfg, soak);
    }
    if (!cvGrid.isEmpty()) {
      return crossValidate(out, eval, configFile, overrides, base, cvGrid);
    }
    out.printf(Locale.ROOT, "clip: %s (%d frames); annotated frames: %d tuning, %d test; annotated crossings: %d%n",
        frames, eval.clip().size(), ann.frames(Split.Part.TUNING).size(), ann.frames(Split.Part.TEST).size(),
        ann.crossings().size());
    out.printf(Locale.ROOT, "load average before: %s%n", loadAverage());

    List<Evaluation.Run> runs = new ArrayList<>();
    for (String m : methods) {
      CameraConfig cfg = base.withDetector(base.detector().withMethod(CameraConfig.Method.valueOf(m.trim())));
      String label = m.trim() + (cfg.tracking().enabled() ? " + tracking" : "");
      out.printf(Locale.ROOT, "running %s over the clip...%n", label);
      runs.add(eval.runAnalyser(label, cfg, lineId));
    }
    Evaluation.Run first = runs.get(0);
    if (dumpCounts != null) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < first.counts().length; i++) {
        sb.append(i).append(' ').append(Math.round(first.counts()[i]));
        if (i < first.feet().size()) {
          for (double[] f : first.feet().get(i)) {
            sb.append(String.format(Locale.ROOT, " #%d@%.0f,%.0f%s", (long) f[3], f[0], f[1],
                f[2] == 1 ? "s" : f[2] == 2 ? "l" : ""));
          }
        }
        sb.append('\n');
      }
      try {
        Files.writeString(dumpCounts, sb.toString());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + dumpCounts, e);
      }
    }
    List<Evaluation.Run> all = new ArrayList<>(runs);
    all.add(eval.meanBaseline());
    if (baselines) {
      out.println("running the MOG2 blob baseline over the clip...");
      all.add(eval.runMog2Blobs());
    }
    out.printf(Locale.ROOT, "load average after: %s%n%n", loadAverage());

    List<Split.Part> parts = switch (part) {
      case "tuning" -> List.of(Split.Part.TUNING);
      case "test" -> List.of(Split.Part.TEST);
      default -> List.of(Split.Part.TEST, Split.Part.TUNING);
    };
    for (Split.Part p : parts) {
      if (perFrame) {
        Report.perFrame(out, ann.frames(p), all);
        out.println();
      }
      Report.summary(out, p, eval, all);
      out.println();
      if (diagnose) {
        CameraConfig.Detector det = base.detector();
        int h = eval.frameHeight();
        Report.diagnose(out, p, eval, first, y -> det.personHeightAt(y, h), perFrame);
        out.println();
      }
    }
    if (lineId != null) {
      Report.crossings(out, lineId, eval, runs, parts);
      out.println();
    }
    Report.speed(out, runs);
    double decodeFps = eval.rawDecodeFps();
    out.printf(Locale.ROOT, "raw limit in the same run: JPEG decode to grey alone %.1f frames/s (load average %s); "
        + "the analyser reached %.0f %% of it%n", decodeFps, loadAverage(), 100 * first.fps() / decodeFps);

    int rc = 0;
    if (!Double.isNaN(maxMae)) {
      double mae = eval.score(first, Split.Part.TEST).mae();
      boolean ok = mae < maxMae;
      for (Evaluation.Run b : all.subList(runs.size(), all.size())) {
        ok &= mae < eval.score(b, Split.Part.TEST).mae();
      }
      out.printf(Locale.ROOT, "MAE bar (test part < %.2f and below both baselines): %s%n", maxMae,
          ok ? "PASS" : "FAIL");
      rc |= ok ? 0 : 1;
    }
    if (!Double.isNaN(minFps)) {
      boolean ok = first.fps() >= minFps;
      out.printf(Locale.ROOT, "speed bar (>= %.1f frames/s over the clip): %s%n", minFps, ok ? "PASS" : "FAIL");
      rc |= ok ? 0 : 1;
    }
    return rc;
  }

  /** {@code --cross-validate}: scores every candidate per tuning block and runs the folds. */
  private static int crossValidate(PrintStream out, Evaluation eval, Path configFile, Map<String, String> overrides,
      CameraConfig base, Map<String, List<String>> grid) {
    List<Map<String, String>> combos = new ArrayList<>();
    combos.add(new LinkedHashMap<>());
    for (Map.Entry<String, List<String>> e : grid.entrySet()) {
      List<Map<String, String>> next = new ArrayList<>();
      for (Map<String, String> c : combos) {
        for (String v : e.getValue()) {
          Map<String, String> m = new LinkedHashMap<>(c);
          m.put(e.getKey(), v.trim());
          next.add(m);
        }
      }
      combos = next;
    }
    List<String> names = new ArrayList<>();
    List<CameraConfig> configs = new ArrayList<>();
    names.add("current");
    configs.add(base);
    for (Map<String, String> c : combos) {
      Map<String, String> all = new LinkedHashMap<>(overrides);
      all.putAll(c);
      CameraConfig cfg = loadConfig(configFile, all);
      if (!configs.contains(cfg)) {
        configs.add(cfg);
        names.add(c.toString().replace("{", "").replace("}", ""));
      }
    }
    out.printf(Locale.ROOT, "cross-validation within the tuning part: %d candidates, %d blocks, load average %s%n",
        configs.size(), CrossValidation.BLOCKS, loadAverage());
    List<CrossValidation.Candidate> cands = new ArrayList<>();
    for (int c = 0; c < configs.size(); c++) {
      out.printf(Locale.ROOT, "running candidate %d/%d (%s) over the clip...%n", c + 1, configs.size(), names.get(c));
      Evaluation.Run run = eval.runAnalyser(names.get(c), configs.get(c), null);
      cands.add(eval.blockErrors(run));
    }
    out.printf(Locale.ROOT, "load average after: %s%n%n", loadAverage());
    out.printf(Locale.ROOT, "  %3s %-44s %7s %7s %7s %7s %7s%n", "#", "candidate", "blk0", "blk1", "blk2", "blk3",
        "tuning");
    for (int c = 0; c < cands.size(); c++) {
      CrossValidation.Candidate k = cands.get(c);
      out.printf(Locale.ROOT, "  %3d %-44s %7.2f %7.2f %7.2f %7.2f %7.2f%n", c, k.name(), k.blockMae(0),
          k.blockMae(1), k.blockMae(2), k.blockMae(3), k.mae(-1));
    }
    CrossValidation.Result r = CrossValidation.run(cands);
    out.println();
    for (CrossValidation.Fold f : r.folds()) {
      out.printf(Locale.ROOT, "  held out block %d (frames %d-%d): chose #%d (%s), MAE %.2f on the other blocks, "
              + "%.2f on the held-out one (%d frames)%n", f.heldOut(), 200 * f.heldOut(), 200 * f.heldOut() + 99,
          f.chosen(), cands.get(f.chosen()).name(), f.trainMae(), f.heldOutMae(), f.heldOutFrames());
    }
    out.printf(Locale.ROOT, "cross-validated tuning MAE: %.2f (current config on the same frames: %.2f); "
        + "choice %s across folds%n", r.mae(), cands.get(0).mae(-1), r.stable() ? "stable" : "NOT stable");
    return 0;
  }

  private static int soak(PrintStream out, Clip clip, CameraConfig cfg, int frames) {
    out.printf(Locale.ROOT, "soak: %s over %d frames (clip looped), load average %s%n", cfg.detector().method(),
        frames, loadAverage());
    long t0 = System.nanoTime();
    try (org.vigil.vision.CrowdAnalyzer a = new org.vigil.vision.CrowdAnalyzer(cfg)) {
      for (int i = 0; i < frames; i++) {
        a.analyze(clip.frame(i % clip.size()), i * 100L);
        if ((i + 1) % 1000 == 0) {
          System.gc();
          out.printf(Locale.ROOT, "  %6d frames  %6.1f s  RSS %s%n", i + 1, (System.nanoTime() - t0) / 1e9, rss());
        }
      }
    }
    out.printf(Locale.ROOT, "soak done, load average %s%n", loadAverage());
    return 0;
  }

  private static String rss() {
    try {
      return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
          .map(l -> l.substring(6).trim()).findFirst().orElse("n/a");
    } catch (IOException e) {
      return "n/a";
    }
  }

  /** The bundled vtest camera config, or a file, with {@code --set} overrides applied. */
  static CameraConfig loadConfig(Path file, Map<String, String> overrides) {
    ObjectMapper mapper = new ObjectMapper();
    try {
      JsonNode root;
      if (file != null) {
        root = mapper.readTree(Files.readString(file));
      } else {
        try (InputStream in = EvaluateCli.class.getResourceAsStream("vtest-camera.json")) {
          root = mapper.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
      for (Map.Entry<String, String> e : overrides.entrySet()) {
        String[] path = e.getKey().split("\\.");
        ObjectNode node = (ObjectNode) root;
        for (int i = 0; i < path.length - 1; i++) {
          node = node.has(path[i]) ? (ObjectNode) node.get(path[i]) : node.putObject(path[i]);
        }
        node.set(path[path.length - 1], mapper.readTree(quoteIfWord(e.getValue())));
      }
      CameraConfig cfg = CameraConfig.fromJson(mapper.writeValueAsString(root));
      List<String> problems = cfg.validate();
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("invalid camera config: " + String.join("; ", problems));
      }
      return cfg;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read camera config " + file, e);
    }
  }

  private static String quoteIfWord(String v) {
    return v.matches("[A-Za-z_][A-Za-z0-9_]*") && !v.equals("true") && !v.equals("false") ? '"' + v + '"' : v;
  }

  private static String value(String[] args, int i, String opt) {
    if (i >= args.length) {
      throw new IllegalArgumentException(opt + " needs a value");
    }
    return args[i];
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "n/a";
    }
  }
}
