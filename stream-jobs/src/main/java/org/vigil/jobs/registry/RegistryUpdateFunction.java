package org.vigil.jobs.registry;

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
import org.vigil.connectors.mqtt.source.MqttRecord;
import org.vigil.core.DeadLetter;
import org.vigil.jobs.rules.RulesetStatus;
import org.vigil.registry.Registry;
import org.vigil.registry.RegistryInvalidException;
import org.vigil.registry.RegistryLoader;

/**
 * Judges each registry published on {@code vigil/config/registry/<identity>} the way rulesets are judged (keyed by a
 * constant, so one instance holds the version in force): a valid registry with a version above the one in force is
 * passed on to the registry's operators; an invalid one is refused whole, with every problem and its line; one
 * without a version or not newer than the one in force is refused with the reason (the retained registry seen again
 * after a restart is skipped quietly); none can fail the job. Every decision goes to {@link #STATUS} (retained on
 * {@code <topic>/status}); refusals are dead letters ({@code registry_invalid}).
 */
public final class RegistryUpdateFunction extends KeyedProcessFunction<String, MqttRecord, RegistryUpdate> {

  /** Accepted and refused registries. */
  public static final OutputTag<RulesetStatus> STATUS = new OutputTag<>("registry-status") {};

  /** Refused registries as dead letters, reason {@code registry_invalid}. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("registry-dead-letters") {};

  /**
   * Largest registry read: a county of 2,000 sites and 20,000 devices is about 2.6 MB of YAML (bench phase 9); room
   * for several times that, and for detailed boundaries.
   */
  public static final int MAX_REGISTRY_BYTES = 16 * 1024 * 1024;

  /** Most a published version may exceed the one in force by, as for rulesets. */
  public static final long MAX_VERSION_STEP = 1000;

  static final int MAX_DETAIL_CHARS = 4096;

  private static final Logger LOG = LoggerFactory.getLogger(RegistryUpdateFunction.class);

  private final RegistryUpdate initial;
  private final String topic;
  private transient ValueState<RegistryUpdate> current;
  private transient Counter accepted;
  private transient Counter rejected;

  /**
   * @param initial the registry the job started with (version 0)
   * @param topic the registry topic: registries come on {@code <topic>/<identity>}; {@code <topic>/status} is skipped
   */
  public RegistryUpdateFunction(RegistryUpdate initial, String topic) {
    this.initial = initial;
    this.topic = topic;
  }

  @Override
  public void open(OpenContext openContext) {
    current = getRuntimeContext().getState(new ValueStateDescriptor<>("registry-in-force", RegistryUpdate.class));
    accepted = getRuntimeContext().getMetricGroup().counter("registriesAccepted");
    rejected = getRuntimeContext().getMetricGroup().counter("registriesRejected");
  }

  @Override
  public void processElement(MqttRecord record, Context ctx, Collector<RegistryUpdate> out) throws Exception {
    if (record.topic().equals(topic + "/status")) {
      return;
    }
    RegistryUpdate inForce = current.value() == null ? initial : current.value();
    long now = ctx.timerService().currentProcessingTime();
    if (record.payload().length > MAX_REGISTRY_BYTES) {
      refuse(ctx, record, -1, inForce, "refused: the registry has " + record.payload().length
          + " bytes, more than the limit of " + MAX_REGISTRY_BYTES, List.of(), now);
      return;
    }
    String yaml = new String(record.payload(), StandardCharsets.UTF_8);
    Registry registry;
    try {
      registry = RegistryLoader.parse(yaml, record.topic());
    } catch (RegistryInvalidException e) {
      List<String> problems = e.problems().stream().map(Object::toString).toList();
      refuse(ctx, record, -1, inForce, "refused: " + problems.size() + " problem(s); " + problems.get(0), problems,
          now);
      return;
    } catch (RuntimeException e) { // a reader's defect must not become a restart loop on the retained registry
      refuse(ctx, record, -1, inForce, "refused: the registry could not be read (" + e.getClass().getSimpleName()
          + ": " + e.getMessage() + ")", List.of(), now);
      return;
    }
    if (registry.version() == null) {
      refuse(ctx, record, -1, inForce, "refused: the registry has no version: give it 'version:' one above the "
          + "version in force (" + inForce.version() + ")", List.of(), now);
      return;
    }
    long v = registry.version();
    if (v == inForce.version() && yaml.equals(inForce.yaml())) {
      return; // the retained registry again (after a restart or a reconnect): already in force
    }
    if (v <= inForce.version()) {
      refuse(ctx, record, v, inForce, "refused: version " + v + " is not newer than the version in force, "
          + inForce.version(), List.of(), now);
      return;
    }
    if (inForce.version() > 0 && v - inForce.version() > MAX_VERSION_STEP) {
      refuse(ctx, record, v, inForce, "refused: version " + v + " jumps more than " + MAX_VERSION_STEP
          + " past the version in force, " + inForce.version(), List.of(), now);
      return;
    }
    RegistryUpdate update = new RegistryUpdate(v, registry.author(), registry.comment(), yaml, registry.summary(),
        record.topic());
    RegistryCache.offer(v, yaml, registry); // the registry operators in this process take this parse
    current.update(update);
    accepted.inc();
    LOG.info("registry version {} by {} accepted ({}): {}", v, registry.author(), registry.comment(),
        registry.summary());
    ctx.output(STATUS, new RulesetStatus(v, true, v, registry.author(), registry.comment(), registry.summary(),
        List.of(), now));
    out.collect(update);
  }

  private void refuse(Context ctx, MqttRecord record, long version, RegistryUpdate inForce, String why,
      List<String> problems, long now) {
    rejected.inc();
    LOG.warn("{} {}; version {} stays in force", version < 0 ? "a published registry" : "registry version " + version,
        why, inForce.version());
    ctx.output(STATUS, new RulesetStatus(version, false, inForce.version(), "", "", why, problems, now));
    String detail = problems.size() > 1 ? why + " (all: " + String.join("; ", problems) + ")" : why;
    ctx.output(DEAD_LETTERS, new DeadLetter(record.topic(), "registry_invalid",
        detail.length() > MAX_DETAIL_CHARS ? detail.substring(0, MAX_DETAIL_CHARS) + "..." : detail,
        new String(record.payload(), 0, Math.min(record.payload().length, MAX_DETAIL_CHARS), StandardCharsets.UTF_8),
        record.payload().length, now));
  }
}
