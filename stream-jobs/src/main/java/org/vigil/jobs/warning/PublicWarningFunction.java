package org.vigil.jobs.warning;

import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.core.AlertEvent;
import org.vigil.jobs.registry.RegistryCache;
import org.vigil.jobs.registry.RegistryGateFunction;
import org.vigil.jobs.registry.RegistryUpdate;
import org.vigil.registry.Registry;
import org.vigil.warning.cap.CapAlert;
import org.vigil.warning.cap.CapSchema;
import org.vigil.warning.cap.CapXml;
import org.vigil.warning.cap.PublicWarnings;
import org.vigil.warning.cap.RegistryAreas;
import org.vigil.warning.cap.WarningAreas;
import org.vigil.warning.cap.WarningChain;

/**
 * Keyed by alert id: turns the alert's transitions into its chain of CAP 1.2 messages ({@link PublicWarnings}), the
 * chain kept in keyed state so a restart continues it (the next identifier, the references). The registry in force
 * (broadcast, hot-reloaded) gives each warning its area: the site's village with its boundary and administrative
 * code ({@link RegistryAreas}); without a registry, areas are named by site. A warning in force is renewed on a
 * processing-time timer at half its validity. Every message is checked against the official schema before it
 * leaves; one that fails (a fault of Vigil's, never of the input) is logged and counted ({@code warningsInvalid}),
 * not sent.
 */
public final class PublicWarningFunction
    extends KeyedBroadcastProcessFunction<String, AlertEvent, RegistryUpdate, IssuedWarning> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(PublicWarningFunction.class);

  private final PublicWarningOptions options;
  private final RegistryUpdate initial;
  private transient PublicWarnings byName;
  private transient RegistryCache registries;
  private transient Registry areasOf;
  private transient PublicWarnings byRegistry;
  private transient ValueState<WarningChain> chain;
  private transient Counter issued;
  private transient Counter invalid;

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
    issued = getRuntimeContext().getMetricGroup().counter("warningsIssued");
    invalid = getRuntimeContext().getMetricGroup().counter("warningsInvalid");
  }

  @Override
  public void processElement(AlertEvent e, ReadOnlyContext ctx, Collector<IssuedWarning> out) throws Exception {
    PublicWarnings w = warnings(ctx.getBroadcastState(RegistryGateFunction.REGISTRY));
    apply(w, w.onTransition(chain.value(), e), ctx.timerService(), out);
  }

  @Override
  public void processBroadcastElement(RegistryUpdate update, Context ctx, Collector<IssuedWarning> out)
      throws Exception {
    BroadcastState<String, RegistryUpdate> state = ctx.getBroadcastState(RegistryGateFunction.REGISTRY);
    RegistryUpdate now = RegistryGateFunction.inForce(state, initial);
    if (now == null || update.version() > now.version()) {
      state.put(RegistryGateFunction.IN_FORCE, update);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<IssuedWarning> out) throws Exception {
    WarningChain c = chain.value();
    if (c != null && c.inForce) {
      PublicWarnings w = warnings(ctx.getBroadcastState(RegistryGateFunction.REGISTRY));
      apply(w, w.renew(c, timestamp), ctx.timerService(), out);
    }
  }

  /** The warnings policy with the areas of the registry in force (parsed once per version). */
  private PublicWarnings warnings(ReadOnlyBroadcastState<String, RegistryUpdate> state) throws Exception {
    RegistryUpdate u = RegistryGateFunction.inForce(state, initial);
    if (u == null) {
      return byName;
    }
    Registry r = registries.of(u);
    if (r != areasOf) {
      byRegistry = new PublicWarnings(options.policy(), options.texts(), new RegistryAreas(r));
      areasOf = r;
    }
    return byRegistry;
  }

  private void apply(PublicWarnings warnings, PublicWarnings.Step step, TimerService timers,
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
    out.collect(new IssuedWarning(m.incidents(), m.identifier(), m.msgType().name(),
        m.sent().toInstant().toEpochMilli(), xml));
  }
}
