package org.vigil.jobs.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.vigil.alerts.crowd.CrowdRules;
import org.vigil.alerts.crowd.CrowdSnapshot;
import org.vigil.alerts.crowd.CrowdState;
import org.vigil.alerts.crowd.LineObservation;
import org.vigil.alerts.crowd.ZoneObservation;
import org.vigil.alerts.rules.Mode;
import org.vigil.alerts.rules.RuleSet;
import org.vigil.core.AlertEvent;
import org.vigil.connectors.influx.InfluxClient;

/**
 * The crowd part of a backtest: the stored crowd figures (InfluxDB {@code crowd}, one point per zone and frame, and
 * {@code crowd_lines}, one per counting line and frame) rebuilt into the frames the crowd rules saw, and replayed in
 * capture-time order per camera through the same {@link CrowdRules} (and so the same rule engine) as the live job,
 * once per ruleset. It runs in this process beside the Flink job of the sensor readings, one time chunk at a time, so
 * memory holds one chunk of frames and each camera's series and rule states.
 *
 * <p>What it cannot replay: frames the live job never stored (dropped as stale) did not reach the live rules either;
 * points older than the raw retention are gone (the 1-minute rollups are not a frame rate the rules were tuned on), so
 * those chunks are skipped and counted. Points written before {@code area_m2} was stored have their area worked out
 * as people / density (none for an empty zone: density rules skip such frames).
 */
public final class CrowdReplay {

  /** History read before the backtest's start to fill the crowd rules' windows (at most recent + baseline). */
  public static final Duration WARMUP = Duration.ofHours(2);

  /** Time span of one crowd query: a camera at 5 frames/s writes 18,000 points per zone and hour. */
  public static final Duration CHUNK = Duration.ofHours(1);

  /**
   * What the replay found.
   *
   * @param alerts the alert transitions of both rulesets, warm-up included, in capture-time order
   * @param frames frames rebuilt from storage
   * @param cameras cameras ({@code site/camera/cameraId}) that had frames
   * @param chunksSkipped chunks older than the raw retention, not replayed
   */
  public record Result(List<BacktestAlert> alerts, long frames, List<String> cameras, long chunksSkipped) {

    /** Nothing read (neither ruleset has crowd rules). */
    public static Result none() {
      return new Result(List.of(), 0, List.of(), 0);
    }
  }

  private CrowdReplay() {}

  /**
   * Replays [fromMs - min(warmup, {@link #WARMUP}), toMs) when either ruleset has crowd rules.
   *
   * @param nowMs the backtest's "now": chunks starting before {@code nowMs - rawRetention} are skipped
   */
  public static Result run(InfluxClient client, String database, long fromMs, long toMs, Duration warmup,
      RuleSet newRules, RuleSet againstRules, long nowMs, Duration rawRetention) throws InterruptedException {
    return run(client, database, fromMs, toMs, warmup, newRules, againstRules, nowMs, rawRetention, null);
  }

  /** As above, the new rules judged in a command mode ({@code mode} null: daily). */
  public static Result run(InfluxClient client, String database, long fromMs, long toMs, Duration warmup,
      RuleSet newRules, RuleSet againstRules, long nowMs, Duration rawRetention, BacktestMode mode)
      throws InterruptedException {
    Map<String, CrowdRules> newInMode = new HashMap<>();
    Map<String, CrowdRules> runs = new LinkedHashMap<>();
    runs.put(BacktestAlert.NEW, new CrowdRules(newRules));
    runs.put(BacktestAlert.AGAINST, new CrowdRules(againstRules));
    if (runs.values().stream().allMatch(r -> r.rules().isEmpty())) {
      return Result.none();
    }
    long start = fromMs - Math.min(warmup.toMillis(), WARMUP.toMillis());
    Map<String, CrowdState> states = new HashMap<>();
    List<BacktestAlert> alerts = new ArrayList<>();
    TreeSet<String> cameras = new TreeSet<>();
    long frames = 0;
    long skipped = 0;
    for (long s = start; s < toMs; s += CHUNK.toMillis()) {
      long e = Math.min(toMs, s + CHUNK.toMillis());
      if (s < nowMs - rawRetention.toMillis()) {
        skipped++;
        continue;
      }
      for (CrowdSnapshot snap : frames(client.query(database, query("crowd", "zone", s, e)),
          client.query(database, query("crowd_lines", "line", s, e)))) {
        frames++;
        cameras.add(snap.cameraSubject());
        for (Map.Entry<String, CrowdRules> r : runs.entrySet()) {
          CrowdState st = states.computeIfAbsent(r.getKey() + "|" + snap.cameraSubject(), k -> CrowdState.inMemory());
          CrowdRules rules = r.getValue();
          String inMode = "daily";
          if (mode != null && r.getKey().equals(BacktestAlert.NEW) && mode.modeOf(snap.site()) != Mode.DAILY) {
            inMode = mode.mode().wireName();
            rules = newInMode.computeIfAbsent(snap.site(),
                site -> new CrowdRules(newRules, mode.modeOf(site), mode.tagsOf(site)));
          }
          for (AlertEvent a : rules.evaluate(st, snap)) {
            alerts.add(new BacktestAlert(r.getKey(), a.withMode(inMode)));
          }
        }
      }
    }
    return new Result(alerts, frames, List.copyOf(cameras), skipped);
  }

