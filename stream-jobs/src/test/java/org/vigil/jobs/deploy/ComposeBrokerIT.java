package org.vigil.jobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.connectors.mqtt.MqttClientFactory;
import org.vigil.core.security.ServiceIdentities;
import org.vigil.connectors.mqtt.devices.DynamicSecurityAdmin;
import org.vigil.connectors.mqtt.security.MqttClientSecurity;

/**
 * The compose stack's broker without Docker: Debian's real {@code mosquitto} runs {@code infra/compose/mosquitto.conf}
 * with the container paths replaced by where {@code docker-compose.yaml} mounts them from (the folder
 * {@code infra/compose/prepare.sh} fills, here a temporary one), and with the files that script makes. It shows that
 * the broker refuses anonymous clients, offers no plain TCP, lets the job, the console and the tools in over TLS with
 * the stack's CA (and with the passwords the containers get from .env), gives each the topic rights of the local
 * set-up (commands only under the sender's own name), and refuses a device on every command topic.
 *
 * <p>Skips, with the reason, where Mosquitto 2 (with its dynamic-security plugin), mosquitto_passwd or openssl are
 * not installed.
 */
class ComposeBrokerIT {

  private static final int NOT_AUTHORIZED = 0x87;
  private static final Path COMPOSE = DeployFiles.infra().resolve("compose");
  private static final String CONTAINER_PLUGIN = "/usr/lib/mosquitto_dynamic_security.so";

  @TempDir static Path root;

  private static String skipReason;
  private static Process broker;
  private static Path log;
  private static String prepareOutput;
  private static String url;
  private static Path secrets;

  @BeforeAll
  static void startTheComposeBroker() throws Exception {
    Path mosquitto = firstExisting("/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto");
    Path plugin = firstExisting("/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so",
        "/usr/lib/aarch64-linux-gnu/mosquitto_dynamic_security.so", "/usr/lib/mosquitto_dynamic_security.so");
    if (mosquitto == null || plugin == null || onPath("mosquitto_passwd") == null || onPath("openssl") == null) {
      skipReason = "Mosquitto 2 with its dynamic-security plugin, mosquitto_passwd and openssl are needed"
          + " (apt-get install mosquitto openssl)";
      return;
    }
    // The preparation step, as a user runs it, into a temporary folder instead of infra/compose/local.
    ProcessBuilder prepare = new ProcessBuilder("bash", COMPOSE.resolve("prepare.sh").toString())
        .redirectErrorStream(true);
    prepare.environment().put("VIGIL_COMPOSE_STATE_DIR", root.resolve("local").toString());
    prepare.environment().put("VIGIL_COMPOSE_ENV_FILE", root.resolve(".env").toString());
    Process p = prepare.start();
    prepareOutput = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(prepareOutput).isZero();
    secrets = root.resolve("local/secrets");

    int port = freePort();
    Path conf = root.resolve("mosquitto.conf");
    Files.writeString(conf, hostConfig(Files.readString(COMPOSE.resolve("mosquitto.conf")), mounts(), plugin, port)
        // The container runs the broker as VIGIL_UID, the files' owner; here that is this user.
        + "\nuser " + System.getProperty("user.name") + "\n");
    log = root.resolve("mosquitto.log");
    broker = new ProcessBuilder(mosquitto.toString(), "-c", conf.toString()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!portOpen(port)) {
      if (!broker.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("the compose broker did not start: " + Files.readString(log));
      }
      Thread.sleep(100);
    }
    url = "ssl://127.0.0.1:" + port;
  }

