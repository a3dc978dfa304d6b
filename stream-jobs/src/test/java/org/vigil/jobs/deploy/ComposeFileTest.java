package org.vigil.jobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code infra/compose/docker-compose.yaml}: the services, images and loopback ports a Docker user gets, mounted files
 * that exist, the Flink settings equal to {@code infra/flink/config.yaml}'s, the job submitted with the services'
 * addresses; and, where a compose client is installed ({@code docker-compose}, or {@code docker compose}), that it
 * validates the file ({@code config -q}); skipped with the reason where none is.
 */
class ComposeFileTest {

  private final Path dir = DeployFiles.infra().resolve("compose");

  private JsonNode compose() throws Exception {
    return DeployFiles.yaml(dir.resolve("docker-compose.yaml"));
  }

  @Test
  void theStackHasItsServicesAndImages() throws Exception {
    JsonNode s = compose().path("services");
    List<String> names = new ArrayList<>();
    s.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactlyInAnyOrder("mosquitto", "influxdb", "jobmanager", "taskmanager", "submit-job",
        "console", "grafana");
    assertThat(s.path("mosquitto").path("image").asText()).startsWith("eclipse-mosquitto:2");
    assertThat(s.path("influxdb").path("image").asText()).isEqualTo("influxdb:1.8");
    for (String f : List.of("jobmanager", "taskmanager", "submit-job")) {
      assertThat(s.path(f).path("image").asText()).as(f).startsWith("flink:2.3");
    }
    assertThat(s.path("jobmanager").path("command").asText()).isEqualTo("jobmanager");
    assertThat(s.path("taskmanager").path("command").asText()).isEqualTo("taskmanager");
    assertThat(s.path("grafana").path("image").asText()).startsWith("grafana/grafana:");
    assertThat(s.path("console").path("command").toString()).contains("org.vigil.console.ConsoleMain");
    // The console does not start without its users file; the stack's is the operator's own, never the demo users.
    assertThat(s.path("console").path("environment").path("VIGIL_CONSOLE_USERS").asText())
        .isEqualTo("/opt/vigil/console-users.yaml");
    assertThat(s.path("console").path("volumes").toString())
        .contains("./local/console-users.yaml:/opt/vigil/console-users.yaml:ro").doesNotContain("demo-users");
  }

  @Test
  void portsAreOnLoopbackOnly() throws Exception {
    Map<String, String> ports = new HashMap<>();
    compose().path("services").fields().forEachRemaining(e -> e.getValue().path("ports")
        .forEach(p -> ports.put(p.asText(), e.getKey())));
    assertThat(ports).containsOnlyKeys("127.0.0.1:8883:8883", "127.0.0.1:8086:8086", "127.0.0.1:8081:8081",
        "127.0.0.1:8080:8080", "127.0.0.1:3000:3000");
  }

  @Test
  void mountedFilesExist() throws Exception {
    List<String> checked = new ArrayList<>();
    compose().path("services").fields().forEachRemaining(e -> e.getValue().path("volumes").forEach(v -> {
      String source = v.asText().split(":")[0];
      if (!source.startsWith(".")) {
        return; // a named volume
      }
      if (source.contains("/console/")) {
        return; // built by the console module: not necessarily here
      }
      if (source.startsWith("./local/")) {
        assertThat(source).as("made by prepare.sh (ComposeBrokerIT runs it)").matches(
            "\\./local/(secrets/(ca\\.crt|mosquitto\\.crt|mosquitto\\.key)|mosquitto|console-users\\.yaml)");
        return;
      }
      Path p = dir.resolve(source).normalize();
      assertThat(p).as("%s mounts %s", e.getKey(), source).exists();
      checked.add(source);
    }));
    assertThat(checked).contains("./mosquitto.conf", "../grafana/provisioning", "../grafana/dashboards",
        "../../stream-jobs/target");
    assertThat(Files.readString(dir.resolve("mosquitto.conf"))).contains("listener 8883")
        .contains("max_queued_messages 500000");
    assertThat(Files.isExecutable(dir.resolve("prepare.sh"))).isTrue();
  }

  @Test
  void flinkSettingsAreThoseOfInfraFlinkConfig() throws Exception {
    JsonNode props = DeployFiles.JSON.valueToTree(new org.yaml.snakeyaml.Yaml().load(compose().path("services").path("jobmanager").path("environment")
        .path("FLINK_PROPERTIES").asText()));
    JsonNode standalone = DeployFiles.yaml(DeployFiles.infra().resolve("flink/config.yaml"));
    int compared = 0;
    for (var it = props.fields(); it.hasNext(); ) {
      var e = it.next();
      if (e.getKey().endsWith(".address") || e.getKey().equals("execution.checkpointing.dir")) {
        continue; // addresses and paths differ by design
      }
      assertThat(standalone.path(e.getKey()).asText()).as(e.getKey()).isEqualTo(e.getValue().asText());
      compared++;
    }
    assertThat(compared).isGreaterThanOrEqualTo(15);
    assertThat(compose().path("services").path("taskmanager").path("environment").path("FLINK_PROPERTIES").asText())
        .isEqualTo(compose().path("services").path("jobmanager").path("environment").path("FLINK_PROPERTIES").asText());
  }

