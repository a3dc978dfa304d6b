package org.vigil.vision.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.imgproc.Imgproc;

/**
 * Where the persons a foreground blob stands for are in it, for the tracker: a blob is cut into side-by-side boxes,
 * one per person, and each box is shrunk to the foreground inside its own columns.
 *
 * <ul>
 *   <li>A blob with no person box (HOG) in it: as many equal cuts as its persons, no more than its width holds side
 *       by side.
 *   <li>A blob with person boxes in it: the persons beyond those boxes stand beside them, in the blob's columns
 *       that no box covers; a stretch of such columns narrower than half a person (the swing of an arm or a leg, a
 *       bag, a shadow beside the person) holds nobody, a wider one as many as it holds side by side, and no more
 *       persons in all than the blob's area leaves beyond the boxes. A person counted by their box is not counted a
 *       second time from the leftover of their own blob.
 *   <li>Each cut's top and bottom are those of the foreground in its own columns, not the whole blob's: a cut over
 *       a part lower than a person (a shadow, a car's boot lid, the legs of a neighbour's stride) is then short, and
 *       the tracker takes a short blob for part of a person, which starts no one.
 * </ul>
 */
public final class BlobCuts {

  /** A stretch of columns narrower than this share of a person's width holds nobody beside a person box. */
  static final double MIN_SHARE = 0.5;

  private BlobCuts() {}

  /**
   * Column intervals {from, to} (to exclusive) of the persons of a blob spanning columns [x0, x1).
   *
   * @param covered column intervals {from, to} of the person boxes inside the blob
   * @param personWidth width of a person expected at the blob's foot row, px
   * @param persons persons the blob stands for beyond the boxes (at least 1)
   */
  public static List<int[]> cuts(int x0, int x1, List<int[]> covered, double personWidth, int persons) {
    List<int[]> out = new ArrayList<>();
    persons = Math.max(1, persons);
    if (covered.isEmpty()) {
      int byWidth = (int) Math.max(1, Math.round((x1 - x0) / personWidth));
      split(x0, x1, Math.min(persons, byWidth), out);
      return out;
    }
    List<int[]> sorted = new ArrayList<>(covered);
    sorted.sort(Comparator.comparingInt(c -> c[0]));
    List<int[]> free = new ArrayList<>();
    int at = x0;
    for (int[] c : sorted) {
      if (c[0] > at) {
        free.add(new int[] {at, Math.min(c[0], x1)});
      }
      at = Math.max(at, c[1]);
      if (at >= x1) {
        break;
      }
    }
    if (at < x1) {
      free.add(new int[] {at, x1});
    }
    free.removeIf(f -> f[1] - f[0] < MIN_SHARE * personWidth);
    free.sort((a, b) -> Integer.compare(b[1] - b[0], a[1] - a[0]));
    int left = persons;
    for (int[] f : free) {
      if (left == 0) {
        break;
      }
      int n = (int) Math.min(left, Math.max(1, Math.round((f[1] - f[0]) / personWidth)));
      split(f[0], f[1], n, out);
      left -= n;
    }
    out.sort(Comparator.comparingInt(c -> c[0]));
    return out;
  }

  private static void split(int x0, int x1, int k, List<int[]> out) {
    double w = (x1 - x0) / (double) k;
    for (int i = 0; i < k; i++) {
      int a = (int) Math.round(x0 + i * w);
      int b = (int) Math.round(x0 + (i + 1) * w);
      if (b > a) {
        out.add(new int[] {a, b});
      }
    }
  }

  /**
   * The rows {top, bottom} (bottom exclusive, full-resolution px) of the foreground in columns [x0, x1) between rows
   * y0 and y1 of a mask kept at {@code scale} of full resolution; null when there is none.
   */
  public static int[] rows(Mat mask, double scale, int x0, int x1, int y0, int y1) {
    int sx0 = Math.max(0, (int) Math.floor(x0 * scale));
    int sx1 = Math.min(mask.cols(), (int) Math.ceil(x1 * scale));
    int sy0 = Math.max(0, (int) Math.floor(y0 * scale));
    int sy1 = Math.min(mask.rows(), (int) Math.ceil(y1 * scale));
    if (sx1 <= sx0 || sy1 <= sy0) {
      return null;
    }
    Mat sub = mask.submat(sy0, sy1, sx0, sx1);
    try {
      Rect r = Imgproc.boundingRect(sub);
      if (r.width == 0 || r.height == 0) {
        return null;
      }
      return new int[] {(int) Math.round((sy0 + r.y) / scale), (int) Math.round((sy0 + r.y + r.height) / scale)};
    } finally {
      sub.release();
    }
  }
}