  @AfterAll
  static void stop() throws Exception {
    if (broker != null) {
      broker.destroy();
      broker.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @BeforeEach
  void needsMosquitto() {
    assumeTrue(skipReason == null, skipReason);
  }

  /** Container path of each bind mount of the mosquitto service -> the host path it comes from (here: root). */
  private static Map<String, Path> mounts() throws Exception {
    Map<String, Path> m = new LinkedHashMap<>();
    JsonNode volumes = DeployFiles.yaml(COMPOSE.resolve("docker-compose.yaml")).path("services").path("mosquitto")
        .path("volumes");
    for (JsonNode v : volumes) {
      String[] parts = v.asText().split(":");
      String source = parts[0];
      Path host = source.startsWith("./local/") ? root.resolve(source.substring(2)) : COMPOSE.resolve(source);
      m.put(parts[1], host.normalize());
    }
    return m;
  }

  /** The compose config with each container path replaced by its mount's host path, and the port and plugin here. */
  static String hostConfig(String config, Map<String, Path> mounts, Path plugin, int port) {
    StringBuilder out = new StringBuilder();
    for (String line : config.split("\n", -1)) {
      String[] words = line.strip().split("\\s+", 2);
      if (words.length == 2 && !line.startsWith("#")) {
        String key = words[0];
        String value = words[1];
        if (key.equals("listener")) {
          assertThat(value).as("the compose listener").isEqualTo("8883 0.0.0.0");
          line = "listener " + port + " 127.0.0.1";
        } else if (key.equals("plugin")) {
          assertThat(value).isEqualTo(CONTAINER_PLUGIN);
          line = "plugin " + plugin;
        } else if (value.startsWith("/mosquitto/")) {
          line = key + " " + hostPath(value, mounts);
        }
      }
      out.append(line).append('\n');
    }
    return out.toString();
  }

  private static String hostPath(String containerPath, Map<String, Path> mounts) {
    String trimmed = containerPath.endsWith("/") ? containerPath.substring(0, containerPath.length() - 1)
        : containerPath;
    for (Map.Entry<String, Path> e : mounts.entrySet()) {
      if (trimmed.equals(e.getKey()) || trimmed.startsWith(e.getKey() + "/")) {
        Path host = Path.of(e.getValue() + trimmed.substring(e.getKey().length()));
        assertThat(host).as("%s is mounted from %s, which prepare.sh made", containerPath, host).exists();
        return host + (containerPath.endsWith("/") ? "/" : "");
      }
    }
    throw new AssertionError(containerPath + " is read by the broker but not mounted into its container: " + mounts);
  }

  private MqttClientSecurity as(String identity) {
    return new MqttClientSecurity(identity, ServiceIdentities.mqttPasswordFile(secrets, identity).toString(),
        secrets.resolve("ca.crt").toString());
  }

  private static MqttAsyncClient connect(String serverUri, MqttClientSecurity who) throws MqttException {
    MqttAsyncClient c = new MqttAsyncClient(serverUri, "compose-it-" + UUID.randomUUID(), new MemoryPersistence());
    MqttConnectionOptions o = MqttClientFactory.to(serverUri, who).options();
    o.setCleanStart(true);
    o.setAutomaticReconnect(false);
    o.setConnectionTimeout(5);
    try {
      c.connect(o).waitForCompletion(10_000);
    } catch (MqttException e) {
      c.close(true);
      throw e;
    }
    return c;
  }

  /** The PUBACK reason code of a QoS 1 publish; "no matching subscribers" (0x10) is an acceptance, reported as 0. */
  private static int publish(MqttAsyncClient c, String topic) throws MqttException {
    MqttMessage m = new MqttMessage("{}".getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    try {
      IMqttToken t = c.publish(topic, m);
      t.waitForCompletion(10_000);
      int[] codes = t.getReasonCodes();
      int code = codes == null || codes.length == 0 ? 0 : codes[0];
      return code == 0x10 ? 0 : code;
    } catch (MqttException e) {
      return e.getReasonCode();
    }
  }

  private static void close(MqttAsyncClient c) throws MqttException {
    c.disconnect().waitForCompletion(5_000);
    c.close();
  }

  @Test
  void anonymousClientsAreRefused() {
    assertThatThrownBy(() -> connect(url, new MqttClientSecurity(null, null, secrets.resolve("ca.crt").toString())))
        .isInstanceOf(MqttException.class);
  }

  @Test
  void plainTcpIsNotOffered() throws Exception {
    // The one listener speaks TLS: an MQTT CONNECT in the clear gets no CONNACK.
    assertThatThrownBy(() -> connect(url.replace("ssl://", "tcp://"), as(ServiceIdentities.JOB)))
        .isInstanceOf(MqttException.class);
    // And no other listener: every listener of the compose config has the broker's certificate and key.
    String config = Files.readString(COMPOSE.resolve("mosquitto.conf"));
    assertThat(config.lines().filter(l -> l.startsWith("listener ")).toList()).containsExactly("listener 8883 0.0.0.0");
    assertThat(config).contains("\ncertfile ").contains("\nkeyfile ").contains("\nallow_anonymous false\n")
        .doesNotContain("allow_anonymous true").doesNotContain("password_file");
  }

  @Test
  void theJobTheConsoleAndTheToolsConnectOverTlsWithTheStacksCa() throws Exception {
    for (String identity : List.of(ServiceIdentities.JOB, ServiceIdentities.CONSOLE, ServiceIdentities.TOOLS,
        ServiceIdentities.SIMULATOR, ServiceIdentities.ADMIN)) {
      close(connect(url, as(identity)));
    }
    // Without the stack's CA the broker's certificate is not trusted.
    assertThatThrownBy(() -> connect(url, new MqttClientSecurity(ServiceIdentities.JOB,
        ServiceIdentities.mqttPasswordFile(secrets, ServiceIdentities.JOB).toString(), null)))
        .isInstanceOf(MqttException.class);
    // Another identity's password does not do.
    assertThatThrownBy(() -> connect(url, new MqttClientSecurity(ServiceIdentities.JOB,
        ServiceIdentities.mqttPasswordFile(secrets, ServiceIdentities.CONSOLE).toString(),
        secrets.resolve("ca.crt").toString()))).isInstanceOf(MqttException.class);
  }

  @Test
  void theContainersGetThePasswordsTheBrokerKnowsAndNothingSecretIsPrinted() throws Exception {
    Map<String, String> env = new LinkedHashMap<>();
    for (String line : Files.readAllLines(root.resolve(".env"))) {
      int eq = line.indexOf('=');
      if (!line.startsWith("#") && eq > 0) {
        env.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    assertThat(env.get("VIGIL_MQTT_JOB_PASSWORD"))
        .isEqualTo(Files.readAllLines(ServiceIdentities.mqttPasswordFile(secrets, ServiceIdentities.JOB)).get(0));
    assertThat(env.get("VIGIL_MQTT_CONSOLE_PASSWORD"))
        .isEqualTo(Files.readAllLines(ServiceIdentities.mqttPasswordFile(secrets, ServiceIdentities.CONSOLE)).get(0));
    for (String user : List.of("ADMIN", "JOB", "CONSOLE", "TOOLS", "GRAFANA")) {
      assertThat(env.get("VIGIL_INFLUX_" + user + "_PASSWORD")).as(user).isEqualTo(Files.readAllLines(
          ServiceIdentities.influxPasswordFile(secrets, "vigil-" + user.toLowerCase())).get(0)).hasSizeGreaterThan(20);
    }
    assertThat(env).containsKeys("VIGIL_UID", "VIGIL_GID");
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(".env"))))
        .isEqualTo("rw-------");
    List<String> secretValues = new ArrayList<>();
    try (var files = Files.list(secrets)) {
      for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".password")).toList()) {
        secretValues.add(Files.readAllLines(f).get(0));
      }
    }
    assertThat(secretValues).hasSize(10);
    String brokerLog = Files.readString(log);
    for (String s : secretValues) {
      assertThat(prepareOutput).doesNotContain(s);
      assertThat(brokerLog).doesNotContain(s);
    }
    // Inside the compose network the clients reach the broker as "mosquitto": its certificate must name it.
    X509Certificate cert;
    try (var in = Files.newInputStream(secrets.resolve("mosquitto.crt"))) {
      cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    assertThat(cert.getSubjectAlternativeNames().stream().map(n -> n.get(1).toString()).toList())
        .contains("mosquitto", "127.0.0.1", "localhost");
  }

