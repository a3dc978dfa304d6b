package org.vigil.jobs.registry;

import java.util.HashMap;
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
import org.vigil.core.SiteRisk;
import org.vigil.registry.RegionRisk;
import org.vigil.registry.RegionRollup;
import org.vigil.registry.Registry;

/**
 * Rolls the sites' risk up the region tree ({@link RegionRollup}): keyed by a constant (parallelism 1; site risks
 * change rarely), the newest risk of every site in a map state. Each site risk change emits the regions whose risk
 * changed with it (the first one: every region); a new registry version emits what it changes at once (new regions,
 * regions gone, sites moved), stamped with the change's time but never earlier than the previous roll-up. The
 * registry whose roll-up was last emitted is kept in state, so a restored job carries on from it.
 */
public final class RegionRollupFunction extends KeyedBroadcastProcessFunction<String, SiteRisk, RegistryUpdate, RegionRisk> {

  /** The key of the site risk stream: one instance rolls up every region. */
  public static final String KEY = "regions";

  private final RegistryUpdate initial;
  private transient MapStateDescriptor<String, SiteRisk> sitesDescriptor;
  private transient MapState<String, SiteRisk> sites;
  private transient ValueState<RegistryUpdate> published;
  private transient ValueState<Long> clock;
  private transient RegistryCache cache;
  private transient RegistryCache publishedCache;

  /** @param initial the registry in force until one is published (version 0, from the file) */
  public RegionRollupFunction(RegistryUpdate initial) {
    this.initial = initial;
  }

  @Override
  public void open(OpenContext openContext) {
    sitesDescriptor = new MapStateDescriptor<>("rollup-site-risks", Types.STRING, TypeInformation.of(SiteRisk.class));
    sites = getRuntimeContext().getMapState(sitesDescriptor);
    published = getRuntimeContext().getState(new ValueStateDescriptor<>("rollup-registry", RegistryUpdate.class));
    clock = getRuntimeContext().getState(new ValueStateDescriptor<>("rollup-clock", Long.class));
    cache = new RegistryCache();
    publishedCache = new RegistryCache();
  }

  @Override
  public void processElement(SiteRisk risk, ReadOnlyContext ctx, Collector<RegionRisk> out) throws Exception {
    RegistryUpdate now = RegistryGateFunction.inForce(ctx.getBroadcastState(RegistryGateFunction.REGISTRY), initial);
    Map<String, SiteRisk> current = current();
    Map<String, RegionRisk> before = before(current);
    sites.put(risk.site(), risk);
    current.put(risk.site(), risk);
    long at = advance(risk.timestampMs());
    emit(before, RegionRollup.of(cache.of(now), current, at), at, out);
    published.update(now);
  }

  @Override
  public void processBroadcastElement(RegistryUpdate update, Context ctx, Collector<RegionRisk> out)
      throws Exception {
    if (!RegistryGateFunction.takeIfNewer(ctx.getBroadcastState(RegistryGateFunction.REGISTRY), initial, update)) {
      return;
    }
    long wall = ctx.currentProcessingTime();
    // Sites' risks are kept under the one key; the key is set while its state is visited, so its other state is ours.
    ctx.applyToKeyedState(sitesDescriptor, (key, keyed) -> {
      Map<String, SiteRisk> current = current();
      long at = advance(wall);
      emit(before(current), RegionRollup.of(cache.of(update), current, at), at, out);
      published.update(update);
    });
  }

  /**
   * The time of a roll-up: the change's own time, but never earlier than the last one emitted. Sites keep their own
   * device time, so their changes reach the roll-up out of time order; stamped as they are, a region's newest state
   * could sit before an older one in InfluxDB, and {@code last()} would give the older.
   */
  private long advance(long t) throws Exception {
    Long c = clock.value();
    long at = c == null ? t : Math.max(c, t);
    clock.update(at);
    return at;
  }

  private Map<String, SiteRisk> current() throws Exception {
    Map<String, SiteRisk> m = new HashMap<>();
    for (Map.Entry<String, SiteRisk> e : sites.entries()) {
      m.put(e.getKey(), e.getValue());
    }
    return m;
  }

  /** The roll-up last emitted: of the registry then, over the sites' risks now (before this change). */
  private Map<String, RegionRisk> before(Map<String, SiteRisk> current) throws Exception {
    RegistryUpdate p = published.value();
    return p == null ? Map.of() : RegionRollup.of(publishedCache.of(p), current, 0);
  }

  private static void emit(Map<String, RegionRisk> before, Map<String, RegionRisk> after, long at,
      Collector<RegionRisk> out) {
    RegionRollup.changes(before, after, at).forEach(out::collect);
  }
}