  @Test
  void theJobIsSubmittedWithTheServicesAddresses() throws Exception {
    String cmd = compose().path("services").path("submit-job").path("command").toString();
    assertThat(cmd).contains("flink run -d -m jobmanager:8081").contains("-job.jar")
        .contains("--VIGIL_MQTT_URL=ssl://mosquitto:8883").contains("--VIGIL_INFLUX_URL=http://influxdb:8086");
  }

  @Test
  void theBrokerIsSecureAndTheJobAndTheConsoleHaveTheirOwnMqttIdentities() throws Exception {
    JsonNode s = compose().path("services");
    JsonNode broker = s.path("mosquitto");
    assertThat(broker.path("user").asText()).startsWith("${VIGIL_UID:?").contains("${VIGIL_GID:?");
    assertThat(broker.path("volumes").toString()).contains("./local/secrets/mosquitto.key:/mosquitto/config/tls/")
        .contains("./local/mosquitto:/mosquitto/data").doesNotContain(".password");
    String conf = Files.readString(dir.resolve("mosquitto.conf"));
    assertThat(conf).contains("\nallow_anonymous false\n").contains("\nplugin /usr/lib/mosquitto_dynamic_security.so\n")
        .contains("\nplugin_opt_config_file /mosquitto/data/dynamic-security.json\n")
        .contains("\ncertfile /mosquitto/config/tls/mosquitto.crt\n").doesNotContain("allow_anonymous true");

    // The job: its identity where it is submitted, its password also on every taskmanager, where it connects.
    JsonNode submit = s.path("submit-job").path("environment");
    assertThat(submit.path("VIGIL_MQTT_JOB_USERNAME").asText()).isEqualTo("vigil-job");
    assertThat(submit.path("VIGIL_MQTT_JOB_PASSWORD").asText()).startsWith("${VIGIL_MQTT_JOB_PASSWORD:?");
    assertThat(submit.path("VIGIL_MQTT_CA_FILE").asText()).isEqualTo("/opt/vigil/tls/ca.crt");
    JsonNode tm = s.path("taskmanager").path("environment");
    assertThat(tm.path("VIGIL_MQTT_JOB_PASSWORD").asText()).startsWith("${VIGIL_MQTT_JOB_PASSWORD:?");
    assertThat(tm.path("VIGIL_INFLUX_PASSWORD").asText()).startsWith("${VIGIL_INFLUX_JOB_PASSWORD:?");
    // The console: its own identity, not the job's.
    JsonNode console = s.path("console").path("environment");
    assertThat(console.path("VIGIL_MQTT_URL").asText()).isEqualTo("ssl://mosquitto:8883");
    assertThat(console.path("VIGIL_MQTT_CONSOLE_USERNAME").asText()).isEqualTo("vigil-console");
    assertThat(console.path("VIGIL_MQTT_CONSOLE_PASSWORD").asText()).startsWith("${VIGIL_MQTT_CONSOLE_PASSWORD:?");
    assertThat(console.path("VIGIL_MQTT_CA_FILE").asText()).isEqualTo("/opt/vigil/tls/ca.crt");
    for (String svc : List.of("submit-job", "taskmanager", "console")) {
      assertThat(s.path(svc).path("volumes").toString()).as(svc)
          .contains("./local/secrets/ca.crt:/opt/vigil/tls/ca.crt:ro");
    }
    // No MQTT URL anywhere is plain TCP.
    assertThat(compose().toString()).doesNotContain("tcp://").doesNotContain("1883");
  }

  @Test
  void noPasswordIsInACommandOrAnArgument() throws Exception {
    List<String> secrets = List.of("PASSWORD", "SECRET", "${", ".password");
    compose().path("services").fields().forEachRemaining(e -> {
      for (String key : List.of("command", "entrypoint")) {
        String text = e.getValue().path(key).toString();
        for (String s : secrets) {
          assertThat(text).as("%s %s", e.getKey(), key).doesNotContain(s);
        }
      }
      // Values given to the programs: only in the environment, always a variable of .env, never written here.
      e.getValue().path("environment").fields().forEachRemaining(v -> {
        if (v.getKey().contains("PASSWORD") || v.getKey().contains("SECRET")) {
          assertThat(v.getValue().asText()).as(e.getKey() + " " + v.getKey()).matches("\\$\\{VIGIL_[A-Z_]+(:\\?.+|:-)\\}");
        }
      });
    });
    // The job's command line (shown by the Flink UI) carries settings, not identities.
    assertThat(compose().path("services").path("submit-job").path("command").toString())
        .doesNotContain("USERNAME").doesNotContain("CA_FILE");
  }

