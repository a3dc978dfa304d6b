package org.vigil.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.vigil.connectors.mqtt.devices.DynamicSecurityAdmin;
import org.vigil.connectors.mqtt.security.MqttClientSecurity;
import org.vigil.connectors.mqtt.MqttClientFactory;
import org.vigil.core.topics.Topics;
import org.vigil.core.settings.LocalSettings;

/**
 * Phase 7, a reconnect storm on the broker with MQTT security on: {@value #DEVICES} device identities are created
 * through the dynamic-security admin (in batches), all connect over TLS and publish, then the broker is restarted
 * (infra/services.sh stop/start) and every device reconnects on its own with exponential backoff and full jitter and
 * publishes again. Measured: the time until all are back and publishing, connection refusals, each device's
 * reconnect time (p50/p99), the broker's CPU; and, in the same run, the raw limit of one client loop (sequential TLS
 * handshake + MQTT CONNECT + DISCONNECT per second).
 *
 * <p>Its own Mosquitto instance ({@code .vigil/bench-secure}, port {@code VIGIL_BENCH_SECURE_MQTT_PORT}, default
 * 18842), started with an empty dynamic-security configuration each run and stopped at the end.
 */
final class ReconnectStormBench {

  static final int DEVICES = 2_000;
  private static final int BATCH = 200;
  private static final long BACKOFF_BASE_MS = 250;
  private static final long BACKOFF_CAP_MS = 8_000;
  private static final int CONNECTS_IN_FLIGHT = 64;

  private ReconnectStormBench() {}

