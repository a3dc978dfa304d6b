package org.vigil.simulator.camera;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * A drawn pedestrian scene for when no real clip is available: a textured ground and person-like figures (a body
 * ellipse and a head) walking across it, sized by perspective (60 px tall at the top row to 190 px at the bottom of a
 * 576-row frame, the vision module's default person sizes). The number of people follows a {@link CrowdProfile},
 * e.g. a calm start and then a growing crowd, so that counts and crowd alerts can be exercised end to end.
 * Deterministic for a seed. Drawn with {@code java.awt}, encoded with {@code javax.imageio}.
 */
public final class SyntheticScene implements FrameSource {

  /**
   * How many people are in view over time: {@code start} until {@code rampStartS}, then rising linearly to
   * {@code peak} over {@code rampS} seconds, then {@code peak}.
   */
  public record CrowdProfile(int start, int peak, double rampStartS, double rampS) {

    /** People in view {@code seconds} after the start. */
    public int peopleAt(double seconds) {
      if (seconds <= rampStartS) {
        return start;
      }
      double f = rampS <= 0 ? 1 : Math.min(1, (seconds - rampStartS) / rampS);
      return (int) Math.round(start + (peak - start) * f);
    }
  }

  private final int width;
  private final int height;
  private final CrowdProfile profile;
  private final Random random;
  private final BufferedImage ground;
  private final List<Walker> walkers = new ArrayList<>();
  private double lastSeconds;

  private static final class Walker {
    double x;
    final double footY;
    final double speed; // px per second, signed
    final Color color;

    Walker(double x, double footY, double speed, Color color) {
      this.x = x;
      this.footY = footY;
      this.speed = speed;
      this.color = color;
    }
  }

  public SyntheticScene(int width, int height, CrowdProfile profile, long seed) {
    this.width = width;
    this.height = height;
    this.profile = profile;
    this.random = new Random(seed);
    this.ground = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = ground.createGraphics();
    for (int y = 0; y < height; y += 8) {
      for (int x = 0; x < width; x += 8) {
        int v = 170 + random.nextInt(20) + y * 30 / height;
        g.setColor(new Color(v, v, v - 10));
        g.fillRect(x, y, 8, 8);
      }
    }
    g.dispose();
  }

  /** Person height in pixels for a foot at {@code row}. */
  double personHeight(double row) {
    return (60 + 130 * row / Math.max(1, height - 1)) * height / 576.0;
  }

  @Override
  public byte[] frame(long index, double seconds) {
    double dt = Math.max(0, seconds - lastSeconds);
    lastSeconds = seconds;
    int target = profile.peopleAt(seconds);
    while (walkers.size() < target) {
      walkers.add(newWalker());
    }
    while (walkers.size() > target) {
      walkers.remove(walkers.size() - 1);
    }
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = img.createGraphics();
    g.drawImage(ground, 0, 0, null);
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    walkers.sort((a, b) -> Double.compare(a.footY, b.footY)); // far ones first
    for (Walker w : walkers) {
      w.x += w.speed * dt;
      double h = personHeight(w.footY);
      double bw = 0.4 * h;
      if (w.x < -bw) {
        w.x = width + bw / 2;
      } else if (w.x > width + bw) {
        w.x = -bw / 2;
      }
      g.setColor(w.color);
      double head = h * 0.18;
      g.fillOval((int) (w.x - bw / 2), (int) (w.footY - h + head), (int) bw, (int) (h - head));
      g.setColor(w.color.darker());
      g.fillOval((int) (w.x - head / 2), (int) (w.footY - h), (int) head, (int) head);
    }
    g.dispose();
    return jpeg(img);
  }

  private Walker newWalker() {
    // Feet spread over the lower two thirds, in lanes so that figures overlap little.
    int lanes = 8;
    int lane = walkers.size() % lanes;
    double footY = height * (0.38 + 0.6 * (lane + random.nextDouble() * 0.5) / lanes);
    double speed = (25 + random.nextDouble() * 35) * (random.nextBoolean() ? 1 : -1) * height / 576.0;
    Color c = new Color(20 + random.nextInt(90), 20 + random.nextInt(90), 30 + random.nextInt(110));
    return new Walker(random.nextDouble() * width, footY, speed, c);
  }

  static byte[] jpeg(BufferedImage img) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    try {
      if (!ImageIO.write(img, "jpg", out)) {
        throw new IllegalStateException("this JVM has no javax.imageio JPEG writer");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  @Override
  public String describe() {
    return String.format(java.util.Locale.ROOT, "synthetic scene %dx%d, %d people rising to %d from %.0f s over %.0f s",
        width, height, profile.start(), profile.peak(), profile.rampStartS(), profile.rampS());
  }
}