  @Test
  void commandTopicsAreWritableOnlyByTheJobTheConsoleAndTheToolsEachUnderItsOwnName() throws Exception {
    MqttAsyncClient console = connect(url, as(ServiceIdentities.CONSOLE));
    MqttAsyncClient tools = connect(url, as(ServiceIdentities.TOOLS));
    MqttAsyncClient job = connect(url, as(ServiceIdentities.JOB));
    MqttAsyncClient simulator = connect(url, as(ServiceIdentities.SIMULATOR));
    try {
      assertThat(publish(console, "vigil/control/ack/vigil-console")).isZero();
      assertThat(publish(console, "vigil/config/silences/vigil-console/s-1")).isZero();
      assertThat(publish(console, "vigil/config/rules/vigil-console")).isZero();
      assertThat(publish(tools, "vigil/config/rules/vigil-tools")).isZero();
      assertThat(publish(tools, "vigil/control/ack/vigil-tools")).isZero();
      assertThat(publish(job, "vigil/config/rules/status")).isZero();
      // Nobody speaks in another's name, the job sends no commands, a gateway no commands either.
      assertThat(publish(console, "vigil/control/ack/vigil-tools")).isEqualTo(NOT_AUTHORIZED);
      assertThat(publish(tools, "vigil/config/rules/vigil-console")).isEqualTo(NOT_AUTHORIZED);
      assertThat(publish(job, "vigil/config/rules/vigil-job")).isEqualTo(NOT_AUTHORIZED);
      assertThat(publish(job, "vigil/control/ack/vigil-console")).isEqualTo(NOT_AUTHORIZED);
      assertThat(publish(simulator, "vigil/config/silences/vigil-tools/s-1")).isEqualTo(NOT_AUTHORIZED);
      assertThat(publish(simulator, "vigil/hill-a/rain/rg-1/data")).isZero();
    } finally {
      for (MqttAsyncClient c : List.of(console, tools, job, simulator)) {
        close(c);
      }
    }
  }

