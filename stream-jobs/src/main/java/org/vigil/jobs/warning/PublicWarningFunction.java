package org.vigil.jobs.warning;

import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.core.Level;
import org.vigil.jobs.audit.CommandAudit;
import org.vigil.jobs.registry.RegistryCache;
import org.vigil.jobs.registry.RegistryGateFunction;
import org.vigil.jobs.registry.RegistryUpdate;
import org.vigil.registry.Registry;
import org.vigil.registry.Site;
import org.vigil.warning.cap.CapAlert;
import org.vigil.warning.cap.CapInfo;
import org.vigil.warning.cap.CapSchema;
import org.vigil.warning.cap.CapXml;
import org.vigil.warning.cap.Hazard;
import org.vigil.warning.cap.PublicWarnings;
import org.vigil.warning.cap.RegistryAreas;
import org.vigil.warning.cap.WarningAreas;
import org.vigil.warning.cap.WarningChain;

/**
 * Keyed by warning chain (an alert's id, or {@code manual_<region>_<epochSeconds>} for a warning issued by hand):
 * turns the alert's transitions into its chain of CAP 1.2 messages ({@link PublicWarnings}), the chain kept in keyed
 * state so a restart continues it (the next identifier, the references). The registry in force (broadcast,
 * hot-reloaded) gives each warning its area: the site's village with its boundary and administrative code ({@link
 * RegistryAreas}); without a registry, areas are named by site. A warning in force is renewed on a processing-time
 * timer at half its validity. Every message is checked against the official schema before it leaves; one that fails
 * (a fault of Vigil's, never of the input) is logged and counted ({@code warningsInvalid}), not sent.
 *
 * <p>Warnings requested by hand ({@link WarningRequest}): an {@code issue} starts a chain through {@link
 * PublicWarnings.Manual} at the request's time, a {@code lift} cancels the chain's incident in force (a rule's
 * warning too; its chain is kept, so the alert's next rise is a new incident with the next number). The registry
 * in force must know the region and place it inside the operator's region; a request id seen before for the chain
 * is ignored (the broker delivers at least once). A request refused goes to {@link
 * WarningRequestDecoder#DEAD_LETTERS} with reason {@value WarningRequestDecoder#REFUSED}; one carried out goes to
 * {@link #AUDIT}.
 */