  static void run(Path repo, Results.Phase p, int rawSeconds, int stormTimeoutSeconds) throws Exception {
    int port = BenchCli.port("VIGIL_BENCH_SECURE_MQTT_PORT", 18842);
    Path state = repo.resolve(".vigil/bench-secure");
    String url = "ssl://127.0.0.1:" + port;
    p.method(String.format(Locale.ROOT, "reconnect storm: Mosquitto with VIGIL_MQTT_SECURITY=on (TLS 1.2+, RSA-3072"
        + " certificate, dynamic security) on %s; %,d device identities made by vigil-admin through"
        + " $CONTROL/dynamic-security/v1 in batches of %d; each device one Paho v5 client in this JVM, connects over"
        + " TLS and publishes one QoS 1 reading on its own topic", url, DEVICES, BATCH));
    p.method(String.format(Locale.ROOT, "then infra/services.sh stop + start mosquitto; each device, on losing the"
        + " connection, retries after a random delay in [0, min(%d ms, %d ms x 2^attempt)] (full jitter), and counts"
        + " as back when a QoS 1 publish after reconnecting is acknowledged; its reconnect time is from losing the"
        + " connection to that acknowledgement", BACKOFF_CAP_MS, BACKOFF_BASE_MS));
    p.method(String.format(Locale.ROOT, "raw limit in the same run: one client loop, sequential TLS handshake (no"
        + " session resumption) + MQTT CONNECT/CONNACK + DISCONNECT as vigil-tools, %d s", rawSeconds));
    script(repo, state, port, "stop", "mosquitto");
    Services.deleteTree(state.resolve("mosquitto")); // the identities of an earlier run go with it
    script(repo, state, port, "start", "mosquitto");
    Path secrets = state.resolve("secrets");
    String ca = secrets.resolve("ca.crt").toString();
    List<Device> devices = new ArrayList<>();
    ScheduledExecutorService retries = Executors.newScheduledThreadPool(2, r -> {
      Thread t = new Thread(r, "storm-retry");
      t.setDaemon(true);
      return t;
    });
    try {
      // 1. Identities, in batches.
      long t0 = System.nanoTime();
      String run = Long.toString(System.currentTimeMillis(), 36);
      try (DynamicSecurityAdmin admin = new DynamicSecurityAdmin(url, new MqttClientSecurity("vigil-admin",
          secrets.resolve("mqtt-vigil-admin.password").toString(), ca), 120_000)) {
        for (int from = 0; from < DEVICES; from += BATCH) {
          Map<String, String> batch = new LinkedHashMap<>();
          for (int i = from; i < Math.min(DEVICES, from + BATCH); i++) {
            batch.put("storm-" + run + "-" + i, DynamicSecurityAdmin.dataTopic("storm", "rain", "r" + i));
          }
          for (DynamicSecurityAdmin.Device d : admin.addDevices(batch)) {
            devices.add(new Device(devices.size(), d.username(), d.password(), url, ca, retries));
          }
          if ((from / BATCH) % 5 == 4) {
            Log.say("  %,d identities made", devices.size());
          }
        }
      }
      double createS = (System.nanoTime() - t0) / 1e9;
      p.figures.put("identitiesCreateSeconds", Stats.round(createS, 2));
      p.row("identities made (batches of " + BATCH + ")", String.format(Locale.ROOT, "%,d in %.1f s (%,.0f/s)",
          DEVICES, createS, DEVICES / createS));

      // 2. Raw limit of one client loop.
      MqttClientSecurity tools = new MqttClientSecurity("vigil-tools",
          secrets.resolve("mqtt-vigil-tools.password").toString(), ca);
      MqttClientFactory toolsClients = MqttClientFactory.to(url, tools);
      long rawEnd = System.nanoTime() + rawSeconds * 1_000_000_000L;
      long rawStart = System.nanoTime();
      int handshakes = 0;
      while (System.nanoTime() < rawEnd) {
        MqttAsyncClient c = toolsClients.newAsyncClient(MqttClientFactory.clientId("storm-raw", handshakes));
        c.connect(toolsClients.options()).waitForCompletion(10_000);
        c.disconnect().waitForCompletion(10_000);
        c.close();
        handshakes++;
      }
      double rawRate = handshakes / ((System.nanoTime() - rawStart) / 1e9);
      p.figures.put("rawConnectsPerSecondOneLoop", Stats.round(rawRate, 1));
      p.row("raw: TLS connects/s, one sequential client loop", String.format(Locale.ROOT, "%.1f/s (%d in %d s)",
          rawRate, handshakes, rawSeconds));

      // 3. All devices connect and publish.
      long c0 = System.nanoTime();
      Semaphore inFlight = new Semaphore(CONNECTS_IN_FLIGHT);
      CountDownLatch first = new CountDownLatch(DEVICES);
      for (Device d : devices) {
        inFlight.acquire();
        d.start(first, inFlight);
      }
      if (!first.await(120, TimeUnit.SECONDS)) {
        throw new IllegalStateException((first.getCount()) + " of " + DEVICES + " devices did not connect and"
            + " publish within 120 s (initial connect, " + CONNECTS_IN_FLIGHT + " in flight)");
      }
      double connectS = (System.nanoTime() - c0) / 1e9;
      p.figures.put("initialConnectSeconds", Stats.round(connectS, 2));
      p.row("initial connect of all devices (" + CONNECTS_IN_FLIGHT + " in flight)", String.format(Locale.ROOT,
          "%.1f s (%,.0f/s)", connectS, DEVICES / connectS));
      long refusedBefore = Device.REFUSED_DOWN.get() + Device.REFUSED_BY_BROKER.get();

      // 4. The storm.
      CountDownLatch back = new CountDownLatch(DEVICES);
      for (Device d : devices) {
        d.armReconnect(back);
      }
      Log.say("  restarting the broker with %,d devices connected...", DEVICES);
      long s0 = System.nanoTime();
      script(repo, state, port, "stop", "mosquitto");
      long down = System.nanoTime();
      script(repo, state, port, "start", "mosquitto");
      long up = System.nanoTime();
      long brokerPid = Long.parseLong(Files.readString(state.resolve("mosquitto.pid")).strip());
      double cpu0 = Machine.cpuSeconds(brokerPid);
      double benchCpu0 = Machine.cpuSeconds(ProcessHandle.current().pid());
      boolean all = back.await(stormTimeoutSeconds, TimeUnit.SECONDS);
      long end = System.nanoTime();
      double brokerCpu = Machine.cpuSeconds(brokerPid) - cpu0;
      double benchCpu = Machine.cpuSeconds(ProcessHandle.current().pid()) - benchCpu0;
      List<Long> times = new ArrayList<>();
      for (Device d : devices) {
        if (d.reconnectMs >= 0) {
          times.add(d.reconnectMs);
        }
      }
      long refusedDown = Device.REFUSED_DOWN.get();
      long refusedBroker = Device.REFUSED_BY_BROKER.get();
      double allS = (end - s0) / 1e9;
      double fromUpS = (end - up) / 1e9;
      p.figures.put("devices", DEVICES);
      p.figures.put("devicesBack", times.size());
      p.figures.put("brokerStopSeconds", Stats.round((down - s0) / 1e9, 2));
      p.figures.put("brokerStartSeconds", Stats.round((up - down) / 1e9, 2));
      p.figures.put("allBackSecondsFromStop", Stats.round(allS, 2));
      p.figures.put("allBackSecondsFromBrokerReady", Stats.round(fromUpS, 2));
      p.figures.put("refusalsBrokerDown", refusedDown);
      p.figures.put("refusalsByBroker", refusedBroker);
      p.figures.put("refusalsBeforeStorm", refusedBefore);
      p.figures.put("reconnectP50Ms", Stats.percentile(times, 50));
      p.figures.put("reconnectP99Ms", Stats.percentile(times, 99));
      p.figures.put("reconnectMaxMs", Stats.percentile(times, 100));
      p.figures.put("brokerCpuSeconds", Stats.round(brokerCpu, 2));
      p.figures.put("benchCpuSeconds", Stats.round(benchCpu, 2));
      p.row("devices back and publishing", String.format(Locale.ROOT, "%,d of %,d", times.size(), DEVICES),
          "all", all ? "yes" : "NO");
      p.row("time until all back (from broker stop)", String.format(Locale.ROOT, "%.1f s (stop %.1f s, start %.1f s,"
          + " then %.1f s from the broker ready)", allS, (down - s0) / 1e9, (up - down) / 1e9, fromUpS));
      p.row("connection refusals during the storm", String.format(Locale.ROOT, "%,d while the broker was down or"
          + " starting (TCP/TLS), %,d by the broker (CONNACK)", refusedDown - refusedBefore, refusedBroker));
      p.row("reconnect time per device", String.format(Locale.ROOT, "p50 %,.0f ms, p99 %,.0f ms, max %,.0f ms",
          Stats.percentile(times, 50), Stats.percentile(times, 99), Stats.percentile(times, 100)));
      p.row("broker CPU from ready until all back", String.format(Locale.ROOT, "%.2f s (%.1f ms a device; devices'"
          + " JVM %.2f s)", brokerCpu, 1000 * brokerCpu / Math.max(1, times.size()), benchCpu));
      if (!all) {
        p.note((DEVICES - times.size()) + " devices were not back within " + stormTimeoutSeconds + " s");
      }
    } finally {
      retries.shutdownNow();
      for (Device d : devices) {
        d.close();
      }
      script(repo, state, port, "stop", "mosquitto");
    }
  }

