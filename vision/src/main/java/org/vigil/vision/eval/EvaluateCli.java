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
 * {@code ./vigil vision-eval}: runs the crowd analyser over the vtest clip's frames, compares its counts with the
 * hand annotations (MAE per method, per-frame table) and measures frames per second over the whole clip, next to two
 * baselines: always predicting the mean annotated count, and OpenCV's HOG people detector at native scale on the
 * full frame.
 *
 * <pre>
 *   --frames DIR          decoded frames (default .vigil/data/vtest-frames, made by infra/fetch-vtest.sh)
 *   --annotations FILE    default vision/src/test/resources/vtest/vtest-annotations.json
 *   --config FILE         camera config JSON (default: the bundled vtest camera, eval/vtest-camera.json)
 *   --methods A,B         detector methods to compare, with motion gating on (default: the config's method)
 *   --set key=value       override one config value, e.g. detector.hogUpscale=2.5 (repeatable)
 *   --no-baselines        skip the HOG-native baseline (the slow one)
 *   --max-mae X           exit 1 unless the first method's MAE is below X and below both baselines
 *   --min-fps X           exit 1 unless the first method sustains X frames/s over the whole clip
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
    List<String> methods = new ArrayList<>();
    Map<String, String> overrides = new LinkedHashMap<>();
    boolean baselines = true;
    double maxMae = Double.NaN;
    double minFps = Double.NaN;
    int soak = 0;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--frames" -> frames = Path.of(value(args, ++i, a));
        case "--annotations" -> annotationsFile = Path.of(value(args, ++i, a));
        case "--config" -> configFile = Path.of(value(args, ++i, a));
        case "--methods" -> methods.addAll(List.of(value(args, ++i, a).split(",")));
        case "--set" -> {
          String kv = value(args, ++i, a);
          int eq = kv.indexOf('=');
          if (eq < 1) {
            throw new IllegalArgumentException("--set needs key=value, got '" + kv + "'");
          }
          overrides.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        case "--no-baselines" -> baselines = false;
        case "--max-mae" -> maxMae = Double.parseDouble(value(args, ++i, a));
        case "--min-fps" -> minFps = Double.parseDouble(value(args, ++i, a));
        case "--soak" -> soak = Integer.parseInt(value(args, ++i, a));
        case "-h", "--help" -> {
          out.println("usage: ./vigil vision-eval [--frames DIR] [--annotations FILE] [--config FILE] "
              + "[--methods BLOB,HYBRID,HOG_REGIONS] [--set key=value]... [--no-baselines] [--max-mae X] [--min-fps X]");
          return 0;
        }
        default -> throw new IllegalArgumentException("unknown option '" + a + "' (--help lists them)");
      }
    }
    if (!Files.isRegularFile(frames.resolve("COMPLETE"))) {
      throw new IllegalArgumentException("no complete frame folder at " + frames.toAbsolutePath()
          + ": run infra/fetch-vtest.sh first");
    }
    Annotations ann = Annotations.read(annotationsFile);
    CameraConfig base = loadConfig(configFile, overrides);
    if (methods.isEmpty()) {
      methods.add(base.detector().method().name());
    }
    Evaluation eval = new Evaluation(Clip.load(frames), ann);
    if (soak > 0) {
      CameraConfig cfg = new CameraConfig(base.cameraId(), base.zones(), base.motion(),
          base.detector().withMethod(CameraConfig.Method.valueOf(methods.get(0).trim())), base.flow());
      return soak(out, eval.clip(), cfg, soak);
    }
    out.printf(Locale.ROOT, "clip: %s (%d frames), %d annotated frames, mean annotated count %.2f%n",
        frames, eval.clip().size(), ann.frames().size(), ann.meanCount());
    out.printf(Locale.ROOT, "load average before: %s%n", loadAverage());

    List<Evaluation.Result> results = new ArrayList<>();
    for (String m : methods) {
      CameraConfig cfg = new CameraConfig(base.cameraId(), base.zones(), base.motion(),
          base.detector().withMethod(CameraConfig.Method.valueOf(m.trim())), base.flow());
      results.add(eval.runClip(m.trim() + " (gated)", cfg));
    }
    Evaluation.Result mean = eval.meanBaseline();
    Evaluation.Result hog = null;
    if (baselines) {
      CameraConfig hogCfg = new CameraConfig(base.cameraId(), base.zones(),
          new CameraConfig.Motion(false, base.motion().scale(), base.motion().history(), base.motion().varThreshold(),
              base.motion().minMovingFraction(), base.motion().regionPaddingPx()),
          base.detector().withMethod(CameraConfig.Method.HOG_NATIVE), base.flow());
      hog = eval.runAnnotatedOnly("HOG native, full frame", hogCfg);
    }
    out.printf(Locale.ROOT, "load average after: %s%n%n", loadAverage());

    List<Evaluation.Result> all = new ArrayList<>(results);
    all.add(mean);
    if (hog != null) {
      all.add(hog);
    }
    Report.perFrame(out, ann, all);
    out.println();
    Report.summary(out, all);

    Evaluation.Result first = results.get(0);
    int rc = 0;
    if (!Double.isNaN(maxMae)) {
      boolean ok = first.mae() < maxMae && first.mae() < mean.mae() && (hog == null || first.mae() < hog.mae());
      out.printf(Locale.ROOT, "MAE bar (< %.2f and below both baselines): %s%n", maxMae, ok ? "PASS" : "FAIL");
      rc |= ok ? 0 : 1;
    }
    if (!Double.isNaN(minFps)) {
      boolean ok = first.fps() >= minFps;
      out.printf(Locale.ROOT, "speed bar (>= %.1f frames/s over the clip): %s%n", minFps, ok ? "PASS" : "FAIL");
      rc |= ok ? 0 : 1;
    }
    return rc;
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
