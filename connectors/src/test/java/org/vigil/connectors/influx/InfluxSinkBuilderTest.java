package org.vigil.connectors.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InfluxSinkBuilderTest {

  private static final InfluxEncoder<Long> ENCODER = (n, out) -> out.measurement("m").field("n", n).timestamp(n);

  @Test
  void defaultsMatchTheDocumentedOnes() {
    InfluxSinkConfig c =
        InfluxSink.<Long>builder().url("http://127.0.0.1:8086").database("vigil").encoder(ENCODER).build().config();

    assertThat(c.batchSize()).isEqualTo(5000);
    assertThat(c.flushInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.retryPolicy())
        .isEqualTo(new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofMinutes(10)));
    assertThat(c.maxBufferedLines()).isEqualTo(500_000);
    assertThat(c.flushWait()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.checkpointBacklog()).isZero();
    assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.username()).isNull();
  }

  @Test
  void namesEveryMissingSetting() {
    assertThatThrownBy(() -> InfluxSink.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("url is missing")
        .hasMessageContaining("database is missing")
        .hasMessageContaining("encoder is missing");
  }

  @Test
  void namesEveryBadValueAtOnce() {
    assertThatThrownBy(
            () ->
                InfluxSink.<Long>builder()
                    .url("ftp://host")
                    .database("db")
                    .encoder(ENCODER)
                    .batchSize(100)
                    .flushInterval(Duration.ZERO)
                    .maxOutage(Duration.ZERO)
                    .maxBufferedLines(10)
                    .flushWait(Duration.ofMillis(-1))
                    .checkpointBacklog(11)
                    .initialBackoff(Duration.ofSeconds(20))
                    .maxBackoff(Duration.ofSeconds(10))
                    .requestTimeout(Duration.ofSeconds(-1))
                    .build())
        .hasMessageContaining("url must look like http://host:port")
        .hasMessageContaining("maxBufferedLines must be at least batchSize (100), was 10")
        .hasMessageContaining("flushInterval must be at least 1 ms")
        .hasMessageContaining("maxOutage must be at least 1 ms")
        .hasMessageContaining("flushWait must be 0 or more")
        .hasMessageContaining("checkpointBacklog must be between 0 and maxBufferedLines (10), was 11")
        .hasMessageContaining("initialBackoff (PT20S) must not exceed maxBackoff (PT10S)")
        .hasMessageContaining("requestTimeout must be at least 1 ms");
  }

  @Test
  void batchSizeIsBounded() {
    assertThatThrownBy(() -> base().batchSize(0).build())
        .hasMessageContaining("batchSize must be between 1 and 1000000, was 0");
  }

  @Test
  void checksCredentials() {
    assertThatThrownBy(() -> InfluxCredentials.ofFile(" ", java.nio.file.Path.of("pw")))
        .hasMessageContaining("needs a user name");
    assertThatThrownBy(() -> base().url("http://user:pw@host:8086").build())
        .hasMessageContaining("no query or user info")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw"));
    assertThat(base().credentials(InfluxCredentials.NONE).build().config().username()).isNull();
    assertThat(base().credentials(null).build().config().username()).isNull();
  }

  @Test
  void rejectsAnEncoderThatCannotBeShippedWithTheJob() {
    Object notSerializable = new Object();
    InfluxEncoder<Long> capturing = (n, out) -> out.measurement("m").field("h", notSerializable.hashCode()).timestamp(n);

    assertThatThrownBy(() -> base().encoder(capturing).build()).hasMessageContaining("encoder is not serializable");
  }

  @Test
  void survivesJavaSerializationWithoutThePassword(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("influx.password"), "s3cret-in-file\n");
    InfluxSink<Long> sink = base().credentials(InfluxCredentials.ofFile("vigil", file)).batchSize(10).build();

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(sink);
    }
    Object copy;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = in.readObject();
    }

    assertThat(((InfluxSink<?>) copy).config()).isEqualTo(sink.config());
    // What goes into the job graph names the file, not the password; the password is read when a client is made.
    assertThat(new String(bytes.toByteArray(), java.nio.charset.StandardCharsets.ISO_8859_1))
        .contains(file.toString()).doesNotContain("s3cret");
    assertThat(sink.toString()).contains("username=vigil").contains("****").doesNotContain("s3cret");
    assertThat(((InfluxSink<?>) copy).config().credentials().password()).isEqualTo("s3cret-in-file");
  }

  private static InfluxSink.Builder<Long> base() {
    return InfluxSink.<Long>builder().url("http://127.0.0.1:8086").database("db").encoder(ENCODER);
  }
}
