package org.vigil.simulator;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.vigil.connectors.mqtt.security.MqttClientSecurity;
import org.vigil.simulator.SimulatorOptions.Scenario;
import org.vigil.connectors.mqtt.MqttClientFactory;

/**
 * Publishes the readings of a {@link DeviceFleet} to MQTT at QoS 1: first the history since the storm began (the
 * storm scenario's lead), as fast as the broker takes it, then one report per device per interval on the wall
 * clock. Runs on the calling thread until {@link #stop()} or the configured duration.
 */
public final class DeviceSimulator implements Runnable {

  private static final int MAX_IN_FLIGHT = 1000;
  /** MQTT 5 PUBACK reason code: the message was accepted but no subscription matched it. */
  private static final int NO_MATCHING_SUBSCRIBERS = 0x10;

  private final SimulatorOptions options;
  private final Consumer<String> progress;
  private final Clock clock;
  private final MqttClientSecurity security;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong resent = new AtomicLong();
  private volatile boolean running = true;
  private volatile long failureAtMs = Long.MIN_VALUE;

  /**
   * @param progress receives a line now and then (start, backfill done, counts every 30 s)
   */
  public DeviceSimulator(SimulatorOptions options, Consumer<String> progress, Clock clock) {
    this(options, MqttClientSecurity.forIdentity(MqttClientSecurity.SIMULATOR), progress, clock);
  }

  /**
   * @param security the identity (vigil-simulator, or a device's) and the broker's CA the simulator connects with
   */
  public DeviceSimulator(SimulatorOptions options, MqttClientSecurity security, Consumer<String> progress, Clock clock) {
    this.security = security;
    this.options = options;
    this.progress = progress;
    this.clock = clock;
  }

  /** Slope scenario: when the simulated slope fails (epoch ms), once the run has started; else Long.MIN_VALUE. */
  public long failureAtMs() {
    return failureAtMs;
  }

  /** Messages acknowledged by the broker so far. */
  public long published() {
    return published.get();
  }

  /** Asks the run to end after the current report; returns at once. */
  public void stop() {
    running = false;
  }

  /** Waits until {@link #run()} has returned. */
  public boolean awaitStopped(long timeout, TimeUnit unit) throws InterruptedException {
    return stopped.await(timeout, unit);
  }

