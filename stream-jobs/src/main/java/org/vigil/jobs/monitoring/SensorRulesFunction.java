package org.vigil.jobs.monitoring;

import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.vigil.alerts.rule.OpenAlert;
import org.vigil.alerts.rule.ThresholdRule;
import org.vigil.core.AlertEvent;
import org.vigil.core.SensorMetrics;

/**
 * Applies the per-sensor threshold rules to each sensor's metrics (raw fields and derived series), keyed by subject;
 * the open alert of each rule is keyed state, so there is one open alert per rule and subject and it survives a
 * restart from a checkpoint.
 */
public final class SensorRulesFunction extends KeyedProcessFunction<String, SensorMetrics, AlertEvent> {

  private final List<ThresholdRule> rules;
  private transient MapState<String, OpenAlert> open;

  public SensorRulesFunction(List<ThresholdRule> rules) {
    this.rules = List.copyOf(rules);
  }

  @Override
  public void open(OpenContext openContext) {
    open =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>("open-alerts", Types.STRING, TypeInformation.of(OpenAlert.class)));
  }

  @Override
  public void processElement(SensorMetrics m, Context ctx, Collector<AlertEvent> out) throws Exception {
    for (ThresholdRule rule : rules) {
      if (Double.isNaN(m.value(rule.metric()))) {
        continue;
      }
      OpenAlert before = open.get(rule.id());
      ThresholdRule.Outcome o = rule.evaluate(before, m);
      if (o.event() == null) {
        continue;
      }
      if (o.state() == null) {
        open.remove(rule.id());
      } else {
        open.put(rule.id(), o.state());
      }
      out.collect(o.event());
    }
  }
}
