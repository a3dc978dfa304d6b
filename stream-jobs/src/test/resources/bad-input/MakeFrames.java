import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;

/**
 * Writes the binary frame cases of the bad-input corpus into frames/. Run from this folder with
 * {@code java MakeFrames.java}; the output is deterministic (same JDK encoder, same bytes).
 */
public class MakeFrames {
  public static void main(String[] args) throws Exception {
    BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.DARK_GRAY);
    g.fillRect(0, 0, 64, 48);
    g.setColor(Color.ORANGE);
    g.fillOval(16, 8, 32, 32);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "jpeg", out);
    byte[] jpeg = out.toByteArray();
    Path dir = Path.of("frames");
    Files.write(dir.resolve("valid.jpg"), jpeg);
    // Cut in the middle of the scan data, as a dropped connection leaves it: no end-of-image marker.
    Files.write(dir.resolve("truncated.jpg"), Arrays.copyOf(jpeg, jpeg.length / 2));
    // The first two bytes (start-of-image FF D8) lost.
    Files.write(dir.resolve("no-soi.jpg"), Arrays.copyOfRange(jpeg, 2, jpeg.length));
    // Markers intact, everything from byte 3 to the end of the start-of-frame header zeroed.
    int sof = indexOf(jpeg, 0xff, 0xc0);
    byte[] zeroed = jpeg.clone();
    Arrays.fill(zeroed, 3, sof + 10, (byte) 0);
    Files.write(dir.resolve("zeroed-header.jpg"), zeroed);
    // Start-of-frame patched to declare 10000 x 10000 pixels (a decompression bomb's trick).
    byte[] huge = jpeg.clone();
    huge[sof + 5] = 0x27;
    huge[sof + 6] = 0x10;
    huge[sof + 7] = 0x27;
    huge[sof + 8] = 0x10;
    Files.write(dir.resolve("huge-dimensions.jpg"), huge);
    // A PNG where a JPEG belongs.
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(img, "png", png);
    Files.write(dir.resolve("image.png"), png.toByteArray());
    // Only the start and end markers.
    Files.write(dir.resolve("markers-only.jpg"), new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xd9});
  }

  private static int indexOf(byte[] b, int x, int y) {
    for (int i = 2; i < b.length - 1; i++) {
      if ((b[i] & 0xff) == x && (b[i + 1] & 0xff) == y) {
        return i;
      }
    }
    throw new IllegalStateException("marker not found");
  }
}
