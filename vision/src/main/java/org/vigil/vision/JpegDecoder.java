package org.vigil.vision;

import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Turns a frame's bytes into a BGR image, refusing what is not a complete JPEG or PNG.
 *
 * <p>OpenCV's decoder accepts a truncated JPEG (libjpeg fills the missing rows with grey and only warns), which
 * would feed the background model a half-grey frame; so a JPEG must also end with its EOI marker.
 */
final class JpegDecoder {

  /** Trailing bytes searched for the JPEG end-of-image marker (some encoders pad after it). */
  private static final int EOI_SEARCH = 64;

  private JpegDecoder() {}

  /**
   * Decodes the bytes; the caller owns (and must release) the returned image.
   *
   * @throws FrameDecodeException with reason {@code empty}, {@code not_an_image}, {@code truncated} or
   *     {@code undecodable}
   */
  public static Mat decode(byte[] bytes) {
    return decode(bytes, Imgcodecs.IMREAD_COLOR);
  }

  /**
   * Decodes the bytes straight to one grey channel (for a JPEG the decoder then skips the colour planes and the
   * colour conversion, about a third of the decoding work); the caller owns the returned image.
   *
   * @throws FrameDecodeException as {@link #decode(byte[])}
   */
  public static Mat decodeGrey(byte[] bytes) {
    return decode(bytes, Imgcodecs.IMREAD_GRAYSCALE);
  }

  private static Mat decode(byte[] bytes, int flags) {
    int n = bytes == null ? 0 : bytes.length;
    if (n == 0) {
      throw new FrameDecodeException("empty", 0, "no bytes");
    }
    boolean jpeg = n >= 3 && (bytes[0] & 0xff) == 0xFF && (bytes[1] & 0xff) == 0xD8 && (bytes[2] & 0xff) == 0xFF;
    boolean png = n >= 8 && (bytes[0] & 0xff) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G';
    if (!jpeg && !png) {
      throw new FrameDecodeException("not_an_image", n, String.format(
          "starts with %s, expected a JPEG (FF D8 FF) or PNG signature", hex(bytes, 4)));
    }
    if (jpeg && !hasEoi(bytes)) {
      throw new FrameDecodeException("truncated", n, "no JPEG end-of-image marker (FF D9) at the end");
    }
    MatOfByte buf = new MatOfByte(bytes);
    Mat img;
    try {
      img = Imgcodecs.imdecode(buf, flags);
    } finally {
      buf.release();
    }
    if (img.empty()) {
      img.release();
      throw new FrameDecodeException("undecodable", n, "OpenCV could not decode the image data");
    }
    return img;
  }

  private static boolean hasEoi(byte[] b) {
    for (int i = b.length - 2; i >= Math.max(2, b.length - EOI_SEARCH); i--) {
      if ((b[i] & 0xff) == 0xFF && (b[i + 1] & 0xff) == 0xD9) {
        return true;
      }
    }
    return false;
  }

  private static String hex(byte[] b, int max) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(max, b.length); i++) {
      sb.append(String.format("%02X ", b[i] & 0xff));
    }
    return sb.toString().trim();
  }
}
