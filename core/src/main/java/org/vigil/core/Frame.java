package org.vigil.core;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import org.vigil.core.topics.Topics;

/**
 * One validated camera frame from {@code vigil/{site}/camera/{cameraId}/frame}: a JPEG whose markers and header
 * were checked, with the metadata the camera sent.
 *
 * @param site site id from the topic
 * @param cameraId camera id from the topic
 * @param captureTsMs capture time, epoch ms: from the JSON envelope's {@code ts}, else the time Vigil received the
 *     frame (the MQTT source does not pass on MQTT 5 user properties yet)
 * @param seq the camera's frame sequence number, or -1 when it sends none
 * @param width image width in pixels, from the JPEG header
 * @param height image height in pixels, from the JPEG header
 * @param jpeg the JPEG bytes (not copied: do not modify)
 */
public record Frame(String site, String cameraId, long captureTsMs, long seq, int width, int height, byte[] jpeg) {

  public Frame {
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(cameraId, "cameraId");
    Objects.requireNonNull(jpeg, "jpeg");
  }

  /** {@code site/camera/cameraId}, the subject of crowd alerts. */
  public String subject() {
    return site + "/camera/" + cameraId;
  }

  /**
   * A dead letter for this frame: its topic, the reason, the detail with capture time and sequence number, and the
   * first 4 KiB of the JPEG in base64 (marked when cut).
   */
  public DeadLetter deadLetter(String reason, String detail, long receivedAtMs) {
    byte[] kept = jpeg.length <= 4096 ? jpeg : Arrays.copyOf(jpeg, 4096);
    String payload = "base64:" + Base64.getEncoder().encodeToString(kept)
        + (kept.length < jpeg.length ? "...(truncated)" : "");
    return new DeadLetter(Topics.frame(site, cameraId), reason,
        detail + " (frame captured " + captureTsMs + ", seq " + seq + ")", payload, jpeg.length, receivedAtMs);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Frame f
        && captureTsMs == f.captureTsMs
        && seq == f.seq
        && width == f.width
        && height == f.height
        && site.equals(f.site)
        && cameraId.equals(f.cameraId)
        && Arrays.equals(jpeg, f.jpeg);
  }

  @Override
  public int hashCode() {
    return Objects.hash(site, cameraId, captureTsMs, seq, width, height) * 31 + Arrays.hashCode(jpeg);
  }

  @Override
  public String toString() {
    return "Frame[" + subject() + " ts=" + captureTsMs + " seq=" + seq + " " + width + "x" + height + ", "
        + jpeg.length + " bytes]";
  }
}
