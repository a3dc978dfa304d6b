package org.vigil.jobs.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.vigil.core.AlertEvent;
import org.vigil.registry.Device;
import org.vigil.registry.DeviceSilence;
import org.vigil.registry.NoDataWatch;
import org.vigil.registry.Registry;

/**
 * The no-data watch of registered devices ({@link NoDataWatch}, rule {@value NoDataWatch#RULE}), on the wall clock:
 * keyed by a constant (parallelism 1), one {@link DeviceSilence} per registered device in a map state, one
 * processing-time timer at the earliest deadline. Devices of a registry version are taken on at the first report or
 * timer after it took effect (the start-up registry: from this operator's start), devices that left it have their
 * no-data alert resolved. A device that never reports raises its alert like one that stopped.
 */
public final class NoDataFunction extends KeyedBroadcastProcessFunction<String, DeviceSeen, RegistryUpdate, AlertEvent> {

  /** The key of the stream of reports: one instance watches every device. */
  public static final String KEY = "devices";

  private final RegistryUpdate initial;
  private transient MapState<String, DeviceSilence> devices;
  private transient ValueState<RegistryUpdate> watched;
  private transient ValueState<Long> timerAt;
  private transient RegistryCache cache;
  private transient RegistryCache watchedCache;
  private transient long openedAtMs;

  /** @param initial the registry in force until one is published (version 0, from the file) */
  public NoDataFunction(RegistryUpdate initial) {
    this.initial = initial;
  }

  @Override
  public void open(OpenContext openContext) {
    devices = getRuntimeContext().getMapState(new MapStateDescriptor<>("no-data-devices", Types.STRING,
        TypeInformation.of(DeviceSilence.class)));
    watched = getRuntimeContext().getState(new ValueStateDescriptor<>("no-data-registry", RegistryUpdate.class));
    timerAt = getRuntimeContext().getState(new ValueStateDescriptor<>("no-data-timer", Long.class));
    cache = new RegistryCache();
    watchedCache = new RegistryCache();
    openedAtMs = Long.MIN_VALUE;
  }

  @Override
  public void processElement(DeviceSeen seen, ReadOnlyContext ctx, Collector<AlertEvent> out) throws Exception {
    long now = ctx.timerService().currentProcessingTime();
    if (openedAtMs == Long.MIN_VALUE) {
      openedAtMs = now;
    }
    RegistryUpdate inForce = RegistryGateFunction.inForce(ctx.getBroadcastState(RegistryGateFunction.REGISTRY), initial);
    Registry registry = cache.of(inForce);
    boolean synced = sync(registry, inForce, now, out);
    Device d = registry.device(seen.subject());
    if (d != null) {
      DeviceSilence s = devices.get(seen.subject());
      if (s == null) {
        s = DeviceSilence.since(now);
      }
      NoDataWatch.onReport(d, s, seen.arrivedAtMs()).ifPresent(out::collect);
      devices.put(seen.subject(), s);
      if (!synced) {
        schedule(NoDataWatch.deadlineMs(d, registry.noData(), s), ctx.timerService());
      }
    }
    if (synced) {
      rescan(registry, now, ctx.timerService(), out);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<AlertEvent> out) throws Exception {
    Long at = timerAt.value();
    if (at == null || at != timestamp) {
      return; // superseded
    }
    timerAt.clear();
    long now = ctx.timerService().currentProcessingTime();
    if (openedAtMs == Long.MIN_VALUE) {
      openedAtMs = now;
    }
    RegistryUpdate inForce = RegistryGateFunction.inForce(ctx.getBroadcastState(RegistryGateFunction.REGISTRY), initial);
    Registry registry = cache.of(inForce);
    sync(registry, inForce, now, out);
    rescan(registry, now, ctx.timerService(), out);
  }

  @Override
  public void processBroadcastElement(RegistryUpdate update, Context ctx, Collector<AlertEvent> out)
      throws Exception {
    // taken on at the next report or timer
    RegistryGateFunction.takeIfNewer(ctx.getBroadcastState(RegistryGateFunction.REGISTRY), initial, update);
  }

  /** Takes on the registry in force if it is not the one watched; true when it did. */
  private boolean sync(Registry registry, RegistryUpdate is, long now, Collector<AlertEvent> out) throws Exception {
    RegistryUpdate was = watched.value();
    if (was != null && was.version() == is.version() && was.yaml().equals(is.yaml())) {
      return false;
    }
    // The start-up registry took effect when this operator started; a published one when it arrived here.
    long since = was == null ? openedAtMs : now;
    Registry before = was == null ? null : watchedCache.of(was);
    List<String> gone = new ArrayList<>();
    for (Map.Entry<String, DeviceSilence> e : devices.entries()) {
      if (registry.device(e.getKey()) == null) {
        gone.add(e.getKey());
        Device old = before == null ? null : before.device(e.getKey());
        if (old != null) {
          NoDataWatch.onRemoved(old, e.getValue(), now).ifPresent(out::collect);
        }
      }
    }
    for (String g : gone) {
      devices.remove(g);
    }
    for (Device d : registry.devices().values()) {
      if (!devices.contains(d.subject())) {
        devices.put(d.subject(), DeviceSilence.since(since));
      }
    }
    watched.update(is);
    return true;
  }

  /** Opens what is due and sets the timer to the next deadline. */
  private void rescan(Registry registry, long now, TimerService timers, Collector<AlertEvent> out) throws Exception {
    long next = Long.MAX_VALUE;
    for (Map.Entry<String, DeviceSilence> e : devices.entries()) {
      Device d = registry.device(e.getKey());
      if (d == null) {
        continue;
      }
      DeviceSilence s = e.getValue();
      if (NoDataWatch.onTime(d, registry.noData(), s, now).map(a -> {
        out.collect(a);
        return a;
      }).isPresent()) {
        e.setValue(s);
      } else if (s.alertOpenedMs == Long.MIN_VALUE) {
        next = Math.min(next, NoDataWatch.deadlineMs(d, registry.noData(), s));
      }
    }
    if (next != Long.MAX_VALUE) {
      timerAt.clear();
      schedule(next, timers);
    }
  }

  /** Registers a timer at {@code at} unless an earlier one is pending. */
  private void schedule(long at, TimerService timers) throws Exception {
    Long pending = timerAt.value();
    if (pending == null || at < pending) {
      timerAt.update(at);
      timers.registerProcessingTimeTimer(at);
    }
  }
}
