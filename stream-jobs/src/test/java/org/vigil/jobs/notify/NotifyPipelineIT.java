package org.vigil.jobs.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vigil.alerts.notify.Ack;
import org.vigil.alerts.notify.Notification;
import org.vigil.alerts.notify.NotifyOptions;
import org.vigil.alerts.notify.Silence;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;

/**
 * {@link Notify#attach} in a MiniCluster at parallelism 2 with generic types disabled (as the job runs): a storm at
 * one site and a flapping gauge at another, 40 transitions, become 3 notifications; an ack of an unknown alert is
 * refused. No external services.
 */
class NotifyPipelineIT {

  private static final long T0 = 1_795_852_800_000L;

  @RegisterExtension
  static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  @Test
  @Timeout(60)
  void fortyTransitionsAtTwoSitesBecomeThreeNotifications() throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    Configuration conf = new Configuration();
    conf.setString("pipeline.generic-types", "false");
    env.configure(conf);
    env.setParallelism(2);

    List<AlertEvent> events = new ArrayList<>();
    long openedAt = T0;
    for (int i = 0; i < 20; i++) {
      long t = T0 + i * 1000L; // hill-a: 20 gauges open within 19 s
      events.add(new AlertEvent("alt_a" + i, "rain-1h", "hill-a", "hill-a/rain/rg-" + i, Level.ORANGE, Level.NONE,
          AlertState.OPENED, 31.5, 30, t, t, "storm"));
      long f = T0 + i * 10_000L; // hill-b: one gauge crosses every 10 s
      if (i % 2 == 0) {
        openedAt = f;
      }
      events.add(new AlertEvent("alt_b" + openedAt, "rain-1h", "hill-b", "hill-b/rain/rg-1",
          i % 2 == 0 ? Level.YELLOW : Level.NONE, i % 2 == 0 ? Level.NONE : Level.YELLOW,
          i % 2 == 0 ? AlertState.OPENED : AlertState.RESOLVED, 20, 20, openedAt, f, "flap"));
    }
    events.sort((x, y) -> Long.compare(x.updatedAtMs(), y.updatedAtMs()));

    DataStream<AlertEvent> alerts = env.fromData(events, TypeInformation.of(AlertEvent.class)).setParallelism(1)
        .assignTimestampsAndWatermarks(WatermarkStrategy.<AlertEvent>forBoundedOutOfOrderness(Duration.ZERO)
            .withTimestampAssigner((e, ts) -> e.updatedAtMs()));
    DataStream<Ack> acks = env.fromData(List.of(new Ack("alt_nope", "hill-a", "ops", T0, "")),
        TypeInformation.of(Ack.class)).setParallelism(1)
        .assignTimestampsAndWatermarks(WatermarkStrategy.<Ack>forMonotonousTimestamps()
            .withTimestampAssigner((a, ts) -> a.atMs()));
    DataStream<Silence> silences = env.fromData(List.of(new Silence("elsewhere", List.of("hill-z"), List.of(),
        List.of(), T0, T0 + 3_600_000L, "ops", "")), TypeInformation.of(Silence.class)).setParallelism(1);

    SingleOutputStreamOperator<Notification> notes = Notify.attach(alerts, acks, silences, NotifyOptions.defaults());
    DataStream<String> summary = notes
        .map(n -> n.site() + " " + n.kind() + " " + n.members().size()).returns(Types.STRING)
        .union(notes.getSideOutput(NotifyFunction.ACK_DECISIONS)
            .map(d -> "ack " + (d.isAccepted() ? "accepted" : "refused")).returns(Types.STRING));

    List<String> out = new ArrayList<>();
    try (CloseableIterator<String> it = summary.executeAndCollect()) {
      it.forEachRemaining(out::add);
    }
    assertThat(out).containsExactlyInAnyOrder(
        "hill-a GROUP 20", "hill-b FLAPPING 4", "hill-b SETTLED 1", "ack refused");
  }
}