  @Test
  void influxDbRunsWithAuthenticationAndEveryPartHasItsOwnUserWithAPasswordFromTheEnvironment() throws Exception {
    JsonNode s = compose().path("services");
    JsonNode influx = s.path("influxdb").path("environment");
    assertThat(influx.path("INFLUXDB_HTTP_AUTH_ENABLED").asText()).isEqualTo("true");
    assertThat(influx.path("INFLUXDB_ADMIN_USER").asText()).isEqualTo("vigil-admin");
    assertThat(influx.path("INFLUXDB_USER").asText()).isEqualTo("vigil-job");
    assertThat(influx.path("INFLUXDB_READ_USER").asText()).isEqualTo("vigil-grafana");
    assertThat(s.path("submit-job").path("environment").path("VIGIL_INFLUX_USERNAME").asText()).isEqualTo("vigil-job");
    assertThat(s.path("console").path("environment").path("VIGIL_INFLUX_USERNAME").asText())
        .isEqualTo("vigil-console");
    // Every password is a required variable of the environment, none is written here or passed as an argument.
    List<String> passwords = new ArrayList<>();
    s.fields().forEachRemaining(e -> e.getValue().path("environment").fields().forEachRemaining(v -> {
      if (v.getKey().contains("PASSWORD")) {
        passwords.add(e.getKey() + "." + v.getKey());
        assertThat(v.getValue().asText()).as(e.getKey() + " " + v.getKey())
            .matches("\\$\\{VIGIL_(INFLUX|MQTT)_[A-Z]+_PASSWORD:\\?.+\\}");
      }
    }));
    assertThat(passwords).hasSize(12);
    assertThat(s.path("submit-job").path("command").toString()).doesNotContain("PASSWORD");
    String datasource = Files.readString(DeployFiles.infra().resolve("grafana/provisioning/datasources/influxdb.yaml"));
    assertThat(datasource).contains("user: vigil-grafana").contains("password: ${VIGIL_INFLUX_GRAFANA_PASSWORD}");
  }

  @Test
  void theInitScriptSetsUpTheRetentionTheJobWouldAndTheRemainingUsers() throws Exception {
    String init = Files.readString(dir.resolve("influxdb-init.sh"));
    for (String statement : org.vigil.connectors.influx.Retention.statements("vigil",
        org.vigil.connectors.influx.RetentionOptions.fromLookup(k -> null))) {
      assertThat(init).contains("\n" + statement + "\n");
    }
    assertThat(init).contains("CREATE USER \\\"vigil-$vigil_user\\\" WITH PASSWORD")
        .contains("for vigil_user in console tools");
    assertThat(compose().path("services").path("influxdb").path("volumes").toString())
        .contains("./influxdb-init.sh:/docker-entrypoint-initdb.d/");
  }

  @Test
  void aComposeClientValidatesTheFile() throws Exception {
    List<String> client = composeClient();
    assumeTrue(client != null, "no compose client (docker-compose or docker compose) installed: the YAML checks of"
        + " this class ran instead");
    List<String> cmd = new ArrayList<>(client);
    cmd.addAll(List.of("-f", dir.resolve("docker-compose.yaml").toString(), "config", "-q"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    for (String user : List.of("ADMIN", "JOB", "CONSOLE", "TOOLS", "GRAFANA")) {
      pb.environment().put("VIGIL_INFLUX_" + user + "_PASSWORD", "validation-only");
    }
    for (String v : List.of("VIGIL_MQTT_JOB_PASSWORD", "VIGIL_MQTT_CONSOLE_PASSWORD", "VIGIL_UID", "VIGIL_GID")) {
      pb.environment().put(v, v.endsWith("ID") ? "1000" : "validation-only");
    }
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("%s config -q: %s", client, out).isZero();
  }

  private static List<String> composeClient() throws Exception {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, "docker-compose"))) {
        return List.of(Path.of(d, "docker-compose").toString());
      }
    }
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path docker = Path.of(d, "docker");
      if (Files.isExecutable(docker)) {
        Process p = new ProcessBuilder(docker.toString(), "compose", "version").redirectErrorStream(true).start();
        if (p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0) {
          return List.of(docker.toString(), "compose");
        }
      }
    }
    return null;
  }
}
