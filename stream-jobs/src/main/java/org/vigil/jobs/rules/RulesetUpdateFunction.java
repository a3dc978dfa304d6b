package org.vigil.jobs.rules;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.alerts.rules.RuleSet;
import org.vigil.alerts.rules.RuleSetDiff;
import org.vigil.alerts.rules.RuleSetInvalidException;
import org.vigil.alerts.rules.RuleSetLoader;
import org.vigil.ingest.mqtt.source.MqttRecord;

/**
 * Judges each ruleset published on {@code vigil/config/rules} (keyed by a constant, so one instance holds the
 * version in force): a valid ruleset with a version above the one in force is passed on to the rule operators; an
 * invalid one is refused whole, with every problem; one without a version, or not newer than the one in force, is
 * refused with the reason (the retained ruleset seen again after a restart is the version in force and is skipped
 * quietly). Every decision is reported on {@link #STATUS}.
 */
public final class RulesetUpdateFunction extends KeyedProcessFunction<String, MqttRecord, RulesetUpdate> {

  /** Accepted and refused rulesets, for the status topic and the audit. */
  public static final OutputTag<RulesetStatus> STATUS = new OutputTag<>("ruleset-status") {};

  private static final Logger LOG = LoggerFactory.getLogger(RulesetUpdateFunction.class);

  private final RulesetUpdate initial;
  private transient ValueState<RulesetUpdate> current;
  private transient Counter accepted;
  private transient Counter rejected;

  /** @param initial the rules the job started with (version 0), from the rules file */
  public RulesetUpdateFunction(RulesetUpdate initial) {
    this.initial = initial;
  }

  @Override
  public void open(OpenContext openContext) {
    current = getRuntimeContext().getState(new ValueStateDescriptor<>("ruleset-in-force", RulesetUpdate.class));
    accepted = getRuntimeContext().getMetricGroup().counter("rulesetsAccepted");
    rejected = getRuntimeContext().getMetricGroup().counter("rulesetsRejected");
  }

  @Override
  public void processElement(MqttRecord record, Context ctx, Collector<RulesetUpdate> out) throws Exception {
    RulesetUpdate inForce = current.value() == null ? initial : current.value();
    String yaml = new String(record.payload(), StandardCharsets.UTF_8);
    long now = ctx.timerService().currentProcessingTime();
    RuleSet rules;
    try {
      rules = RuleSetLoader.parse(yaml, record.topic());
    } catch (RuleSetInvalidException e) {
      List<String> problems = e.problems().stream().map(Object::toString).toList();
      refuse(ctx, -1, inForce, "", "", "refused: " + problems.size() + " problem(s); " + problems.get(0), problems,
          now);
      return;
    }
    if (rules.version() == null) {
      refuse(ctx, -1, inForce, rules.author(), rules.comment(),
          "refused: the ruleset has no version; publish it with `vigil rules publish`", List.of(), now);
      return;
    }
    long v = rules.version();
    if (v == inForce.version() && yaml.equals(inForce.yaml())) {
      return; // the retained ruleset again (after a restart or a reconnect): already in force
    }
    if (v <= inForce.version()) {
      refuse(ctx, v, inForce, rules.author(), rules.comment(), "refused: version " + v
          + " is not newer than the version in force, " + inForce.version(), List.of(), now);
      return;
    }
    String summary;
    try {
      summary = RuleSetDiff.diff(RuleSetLoader.parse(inForce.yaml(), "in force"), rules).summary();
    } catch (RuleSetInvalidException e) {
      summary = "replaces an unreadable ruleset";
    }
    RulesetUpdate update = new RulesetUpdate(v, rules.author(), rules.comment(), yaml, summary, record.topic());
    current.update(update);
    accepted.inc();
    LOG.info("ruleset version {} by {} accepted ({}): {}", v, rules.author(), rules.comment(), summary);
    ctx.output(STATUS, new RulesetStatus(v, true, v, rules.author(), rules.comment(), summary, List.of(), now));
    out.collect(update);
  }

  private void refuse(Context ctx, long version, RulesetUpdate inForce, String author, String comment, String why,
      List<String> problems, long now) {
    rejected.inc();
    LOG.warn("{} {}; version {} stays in force", version < 0 ? "a published ruleset" : "ruleset version " + version,
        why, inForce.version());
    ctx.output(STATUS, new RulesetStatus(version, false, inForce.version(), author, comment, why, problems, now));
  }
}
