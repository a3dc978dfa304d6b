package org.vigil.jobs.monitoring;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.vigil.alerts.site.ActiveAlert;
import org.vigil.alerts.site.SiteRiskTracker;
import org.vigil.core.AlertEvent;
import org.vigil.core.SiteRisk;

/**
 * A site's risk level from its alerts, keyed by site: the highest open level and the alert that drives it, emitted
 * when either changes. The site's open alerts and its last risk are keyed state.
 */
public final class SiteRiskFunction extends KeyedProcessFunction<String, AlertEvent, SiteRisk> {

  private transient MapState<String, ActiveAlert> open;
  private transient ValueState<SiteRisk> last;

  @Override
  public void open(OpenContext openContext) {
    open = getRuntimeContext().getMapState(
        new MapStateDescriptor<>("site-open-alerts", Types.STRING, TypeInformation.of(ActiveAlert.class)));
    last = getRuntimeContext().getState(new ValueStateDescriptor<>("site-risk", TypeInformation.of(SiteRisk.class)));
  }

  @Override
  public void processElement(AlertEvent e, Context ctx, Collector<SiteRisk> out) throws Exception {
    Map<String, ActiveAlert> current = new HashMap<>();
    for (Map.Entry<String, ActiveAlert> en : open.entries()) {
      current.put(en.getKey(), en.getValue());
    }
    SiteRisk risk = SiteRiskTracker.apply(current, e, last.value());
    // apply changed at most this event's entry: write that one back, not the whole map.
    String key = ActiveAlert.key(e.rule(), e.subject());
    ActiveAlert now = current.get(key);
    if (now == null) {
      open.remove(key);
    } else {
      open.put(key, now);
    }
    if (risk != null) {
      last.update(risk);
      out.collect(risk);
    }
  }
}
