package org.vigil.jobs.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.vigil.registry.Device;
import org.vigil.registry.DeviceHealth;
import org.vigil.registry.DeviceTally;
import org.vigil.registry.HealthBook;
import org.vigil.registry.Registry;

/**
 * Device health ({@link HealthBook}): keyed by a constant (parallelism 1), one {@link DeviceTally} per registered
 * device in a map state, fed by the gate's reports (with their counts, battery and signal); every
 * {@code VIGIL_DEVICE_HEALTH_INTERVAL} of wall clock (default {@link #EVERY_MS}) it emits the health of every device, site and region. Devices of a new registry
 * version are counted from when it reached this operator; devices that left it are dropped.
 */
public final class DeviceHealthFunction
    extends KeyedBroadcastProcessFunction<String, DeviceSeen, RegistryUpdate, DeviceHealth> {

  /** How often the health of everything is emitted by default ({@code VIGIL_DEVICE_HEALTH_INTERVAL}). */
  public static final long EVERY_MS = 60_000;

  private final RegistryUpdate initial;
  private final long everyMs;
  private transient MapState<String, DeviceTally> tallies;
  private transient ValueState<RegistryUpdate> counted;
  private transient ValueState<Long> timerAt;
  private transient RegistryCache cache;
  private transient long openedAtMs;

  public DeviceHealthFunction(RegistryUpdate initial) {
    this(initial, EVERY_MS);
  }

  /** @param everyMs how often the health of everything is emitted, wall clock */
  public DeviceHealthFunction(RegistryUpdate initial, long everyMs) {
    if (everyMs <= 0) {
      throw new IllegalArgumentException("the health interval must be positive, not " + everyMs + " ms");
    }
    this.initial = initial;
    this.everyMs = everyMs;
  }

  @Override
  public void open(OpenContext openContext) {
    tallies = getRuntimeContext().getMapState(new MapStateDescriptor<>("health-devices", Types.STRING,
        TypeInformation.of(DeviceTally.class)));
    counted = getRuntimeContext().getState(new ValueStateDescriptor<>("health-registry", RegistryUpdate.class));
    timerAt = getRuntimeContext().getState(new ValueStateDescriptor<>("health-timer", Long.class));
    cache = new RegistryCache();
    openedAtMs = Long.MIN_VALUE;
  }

  @Override
  public void processElement(DeviceSeen seen, ReadOnlyContext ctx, Collector<DeviceHealth> out) throws Exception {
    long now = ctx.timerService().currentProcessingTime();
    if (openedAtMs == Long.MIN_VALUE) {
      openedAtMs = now;
    }
    RegistryUpdate inForce = RegistryGateFunction.inForce(ctx.getBroadcastState(RegistryGateFunction.REGISTRY), initial);
    Registry registry = cache.of(inForce);
    sync(registry, inForce, now);
    if (registry.device(seen.subject()) != null) {
      DeviceTally t = tallies.get(seen.subject());
      if (t == null) {
        t = DeviceTally.since(now);
      }
      HealthBook.onReports(t, seen.count(), seen.arrivedAtMs(), seen.batteryV(), seen.rssi());
      tallies.put(seen.subject(), t);
    }
    if (timerAt.value() == null) {
      long at = (now / everyMs + 1) * everyMs;
      timerAt.update(at);
      ctx.timerService().registerProcessingTimeTimer(at);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<DeviceHealth> out) throws Exception {
    long now = ctx.timerService().currentProcessingTime();
    RegistryUpdate inForce = RegistryGateFunction.inForce(ctx.getBroadcastState(RegistryGateFunction.REGISTRY), initial);
    Registry registry = cache.of(inForce);
    if (openedAtMs == Long.MIN_VALUE) {
      openedAtMs = now;
    }
    sync(registry, inForce, now);
    Map<String, DeviceTally> all = new HashMap<>();
    for (Map.Entry<String, DeviceTally> e : tallies.entries()) {
      all.put(e.getKey(), e.getValue());
    }
    HealthBook.all(registry, all, timestamp).forEach(out::collect);
    for (Map.Entry<String, DeviceTally> e : all.entrySet()) {
      tallies.put(e.getKey(), e.getValue()); // days and months rolled over
    }
    long next = timestamp + everyMs;
    timerAt.update(next);
    ctx.timerService().registerProcessingTimeTimer(next);
  }

  @Override
  public void processBroadcastElement(RegistryUpdate update, Context ctx, Collector<DeviceHealth> out)
      throws Exception {
    // taken on at the next report or timer
    RegistryGateFunction.takeIfNewer(ctx.getBroadcastState(RegistryGateFunction.REGISTRY), initial, update);
  }

  private void sync(Registry registry, RegistryUpdate is, long now) throws Exception {
    RegistryUpdate was = counted.value();
    if (was != null && was.version() == is.version() && was.yaml().equals(is.yaml())) {
      return;
    }
    long since = was == null ? openedAtMs : now;
    List<String> gone = new ArrayList<>();
    for (String subject : tallies.keys()) {
      if (registry.device(subject) == null) {
        gone.add(subject);
      }
    }
    for (String g : gone) {
      tallies.remove(g);
    }
    for (Device d : registry.devices().values()) {
      if (!tallies.contains(d.subject())) {
        tallies.put(d.subject(), DeviceTally.since(since));
      }
    }
    counted.update(is);
  }
}
