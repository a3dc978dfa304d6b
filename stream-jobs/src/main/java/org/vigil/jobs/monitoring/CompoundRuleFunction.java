package org.vigil.jobs.monitoring;

import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.vigil.alerts.site.CompoundRule;
import org.vigil.alerts.site.CompoundState;
import org.vigil.core.AlertEvent;
import org.vigil.core.SensorMetrics;

/**
 * Applies the site-level compound rules (e.g. heavy rain and an accelerating slope at the same site) to the metrics
 * of every sensor of a site, keyed by site; each rule's memory of the site is keyed state.
 */
public final class CompoundRuleFunction extends KeyedProcessFunction<String, SensorMetrics, AlertEvent> {

  private final List<CompoundRule> rules;
  private transient MapState<String, CompoundState> states;

  public CompoundRuleFunction(List<CompoundRule> rules) {
    this.rules = List.copyOf(rules);
  }

  @Override
  public void open(OpenContext openContext) {
    states = getRuntimeContext().getMapState(
        new MapStateDescriptor<>("compound-rules", Types.STRING, TypeInformation.of(CompoundState.class)));
  }

  @Override
  public void processElement(SensorMetrics m, Context ctx, Collector<AlertEvent> out) throws Exception {
    for (CompoundRule rule : rules) {
      CompoundState s = states.get(rule.id());
      if (s == null) {
        s = new CompoundState();
      }
      AlertEvent e = rule.evaluate(s, m);
      states.put(rule.id(), s);
      if (e != null) {
        out.collect(e);
      }
    }
  }
}