  /** One device: its client, its own connect options (and so its own TLS session cache), its backoff. */
  static final class Device implements MqttCallback {
    static final AtomicLong REFUSED_DOWN = new AtomicLong();
    static final AtomicLong REFUSED_BY_BROKER = new AtomicLong();

    final int index;
    final String topic;
    final MqttAsyncClient client;
    final MqttConnectionOptions options;
    final ScheduledExecutorService retries;
    volatile CountDownLatch done;
    volatile Semaphore slot;
    volatile boolean storm;
    volatile long lostAtNs;
    volatile long reconnectMs = -1;
    volatile boolean closing;
    int attempt;

    Device(int index, String username, String password, String url, String ca, ScheduledExecutorService retries)
        throws MqttException {
      this.index = index;
      this.topic = Topics.reading("storm", "rain", "r" + index);
      this.retries = retries;
      // A device of its own: the password in hand, the project's CA; clean start, the bench reconnects itself.
      MqttClientFactory clients = MqttClientFactory.to(url, new MqttClientSecurity(null, null, ca))
          .credentials(username, password)
          .cleanSession()
          .noAutomaticReconnect();
      this.client = clients.newAsyncClient(username);
      client.setCallback(this);
      options = clients.options();
    }

    void start(CountDownLatch first, Semaphore inFlight) {
      done = first;
      slot = inFlight;
      connect();
    }

