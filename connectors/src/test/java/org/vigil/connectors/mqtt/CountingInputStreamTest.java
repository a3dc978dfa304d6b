package org.vigil.connectors.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.MqttPublish;
import org.eclipse.paho.mqttv5.common.packet.MqttWireMessage;
import org.eclipse.paho.mqttv5.common.packet.util.CountingInputStream;
import org.junit.jupiter.api.Test;

/** Vigil's CountingInputStream in place of Paho's: loaded first, reads in bulk, counts as Paho's does. */
class CountingInputStreamTest {

  @Test
  void theClassLoadedIsVigilsNotThePahoJars() {
    String from = CountingInputStream.class.getProtectionDomain().getCodeSource().getLocation().toString();
    assertThat(from).as("where CountingInputStream was loaded from").doesNotContain("paho");
  }

  @Test
  void aBulkReadGoesToTheUnderlyingStreamAtOnceAndIsCounted() throws Exception {
    byte[] data = new byte[200];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) i;
    }
    int[] singleReads = {0};
    InputStream under = new ByteArrayInputStream(data) {
      @Override
      public synchronized int read() {
        singleReads[0]++;
        return super.read();
      }
    };
    CountingInputStream in = new CountingInputStream(under);
    assertThat(in.read()).isEqualTo(0);
    byte[] buf = new byte[150];
    assertThat(in.read(buf, 0, 150)).isEqualTo(150);
    assertThat(buf[0]).isEqualTo((byte) 1);
    assertThat(buf[149]).isEqualTo((byte) 150);
    assertThat(in.getCounter()).isEqualTo(151);
    assertThat(in.read(buf, 0, 150)).isEqualTo(49); // what is left
    assertThat(in.read(buf, 0, 150)).isEqualTo(-1); // at the end: not counted
    assertThat(in.read()).isEqualTo(-1);
    assertThat(in.getCounter()).isEqualTo(200);
    assertThat(singleReads[0]).as("single-byte reads of the underlying stream: the two asked for").isEqualTo(2);
    in.resetCounter();
    assertThat(in.getCounter()).isZero();
  }

  @Test
  void pahoParsesAPublishThroughIt() throws Exception {
    String topic = "vigil/site-a/rain/g1/data";
    byte[] payload = "{\"ts\":1764406800123,\"values\":{\"rain_mm\":0.2}}".getBytes(StandardCharsets.UTF_8);
    MqttMessage m = new MqttMessage(payload);
    m.setQos(1);
    MqttPublish sent = new MqttPublish(topic, m, new MqttProperties());
    sent.setMessageId(42);
    byte[] header = sent.getHeader();
    byte[] body = sent.getPayload();
    byte[] packet = new byte[header.length + body.length];
    System.arraycopy(header, 0, packet, 0, header.length);
    System.arraycopy(body, 0, packet, header.length, body.length);

    MqttWireMessage received = MqttWireMessage.createWireMessage(packet);

    assertThat(received).isInstanceOf(MqttPublish.class);
    MqttPublish p = (MqttPublish) received;
    assertThat(p.getTopicName()).isEqualTo(topic);
    assertThat(p.getMessage().getPayload()).isEqualTo(payload);
    assertThat(p.getMessage().getQos()).isEqualTo(1);
    assertThat(p.getMessageId()).isEqualTo(42);
  }
}