  /** The query of one measurement's points in [fromMs, toMs), one series per site, camera and zone (or line). */
  static String query(String measurement, String by, long fromMs, long toMs) {
    return "SELECT * FROM \"" + measurement + "\" WHERE time >= " + fromMs + "ms AND time < " + toMs
        + "ms GROUP BY \"site\", \"camera\", \"" + by + "\"";
  }

  /** Rebuilds the frames of one chunk: zone and line points of one camera and capture time make one frame. */
  static List<CrowdSnapshot> frames(JsonNode zones, JsonNode lines) {
    TreeMap<Long, Map<String, FrameBuilder>> byTime = new TreeMap<>();
    rows(zones, "zone", (site, camera, id, row) -> {
      FrameBuilder f = byTime.computeIfAbsent(row.time, t -> new LinkedHashMap<>())
          .computeIfAbsent(site + "/camera/" + camera, k -> new FrameBuilder(site, camera));
      int people = (int) row.num("people", 0);
      double area = row.num("area_m2", Double.NaN);
      double density = row.num("density_per_m2", Double.NaN);
      if (Double.isNaN(area) && people > 0 && density > 0) {
        area = people / density;
      }
      f.motionEnergy = row.num("motion_energy", 0);
      f.zones.add(new ZoneObservation(id, people, area, (int) row.num("capacity", 0), (long) row.num("entries", 0),
          (long) row.num("exits", 0), row.num("max_dwell_s", 0), row.num("mean_dwell_s", 0)));
    });
    rows(lines, "line", (site, camera, id, row) -> byTime.computeIfAbsent(row.time, t -> new LinkedHashMap<>())
        .computeIfAbsent(site + "/camera/" + camera, k -> new FrameBuilder(site, camera)).lines
        .add(new LineObservation(id, (long) row.num("crossings_in", 0), (long) row.num("crossings_out", 0))));
    List<CrowdSnapshot> out = new ArrayList<>();
    byTime.forEach((t, cams) -> cams.values().forEach(f ->
        out.add(new CrowdSnapshot(f.site, f.camera, t, f.motionEnergy, f.zones, f.lines))));
    return out;
  }

  private static final class FrameBuilder {
    final String site;
    final String camera;
    double motionEnergy;
    final List<ZoneObservation> zones = new ArrayList<>();
    final List<LineObservation> lines = new ArrayList<>();

    FrameBuilder(String site, String camera) {
      this.site = site;
      this.camera = camera;
    }
  }

  /** One stored row: its time and numeric columns by name. */
  private record Row(long time, Map<String, Double> values) {
    double num(String column, double otherwise) {
      Double v = values.get(column);
      return v == null ? otherwise : v;
    }
  }

  private interface RowSink {
    void accept(String site, String camera, String id, Row row);
  }

  private static void rows(JsonNode response, String idTag, RowSink sink) {
    for (JsonNode result : response.path("results")) {
      for (JsonNode series : result.path("series")) {
        String site = series.path("tags").path("site").asText("");
        String camera = series.path("tags").path("camera").asText("");
        String id = series.path("tags").path(idTag).asText("");
        if (site.isEmpty() || camera.isEmpty() || id.isEmpty()) {
          continue; // not written by Vigil
        }
        List<String> columns = new ArrayList<>();
        series.path("columns").forEach(c -> columns.add(c.asText()));
        for (JsonNode r : series.path("values")) {
          long time = 0;
          Map<String, Double> values = new HashMap<>();
          for (int i = 0; i < columns.size(); i++) {
            JsonNode v = r.path(i);
            if (columns.get(i).equals("time")) {
              time = v.asLong();
            } else if (v.isNumber() && Double.isFinite(v.doubleValue())) {
              values.put(columns.get(i), v.doubleValue());
            }
          }
          sink.accept(site, camera, id, new Row(time, values));
        }
      }
    }
  }
}
