package org.vigil.jobs.modes;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.alerts.rules.Mode;
import org.vigil.connectors.mqtt.source.MqttRecord;
import org.vigil.core.DeadLetter;
import org.vigil.jobs.audit.CommandAudit;
import org.vigil.jobs.registry.RegistryCache;
import org.vigil.jobs.registry.RegistryGateFunction;
import org.vigil.jobs.registry.RegistryUpdate;
import org.vigil.jobs.rules.SiteModes;
import org.vigil.registry.Registry;

/**
 * The regions' command modes (one key, {@link #KEY}; parallelism 1): takes the switches requested on {@code
 * vigil/control/mode/<identity>} ({@link ModeRequest}), keeps each region's own mode in keyed state (checkpointed: a
 * restart keeps it), and emits each change as a {@link ModeStatus} (published retained on {@code vigil/mode/<region>}),
 * the switch on {@link #AUDIT} (InfluxDB {@code commands}, kind {@code mode}), and the sites' effective modes on
 * {@link #SITE_MODES} for the rule operators and noise control (again whenever the registry in force changes).
 *
 * <p>A request is carried out only when the registry in force (broadcast, hot-reloaded; the start-up one until a
 * version arrives) knows the region and the operator's region and places the region inside the operator's; one that
 * is not, or cannot be read, goes to {@link #DEAD_LETTERS} with reason {@value #REFUSED}. A request id seen before is
 * ignored (the broker delivers at least once).
 */
