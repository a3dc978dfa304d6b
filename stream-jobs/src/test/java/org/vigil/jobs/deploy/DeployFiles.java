package org.vigil.jobs.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The deployment files under {@code infra/} as the tests see them, and what Vigil writes to InfluxDB (the README's
 * data section: measurements, their fields and tags, and the 1-minute rollups' fields), which dashboards may query.
 */
final class DeployFiles {

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final ObjectMapper JSON = new ObjectMapper();

  /** Fields per measurement, as the job's encoders write them (README: InfluxDB, data). */
  static final Map<String, Set<String>> FIELDS = Map.ofEntries(
      Map.entry("rain", Set.of("rain_mm", "seq", "battery_v", "rssi", "late")),
      Map.entry("tilt", Set.of("tilt_x_deg", "tilt_y_deg", "seq", "battery_v", "rssi", "late")),
      Map.entry("gnss", Set.of("disp_mm", "seq", "battery_v", "rssi", "late")),
      Map.entry("crack", Set.of("crack_mm", "seq", "battery_v", "rssi", "late")),
      Map.entry("pore", Set.of("pore_kpa", "seq", "battery_v", "rssi", "late")),
      Map.entry("level", Set.of("level_m", "seq", "battery_v", "rssi", "late")),
      Map.entry("derived", Set.of("value")),
      Map.entry("site_risk", Set.of("level", "level_rank", "previous_level", "rule", "subject", "open_alerts")),
      Map.entry("alerts", Set.of("id", "value", "threshold", "message", "started_at", "previous_level",
          "forecast_failure_at", "acked_by", "ack_comment")),
      Map.entry("crowd", Set.of("people", "density_per_m2", "motion_energy", "level_of_service", "capacity",
          "moving_fraction", "frame_people", "analysis_ms", "detector_ran", "area_m2", "entries", "exits",
          "net_inflow_per_min", "max_dwell_s", "mean_dwell_s", "minutes_to_capacity", "tracks")),
      Map.entry("crowd_lines", Set.of("crossings_in", "crossings_out")),
      Map.entry("deadletter", Set.of("payload_bytes", "detail", "topic", "payload")),
      Map.entry("webhook_deliveries", Set.of("latency_ms", "attempts", "status", "reason", "event_id")),
      Map.entry("rule_changes", Set.of("version", "author", "comment", "summary", "problems", "active_version")));

  /** Tags per measurement. */
  static final Map<String, Set<String>> TAGS = Map.ofEntries(
      Map.entry("rain", Set.of("site", "sensor")), Map.entry("tilt", Set.of("site", "sensor")),
      Map.entry("gnss", Set.of("site", "sensor")), Map.entry("crack", Set.of("site", "sensor")),
      Map.entry("pore", Set.of("site", "sensor")), Map.entry("level", Set.of("site", "sensor")),
      Map.entry("derived", Set.of("site", "sensor", "metric")), Map.entry("site_risk", Set.of("site")),
      Map.entry("alerts", Set.of("site", "rule", "level", "state", "subject")),
      Map.entry("crowd", Set.of("site", "camera", "zone")), Map.entry("crowd_lines", Set.of("site", "camera", "line")),
      Map.entry("deadletter", Set.of("reason", "slot")),
      Map.entry("webhook_deliveries", Set.of("endpoint", "outcome", "origin")), Map.entry("rule_changes", Set.of("status")));

  /** Fields of a measurement in retention policy {@code rollup_1m} ({@code Retention}'s continuous queries). */
  static Set<String> rollupFields(String measurement) {
    return switch (measurement) {
      case "rain" -> Set.of("sum_rain_mm", "max_rain_mm", "count_rain_mm");
      case "site_risk" -> Set.of("max_level_rank", "min_level_rank", "max_open_alerts");
      case "tilt", "gnss", "crack", "pore", "level", "derived", "crowd" -> {
        Set<String> out = new java.util.HashSet<>();
        for (String f : FIELDS.get(measurement)) {
          out.addAll(List.of("mean_" + f, "min_" + f, "max_" + f));
        }
        yield out;
      }
      default -> Set.of();
    };
  }

  private DeployFiles() {}

  /** The repository's {@code infra} folder (tests run in {@code stream-jobs}). */
  static Path infra() {
    Path p = Path.of("..", "infra").toAbsolutePath().normalize();
    if (!Files.isDirectory(p)) {
      throw new IllegalStateException("infra/ not found from " + Path.of("").toAbsolutePath());
    }
    return p;
  }

  /** A YAML file as a tree, anchors and aliases resolved (SnakeYAML; Jackson's tree model does not resolve them). */
  static JsonNode yaml(Path p) throws IOException {
    Object doc = new org.yaml.snakeyaml.Yaml().load(Files.readString(p));
    return JSON.valueToTree(doc);
  }

  static List<Path> dashboards() throws IOException {
    try (Stream<Path> s = Files.list(infra().resolve("grafana/dashboards"))) {
      return new ArrayList<>(s.filter(p -> p.toString().endsWith(".json")).sorted().toList());
    }
  }

  /** Every InfluxQL query of a dashboard's panels, with the panel's title. */
  static List<Map.Entry<String, String>> queries(JsonNode dashboard) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode t : panel.path("targets")) {
        out.add(Map.entry(panel.path("title").asText(), t.path("query").asText()));
      }
    }
    return out;
  }
}
