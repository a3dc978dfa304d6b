package org.vigil.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.vigil.core.Frame;

/** Frames: a real JPEG written by javax.imageio, then truncated, cut, patched and wrapped. */
class FrameDecoderTest {

  private static final long NOW = 1_795_852_800_000L; // 2026-11-28T08:00:00Z
  private static final String TOPIC = "vigil/hill-a/camera/cam-1/frame";

  private final FrameDecoder decoder = new FrameDecoder(DecoderOptions.defaults(Set.of("hill-a")));

  /** A 32x24 JPEG: a grey field with a white square. */
  static byte[] jpeg(int width, int height) throws IOException {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.GRAY);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.WHITE);
    g.fillRect(width / 4, height / 4, width / 2, height / 2);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(ImageIO.write(img, "jpeg", out)).isTrue();
    return out.toByteArray();
  }

  private RejectReason reject(String topic, byte[] payload) {
    return reject(decoder, topic, payload);
  }

  private static RejectReason reject(FrameDecoder d, String topic, byte[] payload) {
    try {
      d.decode(topic, payload, NOW);
    } catch (DecodeException e) {
      assertThat(e.getMessage()).isNotBlank();
      return e.reason();
    }
    throw new AssertionError("expected a rejection");
  }

  /** Offset of the baseline start-of-frame marker FF C0 (height at +5, width at +7, big-endian). */
  private static int sof(byte[] jpeg) {
    for (int i = 2; i < jpeg.length - 1; i++) {
      if ((jpeg[i] & 0xff) == 0xff && (jpeg[i + 1] & 0xff) == 0xc0) {
        return i;
      }
    }
    throw new AssertionError("no SOF0");
  }

  @Test
  void aRawJpegIsAFrameWithTheReceiveTime() throws IOException {
    byte[] jpeg = jpeg(32, 24);
    Frame f = decoder.decode(TOPIC, jpeg, NOW);
    assertThat(f.site()).isEqualTo("hill-a");
    assertThat(f.cameraId()).isEqualTo("cam-1");
    assertThat(f.width()).isEqualTo(32);
    assertThat(f.height()).isEqualTo(24);
    assertThat(f.captureTsMs()).isEqualTo(NOW);
    assertThat(f.seq()).isEqualTo(-1);
    assertThat(f.jpeg()).isSameAs(jpeg);
  }

  @Test
  void anEnvelopeCarriesCaptureTimeAndSequence() throws IOException {
    byte[] jpeg = jpeg(32, 24);
    String env = "{\"ts\": \"2026-11-28T07:59:59.500Z\", \"seq\": 42, \"jpeg\": \"" + Base64.getEncoder().encodeToString(jpeg) + "\"}";
    Frame f = decoder.decode(TOPIC, env.getBytes(StandardCharsets.UTF_8), NOW);
    assertThat(f.captureTsMs()).isEqualTo(NOW - 500);
    assertThat(f.seq()).isEqualTo(42);
    assertThat(f.jpeg()).isEqualTo(jpeg);
  }

  @Test
  void corruptFramesAreRejectedWithTheirReason() throws IOException {
    byte[] jpeg = jpeg(32, 24);
    assertThat(reject(TOPIC, new byte[0])).isEqualTo(RejectReason.EMPTY_PAYLOAD);
    // Truncated in the middle: no end-of-image marker.
    assertThat(reject(TOPIC, Arrays.copyOf(jpeg, jpeg.length / 2))).isEqualTo(RejectReason.CORRUPT_IMAGE);
    // The first bytes lost: no start-of-image marker.
    assertThat(reject(TOPIC, Arrays.copyOfRange(jpeg, 2, jpeg.length))).isEqualTo(RejectReason.CORRUPT_IMAGE);
    // A PNG.
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", png);
    assertThat(reject(TOPIC, png.toByteArray())).isEqualTo(RejectReason.CORRUPT_IMAGE);
    // Markers intact, the header between them zeroed.
    byte[] zeroed = jpeg.clone();
    Arrays.fill(zeroed, 3, sof(jpeg) + 10, (byte) 0);
    assertThat(reject(TOPIC, zeroed)).isEqualTo(RejectReason.CORRUPT_IMAGE);
    // Only the two markers.
    assertThat(reject(TOPIC, new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xd9})).isEqualTo(RejectReason.CORRUPT_IMAGE);
    // Text.
    assertThat(reject(TOPIC, "hello".getBytes(StandardCharsets.UTF_8))).isEqualTo(RejectReason.CORRUPT_IMAGE);
  }

  @Test
  void headerDimensionsMustBeSane() throws IOException {
    byte[] jpeg = jpeg(32, 24);
    int sof = sof(jpeg);
    byte[] huge = jpeg.clone(); // 10000 x 10000 = 0x2710
    huge[sof + 5] = 0x27;
    huge[sof + 6] = 0x10;
    huge[sof + 7] = 0x27;
    huge[sof + 8] = 0x10;
    assertThat(reject(TOPIC, huge)).isEqualTo(RejectReason.BAD_IMAGE_SIZE);
    byte[] zeroWidth = jpeg.clone();
    zeroWidth[sof + 7] = 0;
    zeroWidth[sof + 8] = 0;
    assertThat(reject(TOPIC, zeroWidth)).isIn(RejectReason.BAD_IMAGE_SIZE, RejectReason.CORRUPT_IMAGE);
  }

  @Test
  void sizeTopicSiteAndEnvelopeProblems() throws IOException {
    byte[] jpeg = jpeg(32, 24);
    FrameDecoder small = new FrameDecoder(DecoderOptions.defaults(Set.of()).withMaxFrameBytes(jpeg.length - 1));
    assertThat(reject(small, TOPIC, jpeg)).isEqualTo(RejectReason.PAYLOAD_TOO_LARGE);
    assertThat(new FrameDecoder(DecoderOptions.defaults(Set.of()).withMaxFrameBytes(jpeg.length)).decode(TOPIC, jpeg, NOW))
        .isNotNull();
    assertThat(reject("vigil/elsewhere/camera/cam-1/frame", jpeg)).isEqualTo(RejectReason.UNKNOWN_SITE);
    assertThat(reject("vigil/hill-a/camera/cam 1/frame", jpeg)).isEqualTo(RejectReason.BAD_TOPIC);
    assertThat(reject("vigil/hill-a/camera/cam-1/frames", jpeg)).isEqualTo(RejectReason.BAD_TOPIC);
    assertThat(reject(TOPIC, "{\"ts\": 1795852800000}".getBytes(StandardCharsets.UTF_8))).isEqualTo(RejectReason.MISSING_FIELD);
    assertThat(reject(TOPIC, "{\"ts\": 1795852800000, \"jpeg\": \"%%%\"}".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(RejectReason.CORRUPT_IMAGE);
    assertThat(reject(TOPIC, "{\"ts\": 1795852800000, \"jpeg\": 7}".getBytes(StandardCharsets.UTF_8))).isEqualTo(RejectReason.WRONG_TYPE);
    assertThat(reject(TOPIC, "{\"ts\": 1795852800000, \"jpeg\": \"\"}".getBytes(StandardCharsets.UTF_8))).isEqualTo(RejectReason.EMPTY_PAYLOAD);
    assertThat(reject(TOPIC, "{\"ts\": \"2031-01-01T00:00:00Z\", \"jpeg\": \"\"}".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(RejectReason.TIMESTAMP_IN_FUTURE);
    assertThat(reject(TOPIC, "{\"ts\": 1795852800000, \"jpeg\": ".getBytes(StandardCharsets.UTF_8))).isEqualTo(RejectReason.MALFORMED_JSON);
    assertThat(FrameDecoder.isFrameTopic(TOPIC)).isTrue();
    assertThat(FrameDecoder.isFrameTopic("vigil/hill-a/rain/rg-1/data")).isFalse();
  }
}
