package org.vigil.jobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The provisioned Grafana dashboards are valid dashboard JSON for the provisioned datasource, and every query names a
 * measurement Vigil writes and only fields and tags that measurement has (in {@code raw}, or in {@code rollup_1m}).
 */
class GrafanaDashboardsTest {

  private static final Pattern FROM = Pattern.compile("FROM\\s+(\"rollup_1m\"\\.)?\"([a-z_]+)\"");
  private static final Pattern IDENT = Pattern.compile("\"([A-Za-z_][A-Za-z0-9_]*)\"");

  @Test
  void theDatasourceIsInfluxDbForDatabaseVigil() throws Exception {
    JsonNode ds = DeployFiles.yaml(DeployFiles.infra().resolve("grafana/provisioning/datasources/influxdb.yaml"))
        .path("datasources").get(0);
    assertThat(ds.path("type").asText()).isEqualTo("influxdb");
    assertThat(ds.path("uid").asText()).isEqualTo("vigil-influxdb");
    assertThat(ds.path("url").asText()).isEqualTo("http://influxdb:8086");
    assertThat(ds.path("jsonData").path("dbName").asText()).isEqualTo("vigil");
    JsonNode provider = DeployFiles.yaml(DeployFiles.infra().resolve("grafana/provisioning/dashboards/vigil.yaml"))
        .path("providers").get(0);
    assertThat(provider.path("options").path("path").asText()).isEqualTo("/var/lib/grafana/dashboards");
  }

  @Test
  void theFiveDashboardsAreThereWithUniqueUids() throws Exception {
    List<Path> files = DeployFiles.dashboards();
    assertThat(files).extracting(p -> p.getFileName().toString())
        .containsExactlyInAnyOrder("site-levels.json", "rainfall.json", "displacement.json", "crowd.json",
            "pipeline-health.json");
    Set<String> uids = new HashSet<>();
    for (Path f : files) {
      JsonNode d = DeployFiles.JSON.readTree(f.toFile());
      assertThat(uids.add(d.path("uid").asText())).as("unique uid in %s", f).isTrue();
    }
  }

  @Test
  void everyDashboardIsValidGrafanaJsonOnTheProvisionedDatasource() throws Exception {
    for (Path f : DeployFiles.dashboards()) {
      JsonNode d = DeployFiles.JSON.readTree(f.toFile());
      assertThat(d.path("title").asText()).as(f.toString()).startsWith("Vigil: ");
      assertThat(d.path("schemaVersion").asInt()).as("schemaVersion of %s", f).isBetween(36, 41);
      assertThat(d.path("panels").size()).as("panels of %s", f).isPositive();
      Set<Integer> ids = new HashSet<>();
      for (JsonNode p : d.path("panels")) {
        String where = f.getFileName() + " / " + p.path("title").asText();
        assertThat(ids.add(p.path("id").asInt())).as("unique panel id: %s", where).isTrue();
        assertThat(p.path("type").asText()).as(where).isIn("timeseries", "table", "stat", "gauge");
        assertThat(p.path("datasource").path("uid").asText()).as(where).isEqualTo("vigil-influxdb");
        JsonNode grid = p.path("gridPos");
        assertThat(grid.path("w").asInt()).as(where).isBetween(1, 24);
        assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(where).isLessThanOrEqualTo(24);
        assertThat(p.path("targets").size()).as("targets: %s", where).isPositive();
        for (JsonNode t : p.path("targets")) {
          assertThat(t.path("datasource").path("uid").asText()).as(where).isEqualTo("vigil-influxdb");
          assertThat(t.path("rawQuery").asBoolean()).as(where).isTrue();
          assertThat(t.path("query").asText()).as(where).startsWith("SELECT ").contains("$timeFilter");
        }
      }
      for (JsonNode v : d.path("templating").path("list")) {
        assertThat(v.path("datasource").path("uid").asText()).isEqualTo("vigil-influxdb");
        checkQuery(f + " variable " + v.path("name").asText(), v.path("query").asText().replace("SHOW TAG VALUES",
            "SELECT x"));
      }
    }
  }

  @Test
  void everyQueryReadsAMeasurementVigilWritesAndOnlyItsFieldsAndTags() throws Exception {
    int checked = 0;
    for (Path f : DeployFiles.dashboards()) {
      for (Map.Entry<String, String> q : DeployFiles.queries(DeployFiles.JSON.readTree(f.toFile()))) {
        checkQuery(f.getFileName() + " / " + q.getKey(), q.getValue());
        checked++;
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(20);
  }

  @Test
  void theCheckCatchesAWrongFieldAndAnUnknownMeasurement() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> checkQuery("t",
        "SELECT mean(\"disp_m\") FROM \"gnss\" WHERE $timeFilter")).isInstanceOf(AssertionError.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> checkQuery("t",
        "SELECT mean(\"value\") FROM \"derivd\" WHERE $timeFilter")).isInstanceOf(AssertionError.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> checkQuery("t",
        "SELECT mean(\"disp_mm\") FROM \"rollup_1m\".\"gnss\" WHERE $timeFilter")).isInstanceOf(AssertionError.class);
  }

  /** The identifiers in double quotes after the FROM's measurement must be its fields or tags. */
  private static void checkQuery(String where, String query) {
    Matcher from = FROM.matcher(query);
    assertThat(from.find()).as("a FROM \"measurement\" in %s: %s", where, query).isTrue();
    boolean rollup = from.group(1) != null;
    String measurement = from.group(2);
    assertThat(DeployFiles.FIELDS).as("%s reads a measurement Vigil writes: %s", where, query)
        .containsKey(measurement);
    Set<String> known = new HashSet<>(DeployFiles.TAGS.get(measurement));
    known.addAll(rollup ? DeployFiles.rollupFields(measurement) : DeployFiles.FIELDS.get(measurement));
    Matcher id = IDENT.matcher(query);
    while (id.find()) {
      String name = id.group(1);
      if (name.equals(measurement) || name.equals("rollup_1m") || (id.start() == from.start(2) - 1)) {
        continue;
      }
      assertThat(known).as("%s: \"%s\" is a field or tag of %s%s (%s)", where, name, rollup ? "rollup_1m." : "",
          measurement, query).contains(name);
    }
  }
}
