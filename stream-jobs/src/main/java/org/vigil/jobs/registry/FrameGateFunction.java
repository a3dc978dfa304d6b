package org.vigil.jobs.registry;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.vigil.core.Frame;
import org.vigil.registry.Device;
import org.vigil.registry.DeviceKind;
import org.vigil.registry.Registry;

/**
 * The registry's gate for camera frames, as {@link RegistryGateFunction} is for readings: a frame of a site the
 * registry does not know is a dead letter {@value RegistryGateFunction#UNKNOWN_SITE}, one of a camera not registered
 * at its site ({@code kind: camera}) {@value RegistryGateFunction#UNKNOWN_DEVICE}; both are counted
 * ({@code deadLetters} in total and per {@code reason}). Registered cameras are reported to
 * {@link RegistryGateFunction#SEEN} for the no-data watch and device health, counting at most one frame per reporting
 * interval (a camera's interval is the longest it may go without a frame). Dead letters go to
 * {@link RegistryGateFunction#DEAD_LETTERS}. Keyed by camera ({@link Frame#subject}), so that all frames of a camera
 * meet in one subtask and are counted once per interval whatever the parallelism; what it counts is in memory
 * ({@link SeenThinning}), not state.
 */
public final class FrameGateFunction extends KeyedBroadcastProcessFunction<String, Frame, RegistryUpdate, Frame> {

  private final RegistryUpdate initial;
  private transient RegistryCache cache;
  private transient SeenThinning seen;
  private transient GateCounters counters;

  /** @param initial the registry in force until one is published (version 0, from the file) */
  public FrameGateFunction(RegistryUpdate initial) {
    this.initial = initial;
  }

  @Override
  public void open(OpenContext openContext) {
    cache = new RegistryCache();
    seen = new SeenThinning(true);
    counters = new GateCounters(getRuntimeContext().getMetricGroup());
  }

  @Override
  public void processElement(Frame f, ReadOnlyContext ctx, Collector<Frame> out) throws Exception {
    RegistryUpdate u = RegistryGateFunction.inForce(ctx.getBroadcastState(RegistryGateFunction.REGISTRY), initial);
    Registry registry = cache.of(u);
    long now = ctx.currentProcessingTime();
    if (!registry.hasSite(f.site())) {
      counters.unknownSite();
      ctx.output(RegistryGateFunction.DEAD_LETTERS, f.deadLetter(RegistryGateFunction.UNKNOWN_SITE, "site '"
          + f.site() + "' is not in the registry (version " + u.version() + ", " + registry.sites().size()
          + " sites)", now));
      return;
    }
    Device d = registry.device(Device.subject(f.site(), DeviceKind.CAMERA.wireName(), f.cameraId()));
    if (d == null) {
      counters.unknownDevice();
      ctx.output(RegistryGateFunction.DEAD_LETTERS, f.deadLetter(RegistryGateFunction.UNKNOWN_DEVICE, "camera '"
          + f.cameraId() + "' is not registered at site '" + f.site() + "' (registry version " + u.version()
          + "; add it to the site's devices with kind: camera)", now));
      return;
    }
    DeviceSeen s = seen.report(d, registry, now, f.captureTsMs(), Double.NaN, Double.NaN);
    if (s != null) {
      ctx.output(RegistryGateFunction.SEEN, s);
    }
    out.collect(f);
  }

  @Override
  public void processBroadcastElement(RegistryUpdate update, Context ctx, Collector<Frame> out) throws Exception {
    if (RegistryGateFunction.takeIfNewer(ctx.getBroadcastState(RegistryGateFunction.REGISTRY), initial, update)) {
      seen.registryChanged();
    }
  }
}