public final class ModeFunction extends KeyedBroadcastProcessFunction<String, MqttRecord, RegistryUpdate, ModeStatus> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ModeFunction.class);

  /** The one key: every region's mode in one place, so that a site's effective mode is worked out over the tree. */
  public static final String KEY = "modes";

  /** Reason of a request the job does not carry out. */
  public static final String REFUSED = "mode_request_refused";

  /** Requests refused. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("mode-request-dead-letters") {};

  /** Switches carried out, for the command audit. */
  public static final OutputTag<CommandAudit> AUDIT = new OutputTag<>("mode-requests-audit") {};

  /** The sites' effective modes, after every change. */
  public static final OutputTag<SiteModes> SITE_MODES =
      new OutputTag<>("site-modes", TypeInformation.of(SiteModes.class));

  /** Each region's own mode, by region id (regions that inherit are absent). */
  static final MapStateDescriptor<String, RegionMode> OWN =
      new MapStateDescriptor<>("mode-regions", Types.STRING, TypeInformation.of(RegionMode.class));

  /** The ids of the requests taken, with when they were received. */
  static final MapStateDescriptor<String, Long> SEEN =
      new MapStateDescriptor<>("mode-requests-seen", Types.STRING, Types.LONG);

  private final RegistryUpdate initial;
  private transient MapState<String, RegionMode> own;
  private transient MapState<String, Long> seen;
  private transient RegistryCache registries;
  private transient long lastSeq;
  private transient Counter refused;
  private transient Counter switched;

  /** @param initial the start-up registry, or null when there is none (requests are refused until one arrives) */
  public ModeFunction(RegistryUpdate initial) {
    this.initial = initial;
  }

  @Override
  public void open(OpenContext ctx) {
    own = getRuntimeContext().getMapState(OWN);
    seen = getRuntimeContext().getMapState(SEEN);
    registries = new RegistryCache();
    lastSeq = Long.MIN_VALUE;
    refused = getRuntimeContext().getMetricGroup().counter("modeRequestsRefused");
    switched = getRuntimeContext().getMetricGroup().counter("modeSwitches");
  }

  @Override
  public void processElement(MqttRecord in, ReadOnlyContext ctx, Collector<ModeStatus> out) throws Exception {
    ModeRequest r;
    try {
      r = ModeRequest.parse(in.topic(), in.payload(), in.receivedAtMs());
    } catch (IllegalArgumentException e) {
      refuse(ctx, in.topic(), new String(in.payload(), StandardCharsets.UTF_8), in.receivedAtMs(), e.getMessage());
      return;
    }
    if (seen.contains(r.request())) {
      LOG.debug("mode request {} was taken already; not carried out twice", r.request());
      return;
    }
    seen.put(r.request(), r.receivedAtMs());
    Registry reg = registry(ctx.getBroadcastState(RegistryGateFunction.REGISTRY));
    String why = refusal(r, reg);
    if (why != null) {
      LOG.warn("mode request {} by {} refused: {}", r.request(), r.operator(), why);
      refuse(ctx, r.topic(), r.payload(), r.receivedAtMs(), why);
      return;
    }
    long now = ctx.timerService().currentProcessingTime();
    RegionMode before = own.get(r.region());
    if (ModeRequest.INHERIT.equals(r.mode())) {
      own.remove(r.region());
      if (before != null) {
        out.collect(new ModeStatus(r.region(), null, r.operator(), now, r.reason(), r.request()));
      }
    } else {
      String mode = Mode.fromWire(r.mode()).wireName();
      own.put(r.region(), new RegionMode(r.region(), mode, r.operator(), now, r.reason(), r.request()));
      out.collect(new ModeStatus(r.region(), mode, r.operator(), now, r.reason(), r.request()));
    }
    switched.inc();
    LOG.info("mode of region {}: {} -> {} by {} ({}; request {})", r.region(),
        before == null ? "inherit" : before.mode, r.mode(), r.operator(), r.reason(), r.request());
    ctx.output(AUDIT, new CommandAudit("mode", r.identity(), r.operator(), r.region(), r.topic(), now,
        (before == null ? "inherit" : before.mode) + " -> " + r.mode() + ": " + r.reason() + " (request "
            + r.request() + ")"));
    ctx.output(SITE_MODES, SiteModes.of(nextSeq(now), reg, ownModes()));
  }

  private void refuse(ReadOnlyContext ctx, String topic, String payload, long receivedAtMs, String why) {
    refused.inc();
    String p = payload.length() > 4096 ? payload.substring(0, 4096) : payload;
    ctx.output(DEAD_LETTERS, new DeadLetter(topic, REFUSED, why, p,
        payload.getBytes(StandardCharsets.UTF_8).length, receivedAtMs));
  }

  /** Why a request is not carried out, or null when it is. */
  static String refusal(ModeRequest r, Registry reg) {
    if (reg == null) {
      return "no registry in force: regions cannot be checked";
    }
    if (!reg.regions().containsKey(r.operatorRegion())) {
      return "the operator's region '" + r.operatorRegion() + "' is not a region of the registry in force";
    }
    if (!reg.regions().containsKey(r.region())) {
      return "region '" + r.region() + "' is not a region of the registry in force";
    }
    if (!reg.within(r.region(), r.operatorRegion())) {
      return "region '" + r.region() + "' is not inside the operator's region '" + r.operatorRegion() + "'";
    }
    return null;
  }

  @Override
  public void processBroadcastElement(RegistryUpdate update, Context ctx, Collector<ModeStatus> out) throws Exception {
    if (!RegistryGateFunction.takeIfNewer(ctx.getBroadcastState(RegistryGateFunction.REGISTRY), initial, update)) {
      return;
    }
    // Sites may have moved between regions, or come and gone: the table anew with the regions' modes.
    Map<String, Mode> modes = new HashMap<>();
    ctx.applyToKeyedState(OWN, (key, state) -> {
      for (Map.Entry<String, RegionMode> e : state.entries()) {
        Mode m = Mode.fromWire(e.getValue().mode);
        if (m != null) {
          modes.put(e.getKey(), m);
        }
      }
    });
    Registry reg = registry(ctx.getBroadcastState(RegistryGateFunction.REGISTRY));
    ctx.output(SITE_MODES, SiteModes.of(nextSeq(ctx.currentProcessingTime()), reg, modes));
  }

  private Map<String, Mode> ownModes() throws Exception {
    Map<String, Mode> out = new HashMap<>();
    for (Map.Entry<String, RegionMode> e : own.entries()) {
      Mode m = Mode.fromWire(e.getValue().mode);
      if (m != null) {
        out.put(e.getKey(), m);
      }
    }
    return out;
  }

  private long nextSeq(long now) {
    lastSeq = Math.max(lastSeq == Long.MIN_VALUE ? now : lastSeq + 1, now);
    return lastSeq;
  }

  private Registry registry(ReadOnlyBroadcastState<String, RegistryUpdate> state) throws Exception {
    RegistryUpdate u = RegistryGateFunction.inForce(state, initial);
    return u == null ? null : registries.of(u);
  }
}