    void armReconnect(CountDownLatch back) {
      done = back;
      slot = null;
      storm = true;
      attempt = 0;
    }

    private void connect() {
      try {
        client.connect(options, null, new MqttActionListener() {
          @Override
          public void onSuccess(IMqttToken t) {
            attempt = 0;
            publish();
          }

          @Override
          public void onFailure(IMqttToken t, Throwable e) {
            refused(e);
          }
        });
      } catch (MqttException e) {
        refused(e);
      }
    }

    private void refused(Throwable e) {
      Semaphore s = slot;
      if (e instanceof MqttException m && m.getReasonCode() >= 0x80 && m.getReasonCode() <= 0xFF) {
        REFUSED_BY_BROKER.incrementAndGet();
      } else {
        REFUSED_DOWN.incrementAndGet();
      }
      if (s != null) { // the initial connect: retry at once in its slot, the broker was up
        retries.schedule(this::connect, 100, TimeUnit.MILLISECONDS);
        return;
      }
      retryLater();
    }

    private void retryLater() {
      if (closing) {
        return;
      }
      long ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS << Math.min(attempt, 10));
      attempt++;
      retries.schedule(this::connect, ThreadLocalRandom.current().nextLong(ceiling + 1), TimeUnit.MILLISECONDS);
    }

    private void publish() {
      MqttMessage m = new MqttMessage(("{\"ts\": " + System.currentTimeMillis() + ", \"seq\": 1, \"values\":"
          + " {\"rain_mm\": 0.2}}").getBytes(StandardCharsets.UTF_8));
      m.setQos(1);
      try {
        client.publish(topic, m, null, new MqttActionListener() {
          @Override
          public void onSuccess(IMqttToken t) {
            Semaphore s = slot;
            if (s != null) {
              slot = null;
              s.release();
            }
            if (storm) {
              reconnectMs = (System.nanoTime() - lostAtNs) / 1_000_000;
              storm = false;
            }
            CountDownLatch d = done;
            done = null;
            if (d != null) {
              d.countDown();
            }
          }

          @Override
          public void onFailure(IMqttToken t, Throwable e) {
            // lost again before the acknowledgement: disconnected() schedules the next attempt
          }
        });
      } catch (MqttException e) {
        // not connected any more: disconnected() schedules the next attempt
      }
    }

    @Override
    public void disconnected(MqttDisconnectResponse r) {
      if (closing) {
        return;
      }
      if (storm && lostAtNs == 0) {
        lostAtNs = System.nanoTime();
      }
      retryLater();
    }

    void close() {
      closing = true;
      try {
        if (client.isConnected()) {
          client.disconnectForcibly(0, 1000, false);
        }
        client.close(true);
      } catch (MqttException e) {
        // the broker is stopped next anyway
      }
    }

    @Override
    public void mqttErrorOccurred(MqttException e) {}

    @Override
    public void messageArrived(String topic, MqttMessage m) {}

    @Override
    public void deliveryComplete(IMqttToken t) {}

    @Override
    public void connectComplete(boolean reconnect, String uri) {}

    @Override
    public void authPacketArrived(int reason, MqttProperties props) {}
  }

  private static void script(Path repo, Path state, int port, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(repo.resolve("infra/services.sh").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put(LocalSettings.STATE_DIR.key(), state.toString());
    pb.environment().put(LocalSettings.MQTT_PORT.key(), Integer.toString(port));
    pb.environment().put(LocalSettings.MQTT_SECURITY.key(), "on");
    Process proc = pb.start();
    String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int rc = proc.waitFor();
    for (String line : out.split("\n")) {
      if (!line.isBlank()) {
        System.out.println("  " + line);
      }
    }
    if (rc != 0) {
      throw new IllegalStateException("infra/services.sh " + String.join(" ", args) + " (" + state + ") failed (exit "
          + rc + ")");
    }
  }
}
