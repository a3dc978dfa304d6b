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
import org.vigil.alerts.notify.CommandTopics;
import org.vigil.alerts.notify.ControlMessageException;
import org.vigil.jobs.audit.CommandAudit;
import org.vigil.alerts.rules.RuleSet;
import org.vigil.alerts.rules.RuleSetDiff;
import org.vigil.alerts.rules.RuleSetInvalidException;
import org.vigil.alerts.rules.RuleSetLoader;
import org.vigil.core.DeadLetter;
import org.vigil.connectors.mqtt.source.MqttRecord;
import org.vigil.core.topics.Topics;

/**
 * Judges each ruleset published on {@code vigil/config/rules} (keyed by a constant, so one instance holds the
 * version in force): a valid ruleset with a version above the one in force is passed on to the rule operators; an
 * invalid one is refused whole, with every problem; one without a version, or not newer than the one in force, is
 * refused with the reason (the retained ruleset seen again after a restart is the version in force and is skipped
 * quietly), and so is one that jumps more than {@link #MAX_VERSION_STEP} past a published version in force, one above
 * {@link #MAX_RULESET_BYTES}, and one that cannot be read for any other reason: no ruleset can fail the job. Every
 * decision is reported on {@link #STATUS}.
 */
public final class RulesetUpdateFunction extends KeyedProcessFunction<String, MqttRecord, RulesetUpdate> {

  /** Accepted and refused rulesets, for the status topic and the audit. */
  public static final OutputTag<RulesetStatus> STATUS = new OutputTag<>("ruleset-status") {};

  /** Refused rulesets as dead letters, reason {@code ruleset_invalid}, beside their status. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("ruleset-dead-letters") {};

  /** Longest detail and payload kept in a dead letter. */
  static final int MAX_DETAIL_CHARS = 4096;

  private static final Logger LOG = LoggerFactory.getLogger(RulesetUpdateFunction.class);

  /**
   * Most a published version may exceed the one in force by (once a published ruleset is in force): publishing
   * counts up by one, so a far larger jump is a forged or broken message that would otherwise push the version to
   * where no later ruleset can follow.
   */
  public static final long MAX_VERSION_STEP = 1000;

  /** Largest ruleset read: the default ruleset is about 5 KiB. */
  public static final int MAX_RULESET_BYTES = 1024 * 1024;

  private final RulesetUpdate initial;
  private transient ValueState<RulesetUpdate> current;
  private transient Counter accepted;
  private transient Counter rejected;

  /** Accepted rulesets with the MQTT identity that published them, for the command audit. */
  public static final OutputTag<CommandAudit> AUDIT = new OutputTag<>("ruleset-audit") {};

  private final String rulesTopic;

  /** @param initial the rules the job started with (version 0), from the rules file */
  public RulesetUpdateFunction(RulesetUpdate initial) {
    this(initial, Topics.RULES);
  }

  /**
   * @param initial the rules the job started with (version 0), from the rules file
   * @param rulesTopic the rules topic: rulesets come on {@code <rulesTopic>/<identity>} (and the old
   *     {@code <rulesTopic>}, author anonymous); the job's own answers on {@code <rulesTopic>/status} are skipped
   */
  public RulesetUpdateFunction(RulesetUpdate initial, String rulesTopic) {
    this.initial = initial;
    this.rulesTopic = rulesTopic;
  }

  @Override
  public void open(OpenContext openContext) {
    current = getRuntimeContext().getState(new ValueStateDescriptor<>("ruleset-in-force", RulesetUpdate.class));
    accepted = getRuntimeContext().getMetricGroup().counter("rulesetsAccepted");
    rejected = getRuntimeContext().getMetricGroup().counter("rulesetsRejected");
  }