public final class PublicWarningFunction
    extends KeyedBroadcastProcessFunction<String, WarningInput, RegistryUpdate, IssuedWarning> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(PublicWarningFunction.class);

  /** Requests by hand carried out, for the command audit (InfluxDB {@code commands}, kind {@code warning-issue} or
   * {@code warning-lift}). */
  public static final OutputTag<CommandAudit> AUDIT = new OutputTag<>("warning-requests-audit") {};

  /** Per chain: the ids of the requests by hand taken, so that a redelivery is not carried out twice. */
  static final MapStateDescriptor<String, Boolean> REQUESTS =
      new MapStateDescriptor<>("warning-requests-seen", Types.STRING, Types.BOOLEAN);

  private final PublicWarningOptions options;
  private final RegistryUpdate initial;
  private transient PublicWarnings byName;
  private transient RegistryCache registries;
  private transient Registry areasOf;
  private transient PublicWarnings byRegistry;
  private transient ValueState<WarningChain> chain;
  private transient MapState<String, Boolean> requests;
  private transient Counter issued;
  private transient Counter invalid;
  private transient Counter refused;

  /** @param initial the start-up registry, or null when there is none */
  public PublicWarningFunction(PublicWarningOptions options, RegistryUpdate initial) {
    this.options = options;
    this.initial = initial;
  }

  @Override
  public void open(OpenContext ctx) {
    byName = new PublicWarnings(options.policy(), options.texts(), WarningAreas.byName());
    registries = new RegistryCache();
    chain = getRuntimeContext().getState(new ValueStateDescriptor<>("warning-chain", WarningChain.class));
    requests = getRuntimeContext().getMapState(REQUESTS);
    issued = getRuntimeContext().getMetricGroup().counter("warningsIssued");
    invalid = getRuntimeContext().getMetricGroup().counter("warningsInvalid");
    refused = getRuntimeContext().getMetricGroup().counter("warningRequestsRefused");
    // The CAP writer and schema load now, not at the first red alert, when their half second of CPU would delay it.
    CapSchema.warmUp();
  }

  @Override
  public void processElement(WarningInput in, ReadOnlyContext ctx, Collector<IssuedWarning> out) throws Exception {
    PublicWarnings w = warnings(ctx.getBroadcastState(RegistryGateFunction.REGISTRY));
    if (in.alert() != null) {
      WarningChain before = chain.value();
      apply(w, before, w.onTransition(before, in.alert()), ctx.timerService(), out);
    } else {
      request(w, in.request(), ctx, out);
    }
  }

  private void request(PublicWarnings w, WarningRequest r, ReadOnlyContext ctx, Collector<IssuedWarning> out)
      throws Exception {
    if (requests.contains(r.request())) {
      LOG.debug("warning request {} was taken already; not carried out twice", r.request());
      return;
    }
    requests.put(r.request(), Boolean.TRUE);
    String why = refusal(r);
    if (why != null) {
      refused.inc();
      LOG.warn("warning request {} by {} refused: {}", r.request(), r.operator(), why);
      ctx.output(WarningRequestDecoder.DEAD_LETTERS,
          WarningRequestDecoder.refusal(r.topic(), r.payload(), r.receivedAtMs(), why));
      return;
    }
    WarningChain before = chain.value();
    if (WarningRequest.ISSUE.equals(r.action())) {
      PublicWarnings.Manual m = new PublicWarnings.Manual(r.region(), Hazard.valueOf(r.hazardName()),
          Level.fromWire(r.level()), r.operator(), r.description().isBlank() ? null : r.description());
      LOG.info("warning issued by hand: {} {} for {} by {} (request {})", r.level(), r.hazard(), r.region(),
          r.operator(), r.request());
      PublicWarnings.Step step = w.issue(m, r.requestedAtMs());
      audit(r, step.chain().firstId, r.level() + " " + r.hazard() + " for " + r.region(), ctx);
      apply(w, null, step, ctx.timerService(), out);
    } else {
      String reason = "lifted by " + r.operator() + (r.description().isBlank() ? "" : ": " + r.description());
      PublicWarnings.Step step = w.lift(before, Math.max(r.requestedAtMs(), before.latestSentMs), reason);
      if (before.region == null) {
        // A rule's warning: keep the chain (not in force now), so the alert's next rise takes the next number.
        step = new PublicWarnings.Step(before, step.message());
      }
      LOG.info("warning {} lifted by hand by {} (request {})", r.incident(), r.operator(), r.request());
      audit(r, r.incident(), reason, ctx);
      apply(w, before, step, ctx.timerService(), out);
    }
  }

  private static void audit(WarningRequest r, String incident, String detail, ReadOnlyContext ctx) {
    String identity = r.topic().substring(r.topic().lastIndexOf('/') + 1);
    ctx.output(AUDIT, new CommandAudit("warning-" + r.action(), identity, r.operator(), incident, r.topic(),
        ctx.timerService().currentProcessingTime(), detail + " (request " + r.request() + ")"));
  }

  /** Why a request is not carried out, or null when it is. */
  private String refusal(WarningRequest r) throws Exception {
    Registry reg = areasOf;
    if (reg == null) {
      return "no registry in force: regions cannot be checked";
    }
    if (!reg.regions().containsKey(r.operatorRegion())) {
      return "the operator's region '" + r.operatorRegion() + "' is not a region of the registry in force";
    }
    WarningChain c = chain.value();
    if (WarningRequest.ISSUE.equals(r.action())) {
      if (!reg.regions().containsKey(r.region())) {
        return "region '" + r.region() + "' is not a region of the registry in force";
      }
      if (!reg.within(r.region(), r.operatorRegion())) {
        return "region '" + r.region() + "' is not inside the operator's region '" + r.operatorRegion() + "'";
      }
      if (c != null) {
        return "a warning for '" + r.region() + "' was issued in the same second (" + c.firstId + "); ask again";
      }
      return null;
    }
    if (c == null || !c.inForce || !r.incident().equals(c.firstId)) {
      return "incident '" + r.incident() + "' is not a warning in force";
    }
    String region = regionOf(c, reg);
    if (region.isEmpty() || !reg.within(region, r.operatorRegion())) {
      return "incident '" + r.incident() + "' (region '" + region + "') is not inside the operator's region '"
          + r.operatorRegion() + "'";
    }
    return null;
  }

  @Override
  public void processBroadcastElement(RegistryUpdate update, Context ctx, Collector<IssuedWarning> out)
      throws Exception {
    RegistryGateFunction.takeIfNewer(ctx.getBroadcastState(RegistryGateFunction.REGISTRY), initial, update);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<IssuedWarning> out) throws Exception {
    WarningChain c = chain.value();
    if (c != null && c.inForce) {
      PublicWarnings w = warnings(ctx.getBroadcastState(RegistryGateFunction.REGISTRY));
      apply(w, c, w.renew(c, timestamp), ctx.timerService(), out);
    }
  }

  /** The warnings policy with the areas of the registry in force (parsed once per version). */
  private PublicWarnings warnings(ReadOnlyBroadcastState<String, RegistryUpdate> state) throws Exception {
    RegistryUpdate u = RegistryGateFunction.inForce(state, initial);
    if (u == null) {
      areasOf = null;
      return byName;
    }
    Registry r = registries.of(u);
    if (r != areasOf) {
      byRegistry = new PublicWarnings(options.policy(), options.texts(), new RegistryAreas(r));
      areasOf = r;
    }
    return byRegistry;
  }

  /**
   * @param before the chain before the step (it holds the level and region of a cancel whose chain is dropped)
   */
  private void apply(PublicWarnings warnings, WarningChain before, PublicWarnings.Step step, TimerService timers,
      Collector<IssuedWarning> out) throws Exception {
    long now = timers.currentProcessingTime();
    if (step.chain() == null) {
      chain.clear();
    } else {
      chain.update(step.chain());
      if (step.chain().inForce) {
        // Flink keeps one timer per key and time; an earlier one finding nothing due just sets the next.
        timers.registerProcessingTimeTimer(Math.max(now + 1, warnings.renewalDueMs(step.chain())));
      }
    }
    CapAlert m = step.message();
    if (m == null) {
      return;
    }
    String xml = CapXml.write(m);
    List<String> problems = CapSchema.problems(xml);
    if (!problems.isEmpty()) {
      invalid.inc();
      LOG.error("public warning {} not sent: it does not validate against cap12.xsd: {}", m.identifier(), problems);
      return;
    }
    issued.inc();
    WarningChain c = step.chain() != null ? step.chain() : before;
    int n = m.infos().size();
    String[] languages = new String[n];
    String[] headlines = new String[n];
    String[] instructions = new String[n];
    for (int i = 0; i < n; i++) {
      CapInfo info = m.infos().get(i);
      languages[i] = info.language();
      headlines[i] = info.headline() == null ? "" : info.headline();
      instructions[i] = info.instruction() == null || m.msgType().name().equals("Cancel") ? "" : info.instruction();
    }
    String level = c == null || c.level == null ? "" : c.level.toLowerCase(Locale.ROOT);
    out.collect(new IssuedWarning(m.incidents(), m.identifier(), m.msgType().name(),
        m.sent().toInstant().toEpochMilli(), xml, level, c == null ? "" : regionOf(c, areasOf), languages, headlines,
        instructions));
  }

  /** The registry region of a chain's warning: its own for one by hand, its site's for a rule's; else empty. */
  private static String regionOf(WarningChain c, Registry reg) {
    if (c.region != null) {
      return c.region;
    }
    if (reg == null || c.site == null) {
      return "";
    }
    Site s = reg.sites().get(c.site);
    return s == null ? "" : s.region();
  }
}
