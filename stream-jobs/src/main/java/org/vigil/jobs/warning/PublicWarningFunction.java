package org.vigil.jobs.warning;

import java.util.List;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.core.AlertEvent;
import org.vigil.warning.cap.CapAlert;
import org.vigil.warning.cap.CapSchema;
import org.vigil.warning.cap.CapXml;
import org.vigil.warning.cap.PublicWarnings;
import org.vigil.warning.cap.WarningAreas;
import org.vigil.warning.cap.WarningChain;

/**
 * Keyed by alert id: turns the alert's transitions into its chain of CAP 1.2 messages ({@link PublicWarnings}), the
 * chain kept in keyed state so a restart continues it (the next identifier, the references). A warning in force is
 * renewed on a processing-time timer at half its validity. Every message is checked against the official schema
 * before it leaves; one that fails (a fault of Vigil's, never of the input) is logged and counted
 * ({@code warningsInvalid}), not sent.
 */
public final class PublicWarningFunction extends KeyedProcessFunction<String, AlertEvent, IssuedWarning> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(PublicWarningFunction.class);

  private final PublicWarningOptions options;
  private transient PublicWarnings warnings;
  private transient ValueState<WarningChain> chain;
  private transient Counter issued;
  private transient Counter invalid;

  public PublicWarningFunction(PublicWarningOptions options) {
    this.options = options;
  }

  @Override
  public void open(OpenContext ctx) {
    warnings = new PublicWarnings(options.policy(), options.texts(), WarningAreas.byName());
    chain = getRuntimeContext().getState(new ValueStateDescriptor<>("warning-chain", WarningChain.class));
    issued = getRuntimeContext().getMetricGroup().counter("warningsIssued");
    invalid = getRuntimeContext().getMetricGroup().counter("warningsInvalid");
  }

  @Override
  public void processElement(AlertEvent e, Context ctx, Collector<IssuedWarning> out) throws Exception {
    apply(warnings.onTransition(chain.value(), e), ctx.timerService().currentProcessingTime(), ctx, out);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<IssuedWarning> out) throws Exception {
    WarningChain c = chain.value();
    if (c != null && c.inForce) {
      apply(warnings.renew(c, timestamp), timestamp, ctx, out);
    }
  }

  private void apply(PublicWarnings.Step step, long now, Context ctx, Collector<IssuedWarning> out)
      throws Exception {
    if (step.chain() == null) {
      chain.clear();
    } else {
      chain.update(step.chain());
      if (step.chain().inForce) {
        // Flink keeps one timer per key and time; an earlier one finding nothing due just sets the next.
        ctx.timerService().registerProcessingTimeTimer(Math.max(now + 1, warnings.renewalDueMs(step.chain())));
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
