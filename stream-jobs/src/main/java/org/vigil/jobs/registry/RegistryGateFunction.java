package org.vigil.jobs.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.vigil.core.DeadLetter;
import org.vigil.core.Reading;
import org.vigil.registry.Device;
import org.vigil.registry.Registry;

/**
 * Lets through the readings of registered devices, with the registry hot-reloaded through broadcast state: a
 * reading of a site the registry does not know is a dead letter {@value #UNKNOWN_SITE}, one of a known site but an
 * unregistered device {@value #UNKNOWN_DEVICE}; both are counted ({@code deadLetters} in total and per
 * {@code reason}). For each registered device it reports to {@link #SEEN} that it was heard from, at most once per
 * {@link org.vigil.registry.NoDataWatch#slackMs}, with how many of its readings arrived on time since (device time
 * within its no-data silence of the arrival) and their newest battery and signal, for the no-data watch and device
 * health ({@link SeenThinning}). Frames go through {@link FrameGateFunction}. Only {@link #processBroadcastElement}
 * writes the registry; a version not newer than the one in force is ignored.
 */
public final class RegistryGateFunction extends BroadcastProcessFunction<Reading, RegistryUpdate, Reading> {

  /** The registry in force: one entry, key {@link #IN_FORCE}. Used on every side of the broadcast. */
  public static final MapStateDescriptor<String, RegistryUpdate> REGISTRY =
      new MapStateDescriptor<>("registry", Types.STRING, TypeInformation.of(RegistryUpdate.class));

  public static final String IN_FORCE = "in-force";

  /** Reason of a reading from a site the registry does not know. */
  public static final String UNKNOWN_SITE = "unknown_site";

  /** Reason of a reading from a known site's unregistered device. */
  public static final String UNKNOWN_DEVICE = "unknown_device";

  /** Rejected readings. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("registry-gate-dead-letters") {};

  /** Registered devices heard from. */
  public static final OutputTag<DeviceSeen> SEEN = new OutputTag<>("registry-devices-seen") {};

  private static final ObjectMapper JSON = new ObjectMapper();

  private final RegistryUpdate initial;
  private transient RegistryCache cache;
  private transient SeenThinning seen;
  private transient GateCounters counters;

  /** @param initial the registry in force until one is published (version 0, from the file) */
  public RegistryGateFunction(RegistryUpdate initial) {
    this.initial = initial;
  }

  @Override
  public void open(OpenContext openContext) {
    cache = new RegistryCache();
    seen = new SeenThinning(false);
    counters = new GateCounters(getRuntimeContext().getMetricGroup());
  }

  /**
   * The registry in force: the newest published one, else the start-up one; null when there is neither (a job
   * started without a registry that has not received one).
   */
  public static RegistryUpdate inForce(ReadOnlyBroadcastState<String, RegistryUpdate> state, RegistryUpdate initial)
      throws Exception {
    RegistryUpdate u = state.get(IN_FORCE);
    return u == null || (initial != null && u.version() < initial.version()) ? initial : u;
  }

  @Override
  public void processElement(Reading r, ReadOnlyContext ctx, Collector<Reading> out) throws Exception {
    RegistryUpdate u = inForce(ctx.getBroadcastState(REGISTRY), initial);
    Registry registry = cache.of(u);
    long now = ctx.currentProcessingTime();
    if (!registry.hasSite(r.site())) {
      counters.unknownSite();
      ctx.output(DEAD_LETTERS, deadLetter(r, UNKNOWN_SITE, "site '" + r.site() + "' is not in the registry (version "
          + u.version() + ", " + registry.sites().size() + " sites)", now));
      return;
    }
    Device d = registry.device(r.subject());
    if (d == null) {
      counters.unknownDevice();
      ctx.output(DEAD_LETTERS, deadLetter(r, UNKNOWN_DEVICE, r.kind().wireName() + " '" + r.sensorId()
          + "' is not registered at site '" + r.site() + "' (registry version " + u.version() + ")", now));
      return;
    }
    DeviceSeen s = seen.report(d, registry, now, r.timestampMs(), r.batteryV(), r.rssi());
    if (s != null) {
      ctx.output(SEEN, s);
    }
    out.collect(r);
  }

  /**
   * Takes {@code update} into an operator's broadcast state when it is newer than the registry in force there (every
   * registry operator's rule: a version only ever moves forward); true when it did.
   */
  public static boolean takeIfNewer(BroadcastState<String, RegistryUpdate> state, RegistryUpdate initial,
      RegistryUpdate update) throws Exception {
    RegistryUpdate now = inForce(state, initial);
    if (now != null && update.version() <= now.version()) {
      return false;
    }
    state.put(IN_FORCE, update);
    return true;
  }

  @Override
  public void processBroadcastElement(RegistryUpdate update, Context ctx, Collector<Reading> out) throws Exception {
    if (takeIfNewer(ctx.getBroadcastState(REGISTRY), initial, update)) {
      seen.registryChanged();
    }
  }

  /** A dead letter carrying the reading as decoded. */
  static DeadLetter deadLetter(Reading r, String reason, String detail, long now) {
    ObjectNode n = JSON.createObjectNode();
    n.put("ts", r.timestampMs());
    if (r.seq() >= 0) {
      n.put("seq", r.seq());
    }
    ObjectNode values = n.putObject("values");
    r.values().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> values.put(e.getKey(), e.getValue()));
    String text = n.toString();
    return new DeadLetter("vigil/" + r.subject() + "/data", reason, detail, text,
        text.getBytes(StandardCharsets.UTF_8).length, now);
  }
}