  @Test
  void aDeviceAddedByTheAdminIsRefusedOnEveryCommandTopic() throws Exception {
    String topic = DynamicSecurityAdmin.dataTopic("hill-a", "rain", "rg-7");
    DynamicSecurityAdmin.Device device;
    try (DynamicSecurityAdmin admin = new DynamicSecurityAdmin(url, as(ServiceIdentities.ADMIN), 10_000)) {
      device = admin.addDevice("compose-gw-7", topic);
    }
    Path pw = Files.writeString(root.resolve("device.password"), device.password() + "\n");
    MqttAsyncClient c = connect(url, new MqttClientSecurity(device.username(), pw.toString(),
        secrets.resolve("ca.crt").toString()));
    try {
      assertThat(publish(c, topic)).isZero();
      for (String command : List.of("vigil/control/ack/vigil-console", "vigil/control/ack/vigil-tools",
          "vigil/config/silences/vigil-console/s-9", "vigil/config/rules/vigil-tools", "vigil/config/rules")) {
        assertThat(publish(c, command)).as(command).isEqualTo(NOT_AUTHORIZED);
      }
    } finally {
      close(c);
    }
    // The broker kept the device in the identities file of the mounted folder (what a restart reads).
    assertThat(Files.readString(root.resolve("local/mosquitto/dynamic-security.json"))).contains("compose-gw-7");
  }

  private static Path firstExisting(String... paths) {
    for (String p : paths) {
      if (Files.isRegularFile(Path.of(p))) {
        return Path.of(p);
      }
    }
    return null;
  }

  private static Path onPath(String name) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, name))) {
        return Path.of(d, name);
      }
    }
    return firstExisting("/usr/bin/" + name, "/usr/sbin/" + name);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static boolean portOpen(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
