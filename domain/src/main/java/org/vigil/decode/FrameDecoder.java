package org.vigil.decode;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.vigil.core.Frame;

/**
 * Decodes and validates one camera frame from {@code vigil/{site}/camera/{cameraId}/frame}.
 *
 * <p>The payload is either the JPEG itself, or, for MQTT 3.1.1 publishers, a small JSON envelope
 * {@code {"ts": ISO-8601 | epoch-ms, "seq": 7, "jpeg": "<base64>"}}. The MQTT source does not pass on MQTT 5 user
 * properties yet, so a raw JPEG gets the receive time as its capture time and no sequence number.
 *
 * <p>The JPEG is checked, not decoded: start-of-image and end-of-image markers, a header that {@code javax.imageio}
 * reads, and dimensions of 1..{@value #MAX_SIDE} pixels a side. That rejects truncated, empty, non-JPEG and
 * header-damaged frames cheaply; damage inside the compressed scan data passes and is the vision stage's to find
 * when it decodes the image. Rejections are {@link DecodeException}s with a {@link RejectReason}. Thread-safe.
 */
public final class FrameDecoder {

  /** Largest accepted width or height, pixels (8K video is 7680 wide). */
  public static final int MAX_SIDE = 8192;

  private final DecoderOptions options;

  public FrameDecoder(DecoderOptions options) {
    this.options = options;
  }

  /** Whether {@code topic} is a frame topic ({@code vigil/+/camera/+/frame}), valid or not in its ids. */
  public static boolean isFrameTopic(String topic) {
    String[] parts = topic.split("/", -1);
    return parts.length == 5 && "vigil".equals(parts[0]) && "camera".equals(parts[2]) && "frame".equals(parts[4]);
  }

  /**
   * Decodes a frame.
   *
   * @param topic the MQTT topic
   * @param payload the raw payload
   * @param receivedAtMs when Vigil received it: the capture time of a raw JPEG, and the clock envelope times are
   *     checked against
   * @throws DecodeException with the reason when the input is rejected
   */
  public Frame decode(String topic, byte[] payload, long receivedAtMs) {
    String[] parts = topic.split("/", -1);
    if (!isFrameTopic(topic)) {
      throw new DecodeException(RejectReason.BAD_TOPIC, "topic '" + topic + "' is not vigil/{site}/camera/{cameraId}/frame");
    }
    String site = parts[1];
    String camera = parts[3];
    if (!ReadingDecoder.validId(site) || !ReadingDecoder.validId(camera)) {
      throw new DecodeException(
          RejectReason.BAD_TOPIC, "site and camera id must be 1-64 characters of [A-Za-z0-9_-] in '" + topic + "'");
    }
    if (!options.sites().isEmpty() && !options.sites().contains(site)) {
      throw new DecodeException(RejectReason.UNKNOWN_SITE, "site '" + site + "' is not configured");
    }
    if (payload.length > options.maxFrameBytes()) {
      throw new DecodeException(
          RejectReason.PAYLOAD_TOO_LARGE,
          "frame of " + payload.length + " bytes exceeds the limit of " + options.maxFrameBytes());
    }
    if (payload.length == 0) {
      throw new DecodeException(RejectReason.EMPTY_PAYLOAD, "frame is empty");
    }
    long ts = receivedAtMs;
    long seq = -1;
    byte[] jpeg = payload;
    if (payload[0] == '{') {
      JsonNode env = ReadingDecoder.parse(ReadingDecoder.utf8(payload));
      ts = ReadingDecoder.timestamp(env.get("ts"), receivedAtMs, options);
      JsonNode seqNode = env.get("seq");
      if (seqNode != null && !seqNode.isNull()) {
        if (!seqNode.canConvertToExactIntegral() || !seqNode.canConvertToLong() || seqNode.asLong() < 0) {
          throw new DecodeException(RejectReason.WRONG_TYPE, "'seq' must be a non-negative integer, was " + seqNode);
        }
        seq = seqNode.asLong();
      }
      JsonNode data = env.get("jpeg");
      if (data == null || data.isNull()) {
        throw new DecodeException(RejectReason.MISSING_FIELD, "envelope has no 'jpeg' (base64 of the image)");
      }
      if (!data.isTextual()) {
        throw new DecodeException(RejectReason.WRONG_TYPE, "'jpeg' must be base64 text, was " + data.getNodeType());
      }
      try {
        jpeg = Base64.getDecoder().decode(data.asText());
      } catch (IllegalArgumentException e) {
        throw new DecodeException(RejectReason.CORRUPT_IMAGE, "'jpeg' is not base64: " + e.getMessage());
      }
      if (jpeg.length == 0) {
        throw new DecodeException(RejectReason.EMPTY_PAYLOAD, "envelope's 'jpeg' is empty");
      }
    }
    int[] size = checkJpeg(jpeg);
    return new Frame(site, camera, ts, seq, size[0], size[1], jpeg);
  }

  /** Checks markers and header; returns {width, height}. */
  static int[] checkJpeg(byte[] jpeg) {
    int n = jpeg.length;
    if (n < 4 || (jpeg[0] & 0xff) != 0xff || (jpeg[1] & 0xff) != 0xd8 || (jpeg[2] & 0xff) != 0xff) {
      throw new DecodeException(
          RejectReason.CORRUPT_IMAGE, "not a JPEG: no start-of-image marker FF D8 FF (starts with " + head(jpeg) + ")");
    }
    if ((jpeg[n - 2] & 0xff) != 0xff || (jpeg[n - 1] & 0xff) != 0xd9) {
      throw new DecodeException(
          RejectReason.CORRUPT_IMAGE, "JPEG has no end-of-image marker FF D9 at the end (truncated?), " + n + " bytes");
    }
    int width;
    int height;
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
    if (!readers.hasNext()) {
      throw new IllegalStateException("this JVM has no javax.imageio JPEG reader (module java.desktop missing?)");
    }
    ImageReader reader = readers.next();
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
      reader.setInput(in, true, true);
      width = reader.getWidth(0);
      height = reader.getHeight(0);
    } catch (IOException | RuntimeException e) {
      throw new DecodeException(RejectReason.CORRUPT_IMAGE, "JPEG header unreadable: " + e.getMessage());
    } finally {
      reader.dispose();
    }
    if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
      throw new DecodeException(
          RejectReason.BAD_IMAGE_SIZE,
          "JPEG declares " + width + "x" + height + " pixels; each side must be 1.." + MAX_SIDE);
    }
    return new int[] {width, height};
  }

  private static String head(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < Math.min(4, b.length); i++) {
      s.append(String.format("%02X ", b[i] & 0xff));
    }
    return s.length() == 0 ? "nothing" : s.toString().trim();
  }
}
