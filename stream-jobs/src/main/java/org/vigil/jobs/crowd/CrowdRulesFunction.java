package org.vigil.jobs.crowd;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.vigil.alerts.crowd.CrowdRules;
import org.vigil.alerts.crowd.CrowdState;
import org.vigil.alerts.crowd.Samples;
import org.vigil.alerts.rule.OpenAlert;
import org.vigil.core.AlertEvent;

/**
 * The crowd rules ({@link CrowdRules}) over analysed frames, keyed by camera. The zones' series and the open alerts
 * are keyed state, so one alert is open per rule and subject and both survive a restore.
 */
public final class CrowdRulesFunction extends KeyedProcessFunction<String, AnalysedFrame, AlertEvent> {

  private final CrowdRules rules;
  private transient MapState<String, OpenAlert> open;
  private transient MapState<String, Samples> series;

  public CrowdRulesFunction(CrowdRules rules) {
    this.rules = rules;
  }

  @Override
  public void open(OpenContext openContext) {
    open = getRuntimeContext().getMapState(
        new MapStateDescriptor<>("crowd-open-alerts", Types.STRING, TypeInformation.of(OpenAlert.class)));
    series = getRuntimeContext().getMapState(
        new MapStateDescriptor<>("crowd-series", Types.STRING, TypeInformation.of(Samples.class)));
  }

  @Override
  public void processElement(AnalysedFrame f, Context ctx, Collector<AlertEvent> out) throws Exception {
    for (AlertEvent e : rules.evaluate(state(), f.snapshot())) {
      out.collect(e);
    }
  }

  private CrowdState state() {
    return new CrowdState() {
      @Override
      public OpenAlert open(String key) {
        try {
          return open.get(key);
        } catch (Exception e) {
          throw new IllegalStateException("crowd state unreadable: " + key, e);
        }
      }

      @Override
      public void setOpen(String key, OpenAlert alert) {
        try {
          if (alert == null) {
            open.remove(key);
          } else {
            open.put(key, alert);
          }
        } catch (Exception e) {
          throw new IllegalStateException("crowd state unwritable: " + key, e);
        }
      }

      @Override
      public Samples series(String key) {
        try {
          Samples s = series.get(key);
          return s == null ? Samples.empty() : s;
        } catch (Exception e) {
          throw new IllegalStateException("crowd state unreadable: " + key, e);
        }
      }

      @Override
      public void setSeries(String key, Samples samples) {
        try {
          series.put(key, samples);
        } catch (Exception e) {
          throw new IllegalStateException("crowd state unwritable: " + key, e);
        }
      }
    };
  }
}
