package org.vigil.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.vigil.core.DeadLetter;
import org.vigil.core.Frame;
import org.vigil.core.Reading;
import org.vigil.decode.DecoderOptions;
import org.vigil.connectors.mqtt.source.MqttRecord;

/** The decode operator routes frames to their side output and corrupt frames to the dead letter. */
class DecodeFramesTest {

  private static final long T0 = 1_795_852_800_000L;

  @Test
  void framesGoToTheirSideOutputAndCorruptOnesToTheDeadLetter() throws Exception {
    ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(16, 8, BufferedImage.TYPE_INT_RGB), "jpeg", jpeg);
    byte[] good = jpeg.toByteArray();
    OneInputStreamOperatorTestHarness<MqttRecord, Reading> h =
        ProcessFunctionTestHarnesses.forProcessFunction(new DecodeFunction(DecoderOptions.defaults(Set.of("hill-a"))));
    h.setProcessingTime(T0);
    h.processElement(new MqttRecord("vigil/hill-a/camera/cam-1/frame", good, T0), T0);
    h.processElement(new MqttRecord("vigil/hill-a/camera/cam-1/frame", Arrays.copyOf(good, 100), T0), T0);
    h.processElement(new MqttRecord("vigil/hill-a/camera/cam-1/frame", new byte[0], T0), T0);
    h.processElement(new MqttRecord("vigil/hill-a/rain/rg-1/data",
        ("{\"ts\": " + T0 + ", \"values\": {\"rain_mm\": 0.2}}").getBytes(StandardCharsets.UTF_8), T0), T0);

    List<Frame> frames = h.getSideOutput(DecodeFunction.FRAMES).stream().map(StreamRecord::getValue).toList();
    assertThat(frames).singleElement().satisfies(f -> {
      assertThat(f.width()).isEqualTo(16);
      assertThat(f.height()).isEqualTo(8);
      assertThat(f.captureTsMs()).isEqualTo(T0);
    });
    assertThat(h.extractOutputValues()).extracting(Reading::sensorId).containsExactly("rg-1");
    List<DeadLetter> dead = h.getSideOutput(DecodeFunction.DEAD_LETTERS).stream().map(StreamRecord::getValue).toList();
    assertThat(dead).extracting(DeadLetter::reason).containsExactly("corrupt_image", "empty_payload");
    assertThat(dead.get(0).payload()).startsWith("base64:/9j/"); // JPEG bytes are not UTF-8: kept as base64
    h.close();
  }
}