  @Override
  public void run() {
    MqttAsyncClient client = null;
    try {
      client = connect();
      long interval = options.interval().toMillis();
      long start = clock.millis() / interval * interval;
      DeviceFleet fleet = new DeviceFleet(options, start);
      if (options.scenario() == Scenario.SLOPE) {
        failureAtMs = fleet.failureMs();
      }
      progress.accept(String.format(Locale.ROOT, "simulator: %d devices at %d sites, a report every %d ms, scenario %s%s",
          fleet.size(), options.sites().size(), interval, options.scenario().name().toLowerCase(Locale.ROOT),
          options.scenario() == Scenario.CALM || options.affectedSites().isEmpty() ? ""
              : " at " + String.join(", ", options.affectedSites()) + " (" + fleet.affectedSize()
                  + " devices; drizzle elsewhere)"));
      ArrayDeque<Pending> inFlight = new ArrayDeque<>();
      awaitSubscriber(client, fleet);
      long t = start;
      // The next live report of the devices the scenario does not affect: they report on time during the backfill.
      long othersNext = start;
      if (options.scenario() == Scenario.STORM && !options.stormLead().isZero()) {
        t = fleet.stormStartMs() / interval * interval;
        while (t < start && running) {
          for (DeviceFleet.Message m : fleet.historyAt(t, interval)) {
            publish(client, m, inFlight);
          }
          t += interval;
          othersNext = othersOnTime(client, fleet, othersNext, interval, inFlight);
        }
        drain(client, inFlight);
        progress.accept(String.format(Locale.ROOT,
            "simulator: published %d readings of the storm's first %d min (backfill); now live",
            published.get(), options.stormLead().toMinutes()));
      }
      if (options.scenario() == Scenario.SLOPE && !options.history().isZero()) {
        long step = options.historyInterval().toMillis();
        long h = fleet.historyStartMs();
        long nextNote = clock.millis() + 10_000;
        while (h < start && running) {
          for (DeviceFleet.Message m : fleet.historyAt(h, step)) {
            publish(client, m, inFlight);
          }
          h += step;
          othersNext = othersOnTime(client, fleet, othersNext, interval, inFlight);
          if (clock.millis() >= nextNote) {
            nextNote += 10_000;
            progress.accept(String.format(Locale.ROOT, "simulator: backfill at %s, %d readings published",
                java.time.Instant.ofEpochMilli(h), published.get()));
          }
        }
        drain(client, inFlight);
        progress.accept(String.format(Locale.ROOT,
            "simulator: published %d readings of the slope's last %d days (backfill, a report every %d min); the "
                + "slope fails at %s; now live", published.get(), options.history().toDays(), step / 60_000,
            java.time.Instant.ofEpochMilli(fleet.failureMs())));
      }
      long end = options.duration() == null ? Long.MAX_VALUE : start + options.duration().toMillis();
      long nextProgress = clock.millis() + 30_000;
      while (running && t <= end) {
        long wait = t - clock.millis();
        if (wait > 0) {
          Thread.sleep(Math.min(wait, 200));
          continue;
        }
        // Reports the unaffected devices already sent during the backfill are not sent again.
        for (DeviceFleet.Message m : t < othersNext ? fleet.historyAt(t, interval) : fleet.reportsAt(t)) {
          publish(client, m, inFlight);
        }
        drain(client, inFlight); // live reports are few: wait for their PUBACKs so the count is current
        t += interval;
        if (clock.millis() >= nextProgress) {
          nextProgress += 30_000;
          progress.accept(String.format(Locale.ROOT, "simulator: %d readings published%s, rain rate now %.1f mm/h",
              published.get(), resent.get() == 0 ? "" : " (" + resent.get() + " sent again: broker away or no"
                  + " subscriber yet)", fleet.rainRate(t)));
        }
      }
      drain(client, inFlight);
      client.disconnect().waitForCompletion(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (MqttException e) {
      throw new IllegalStateException("simulator: MQTT failed at " + options.mqttUrl() + ": " + e.getMessage()
          + " (is the broker running? infra/services.sh start)", e);
    } finally {
      if (client != null) {
        try {
          client.close(true);
        } catch (MqttException e) {
          // closing after a failure; nothing more to do
        }
      }
      stopped.countDown();
    }
  }

  private MqttAsyncClient connect() throws MqttException {
    MqttClientFactory clients = MqttClientFactory.to(options.mqttUrl(), security)
        .cleanSession()
        .automaticReconnect()
        .receiveMaximum(MAX_IN_FLIGHT)
        .connectionTimeout(Duration.ofSeconds(10));
    return clients.connectAsync(MqttClientFactory.clientId("vigil-simulator", options.seed()));
  }

  /**
   * Readings published while nobody subscribes are discarded by the broker (a job that is still starting has not
   * subscribed yet). MQTT 5 tells the publisher: PUBACK reason code 16, "no matching subscribers". Waits for a
   * subscriber by publishing one device's first report until the broker has somewhere to deliver it (the repeats
   * carry the same timestamp, so storing them is idempotent).
   */
  private void awaitSubscriber(MqttAsyncClient client, DeviceFleet fleet) throws MqttException, InterruptedException {
    DeviceFleet.Message first = fleet.firstMessage();
    long waitingSince = clock.millis();
    long nextNote = waitingSince;
    while (running) {
      MqttMessage msg = new MqttMessage(first.payload());
      msg.setQos(1);
      IMqttToken token = client.publish(first.topic(), msg);
      token.waitForCompletion(30_000);
      int[] codes = token.getReasonCodes();
      if (codes == null || codes.length == 0 || codes[0] != NO_MATCHING_SUBSCRIBERS) {
        return;
      }
      if (clock.millis() >= nextNote) {
        progress.accept("simulator: waiting for a subscriber to " + first.topic() + " (is the job running?)");
        nextNote += 10_000;
      }
      Thread.sleep(250);
    }
  }

  /**
   * During a backfill: the live reports of the unaffected devices that are due by the wall clock, from
   * {@code next} on; returns the next one due.
   */
  private long othersOnTime(MqttAsyncClient client, DeviceFleet fleet, long next, long interval,
      ArrayDeque<Pending> inFlight) throws InterruptedException {
    if (options.scenario() == Scenario.CALM || options.affectedSites().isEmpty()) {
      return next; // every device is affected: nothing reports live before the backfill is done
    }
    while (next <= clock.millis() && running) {
      for (DeviceFleet.Message m : fleet.othersAt(next, interval)) {
        publish(client, m, inFlight);
      }
      next += interval;
    }
    return next;
  }

  /** A reading on its way: kept until the broker has taken it for at least one subscriber. */
  private record Pending(DeviceFleet.Message message, IMqttToken token) {}

  private void publish(MqttAsyncClient client, DeviceFleet.Message m, ArrayDeque<Pending> inFlight)
      throws InterruptedException {
    while (inFlight.size() >= MAX_IN_FLIGHT) {
      settle(client, inFlight.poll());
    }
    IMqttToken token = send(client, m);
    // Refused on the spot (Paho's in-flight window still full though the oldest token completed, or the client is
    // reconnecting): make room and send it now, rather than after the window of newer readings, as a resend from the
    // queue's head would, which put a backfill's readings a thousand messages out of order.
    while (token == null && running && !inFlight.isEmpty()) {
      settle(client, inFlight.poll());
      token = send(client, m);
    }
    inFlight.add(new Pending(m, token));
  }

  private void drain(MqttAsyncClient client, ArrayDeque<Pending> inFlight) throws InterruptedException {
    while (!inFlight.isEmpty()) {
      settle(client, inFlight.poll());
    }
  }

  /**
   * Waits for the broker's PUBACK and, like a careful device, sends the reading again until the broker took it: after
   * a lost connection, and after PUBACK reason 16 "no matching subscribers" (a restarted broker discards readings
   * until the job's readers have subscribed again).
   */
  private void settle(MqttAsyncClient client, Pending p) throws InterruptedException {
    IMqttToken token = p.token();
    while (running) {
      if (token != null) {
        try {
          token.waitForCompletion(30_000);
          int[] codes = token.getReasonCodes();
          if (codes == null || codes.length == 0 || codes[0] != NO_MATCHING_SUBSCRIBERS) {
            published.incrementAndGet();
            return;
          }
        } catch (MqttException e) {
          // connection lost or timed out: send again below
        }
      }
      resent.incrementAndGet();
      Thread.sleep(250);
      token = send(client, p.message());
    }
  }

  /** Publishes at QoS 1; null when the client is not connected right now (it reconnects by itself). */
  private static IMqttToken send(MqttAsyncClient client, DeviceFleet.Message m) {
    MqttMessage msg = new MqttMessage(m.payload());
    msg.setQos(1);
    try {
      return client.publish(m.topic(), msg);
    } catch (MqttException e) {
      return null;
    }
  }
}