  @Override
  public void processElement(MqttRecord record, Context ctx, Collector<RulesetUpdate> out) throws Exception {
    if (record.topic().equals(Topics.status(rulesTopic))) {
      return; // the job's own answer, under the same topic tree
    }
    RulesetUpdate inForce = current.value() == null ? initial : current.value();
    String yaml = new String(record.payload(), StandardCharsets.UTF_8);
    long now = ctx.timerService().currentProcessingTime();
    String identity;
    try {
      identity = CommandTopics.author("ruleset", rulesTopic, record.topic());
    } catch (ControlMessageException e) {
      refuse(ctx, record, -1, inForce, "", "", "refused: " + e.getMessage(), List.of(), now);
      return;
    }
    if (record.payload().length > MAX_RULESET_BYTES) {
      refuse(ctx, record, -1, inForce, "", "", "refused: the ruleset has " + record.payload().length
          + " bytes, more than the limit of " + MAX_RULESET_BYTES, List.of(), now);
      return;
    }
    RuleSet rules;
    try {
      rules = RuleSetLoader.parse(yaml, record.topic());
    } catch (RuleSetInvalidException e) {
      List<String> problems = e.problems().stream().map(Object::toString).toList();
      refuse(ctx, record, -1, inForce, "", "", "refused: " + problems.size() + " problem(s); " + problems.get(0),
          problems, now);
      return;
    } catch (RuntimeException e) { // a reader's defect must not become a restart loop on the retained ruleset
      refuse(ctx, record, -1, inForce, "", "", "refused: the ruleset could not be read ("
          + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", List.of(), now);
      return;
    }
    if (rules.version() == null) {
      refuse(ctx, record, -1, inForce, rules.author(), rules.comment(),
          "refused: the ruleset has no version; publish it with `vigil rules publish`", List.of(), now);
      return;
    }
    long v = rules.version();
    if (v == inForce.version() && yaml.equals(inForce.yaml())) {
      return; // the retained ruleset again (after a restart or a reconnect): already in force
    }
    if (v < inForce.version() && !record.topic().equals(inForce.source())) {
      // An older ruleset still retained under another identity's topic (seen on a start without state): the
      // newer one is in force; no answer, which would replace the status of the one in force.
      LOG.info("ruleset version {} on {} skipped: version {} from {} is in force", v, record.topic(),
          inForce.version(), inForce.source());
      return;
    }
    if (v <= inForce.version()) {
      refuse(ctx, record, v, inForce, rules.author(), rules.comment(), "refused: version " + v
          + " is not newer than the version in force, " + inForce.version(), List.of(), now);
      return;
    }
    if (inForce.version() > 0 && v - inForce.version() > MAX_VERSION_STEP) {
      refuse(ctx, record, v, inForce, rules.author(), rules.comment(), "refused: version " + v
          + " jumps more than " + MAX_VERSION_STEP + " past the version in force, " + inForce.version()
          + "; `vigil rules publish` numbers versions one after the other", List.of(), now);
      return;
    }
    String summary = RuleSetDiff.diff(inForce.ruleSet(), rules).summary();
    RulesetUpdate update = new RulesetUpdate(v, rules.author(), rules.comment(), yaml, rules, summary, record.topic());
    current.update(update);
    accepted.inc();
    LOG.info("ruleset version {} by {} accepted ({}): {}", v, rules.author(), rules.comment(), summary);
    ctx.output(STATUS, new RulesetStatus(v, true, v, rules.author(), rules.comment(), summary, List.of(), now));
    ctx.output(AUDIT, new CommandAudit("rules", identity, rules.author(), "version " + v, record.topic(), now,
        rules.comment()));
    out.collect(update);
  }

  private void refuse(Context ctx, MqttRecord record, long version, RulesetUpdate inForce, String author,
      String comment, String why, List<String> problems, long now) {
    rejected.inc();
    LOG.warn("{} {}; version {} stays in force", version < 0 ? "a published ruleset" : "ruleset version " + version,
        why, inForce.version());
    ctx.output(STATUS, new RulesetStatus(version, false, inForce.version(), author, comment, why, problems, now));
    String detail = problems.size() > 1 ? why + " (all: " + String.join("; ", problems) + ")" : why;
    ctx.output(DEAD_LETTERS, new DeadLetter(record.topic(), "ruleset_invalid",
        detail.length() > MAX_DETAIL_CHARS ? detail.substring(0, MAX_DETAIL_CHARS) + "..." : detail,
        new String(record.payload(), 0, Math.min(record.payload().length, MAX_DETAIL_CHARS), StandardCharsets.UTF_8),
        record.payload().length, now));
  }
}
