package org.vigil.jobs.analytics.slope.eval;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.vigil.alerts.rules.RuleDef;
import org.vigil.alerts.rules.RuleSetLoader;
import org.vigil.analytics.slope.SlopeOptions;
import org.vigil.jobs.rules.RulesFile;

/**
 * {@code vigil forecast-eval}: generates the Voight-law grid ({@link ForecastGrid}), runs every series through the
 * job's slope analytics and rules ({@link SeriesRun}) and prints the tables ({@link ForecastReport}) of the held-out
 * test part (the verdict) and, with {@code --part all}, of the tuning part too. Options: {@code --part test|tuning|all}
 * (default test), {@code --rules FILE} (default: the default ruleset), {@code --threads N} (default 2), {@code
 * --noise 0.2,0.5} (only these noise classes, mm; default all: only the full grid is the verdict); slope
 * settings from the job's {@code VIGIL_SLOPE_*} environment. Exit code 0 when every target holds on the parts shown,
 * 3 when some does not, 2 on bad usage.
 */
public final class ForecastEvalCli {

  private ForecastEvalCli() {}

  public static void main(String[] args) throws Exception {
    String part = "test";
    String rulesFile = null;
    int threads = 2;
    List<Double> noise = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--part" -> part = args[++i];
        case "--rules" -> rulesFile = args[++i];
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--noise" -> noise = java.util.Arrays.stream(args[++i].split(",")).mapToDouble(Double::parseDouble)
            .boxed().toList();
        case "-h", "--help" -> {
          System.out.println("usage: vigil forecast-eval [--part test|tuning|all] [--rules FILE] [--threads N] "
              + "[--noise 0.2,0.5 (noise classes, mm; default all)]");
          return;
        }
        default -> {
          System.err.println("unknown option " + args[i] + " (vigil forecast-eval --help)");
          System.exit(2);
        }
      }
    }
    List<RuleDef> rules = rulesFile == null ? RulesFile.load(null).ruleSet().rules()
        : RuleSetLoader.parse(Files.readString(Path.of(rulesFile)), rulesFile).rules();
    SlopeOptions options = SlopeOptions.fromLookup(System::getenv);
    boolean ok = true;
    List<ForecastGrid.Part> parts = switch (part) {
      case "test" -> List.of(ForecastGrid.Part.TEST);
      case "tuning" -> List.of(ForecastGrid.Part.TUNING);
      case "all" -> List.of(ForecastGrid.Part.TUNING, ForecastGrid.Part.TEST);
      default -> throw new IllegalArgumentException("--part must be test, tuning or all");
    };
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
    try {
      for (ForecastGrid.Part p : parts) {
        long t0 = System.nanoTime();
        List<SeriesRun.Result> failures = runAll(pool, only(ForecastGrid.failures(p), noise), options, rules);
        List<SeriesRun.Result> steady = runAll(pool, only(ForecastGrid.steady(p), noise), options, rules);
        ForecastReport report = new ForecastReport(failures, steady);
        String title = p == ForecastGrid.Part.TEST ? "Held-out test part (the verdict)"
            : "Tuning part (used to choose settings; not the verdict)";
        System.out.println(report.render(title));
        System.out.printf("(%.0f s)%n%n", (System.nanoTime() - t0) / 1e9);
        ok &= report.forecastMisses().isEmpty() && report.redMisses().isEmpty() && report.falseAlarms().isEmpty();
      }
    } finally {
      pool.shutdown();
    }
    System.exit(ok ? 0 : 3);
  }

  private static List<ForecastGrid.Series> only(List<ForecastGrid.Series> series, List<Double> noise) {
    return noise == null ? series
        : series.stream().filter(s -> noise.stream().anyMatch(n -> Math.abs(n - s.noiseClassMm()) < 1e-9)).toList();
  }

  /** Runs the series on the pool; results in the series' order. */
  public static List<SeriesRun.Result> runAll(ExecutorService pool, List<ForecastGrid.Series> series,
      SlopeOptions options, List<RuleDef> rules) throws Exception {
    List<Future<SeriesRun.Result>> fs = new ArrayList<>();
    for (ForecastGrid.Series s : series) {
      fs.add(pool.submit(() -> SeriesRun.run(s, options, rules)));
    }
    List<SeriesRun.Result> out = new ArrayList<>();
    for (Future<SeriesRun.Result> f : fs) {
      out.add(f.get());
    }
    return out;
  }
}
