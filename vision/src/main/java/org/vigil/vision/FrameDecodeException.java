package org.vigil.vision;

/** A frame's bytes could not be decoded as an image: empty, truncated, corrupt or not a JPEG/PNG at all. */
public class FrameDecodeException extends RuntimeException {

  private final String reason;
  private final int byteCount;

  /**
   * @param reason short machine-friendly reason ({@code "empty"}, {@code "not_an_image"}, {@code "undecodable"},
   *     {@code "too_small"})
   * @param byteCount size of the payload that failed
   * @param detail human-readable detail
   */
  public FrameDecodeException(String reason, int byteCount, String detail) {
    super("frame decode failed (" + reason + ", " + byteCount + " bytes): " + detail);
    this.reason = reason;
    this.byteCount = byteCount;
  }

  /** Short reason, usable as a dead-letter reason or metric tag. */
  public String reason() {
    return reason;
  }

  /** Size of the payload that could not be decoded. */
  public int byteCount() {
    return byteCount;
  }
}
