package org.vigil.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamEdge;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.runtime.partitioner.ForwardPartitioner;
import org.apache.flink.streaming.runtime.partitioner.KeyGroupStreamPartitioner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How frames reach the crowd analysis in the job's graph (built, not run): with a registry the camera gate is keyed
 * by camera and the analysis takes its output as it is, forward, without shuffling every JPEG a second time; without
 * a registry the frames are keyed by camera once, on the way into the analysis.
 */
class CrowdTopologyTest {

  @TempDir
  Path dir;

  private static final String REGISTRY = """
      regions:
        - {id: c, level: county}
        - {id: t, level: township, parent: c}
        - {id: v, level: village, parent: t}
      sites:
        - id: gorge
          region: v
          location: {lat: 30, lon: 103}
          devices:
            - {id: cam1, kind: camera, interval: 1s}
      """;

  private StreamGraph graph(Map<String, String> extra) {
    Map<String, String> s = new HashMap<>();
    s.put("VIGIL_MQTT_URL", "tcp://127.0.0.1:1");
    s.put("VIGIL_INFLUX_URL", "http://127.0.0.1:1");
    s.put("VIGIL_CHECKPOINT_DIR", dir.resolve("checkpoints").toString());
    s.put("VIGIL_PARALLELISM", "2");
    s.putAll(extra);
    MonitoringConfig config = MonitoringConfig.from(s::get);
    StreamExecutionEnvironment env = MonitoringJob.localEnvironment(config);
    MonitoringJob.build(env, config, List.of());
    return env.getStreamGraph();
  }

  private static StreamEdge edgeInto(StreamGraph g, String name) {
    StreamNode analysis = g.getStreamNodes().stream().filter(n -> n.getOperatorName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no operator " + name));
    assertThat(analysis.getInEdges()).hasSize(1);
    return analysis.getInEdges().get(0);
  }

  @Test
  void withARegistryTheAnalysisTakesTheCameraGatesFramesForward() throws Exception {
    Path registry = Files.writeString(dir.resolve("registry.yaml"), REGISTRY);
    StreamGraph g = graph(Map.of("VIGIL_REGISTRY_FILE", registry.toString()));
    StreamEdge in = edgeInto(g, "crowd-analysis");
    assertThat(g.getStreamNode(in.getSourceId()).getOperatorName()).isEqualTo("registry-camera-gate");
    assertThat(in.getPartitioner()).isInstanceOf(ForwardPartitioner.class);
    assertThat(g.getStreamNode(in.getSourceId()).getParallelism())
        .isEqualTo(g.getStreamNode(in.getTargetId()).getParallelism());
  }

  @Test
  void withoutARegistryTheFramesAreKeyedByCameraOnce() {
    StreamEdge in = edgeInto(graph(Map.of()), "crowd-analysis");
    assertThat(in.getPartitioner()).isInstanceOf(KeyGroupStreamPartitioner.class);
  }
}
