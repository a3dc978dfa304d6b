package org.vigil.vision.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

class BlobCutsTest {

  static {
    OpenCvLoader.load();
  }

  private final Mat mask = Mat.zeros(100, 100, CvType.CV_8UC1);

  @AfterEach
  void release() {
    mask.release();
  }

  @Test
  void blobWithoutPersonBoxIsCutIntoAsManyAsItsWidthHolds() {
    // 100 px wide, persons 40 px wide: holds round(2.5) = 3 (Java rounds half up), area says 4 -> 3 cuts of 33.3 px
    List<int[]> cuts = BlobCuts.cuts(0, 100, List.of(), 40, 4);
    assertEquals(3, cuts.size());
    assertArrayEquals(new int[] {0, 33}, cuts.get(0));
    assertArrayEquals(new int[] {33, 67}, cuts.get(1));
    assertArrayEquals(new int[] {67, 100}, cuts.get(2));
    // area says 1: one cut, the whole blob
    assertEquals(1, BlobCuts.cuts(0, 100, List.of(), 40, 1).size());
  }

  @Test
  void theLeftoverBesideAPersonBoxNarrowerThanHalfAPersonHoldsNobody() {
    // a walker's blob 50 px wide, their person box covers 10..42: free 0..10 (10 px) and 42..50 (8 px), both under
    // half of 40 px: the person is not counted again from the swing of their arms
    assertEquals(List.of(), BlobCuts.cuts(0, 50, List.<int[]>of(new int[] {10, 42}), 40, 1));
  }

  @Test
  void aSecondPersonBesideABoxIsCutFromTheFreeColumns() {
    // a pair's blob 0..90, the left one's box 5..40: free 0..5 (too narrow) and 40..90 (50 px, holds round(1.25) = 1)
    List<int[]> cuts = BlobCuts.cuts(0, 90, List.<int[]>of(new int[] {5, 40}), 40, 1);
    assertEquals(1, cuts.size());
    assertArrayEquals(new int[] {40, 90}, cuts.get(0));
  }

  @Test
  void theAreaBoundsThePersonsOfTheFreeColumns() {
    // boxes at 0..40 and 160..200 of a 200 px blob leave 40..160 (120 px, holds 3); the area leaves 2 beyond the
    // boxes: 2 cuts of 60 px
    List<int[]> cuts = BlobCuts.cuts(0, 200, List.of(new int[] {160, 200}, new int[] {0, 40}), 40, 2);
    assertEquals(2, cuts.size());
    assertArrayEquals(new int[] {40, 100}, cuts.get(0));
    assertArrayEquals(new int[] {100, 160}, cuts.get(1));
  }

  @Test
  void widestFreeStretchFirstWhenTheAreaLeavesOnePerson() {
    // free 0..30 (30 px) and 70..120 (50 px), one person left: the 50 px stretch
    List<int[]> cuts = BlobCuts.cuts(0, 120, List.<int[]>of(new int[] {30, 70}), 40, 1);
    assertEquals(1, cuts.size());
    assertArrayEquals(new int[] {70, 120}, cuts.get(0));
  }

  @Test
  void rowsAreTheForegroundsInTheCutsOwnColumns() {
    // mask at half resolution: a person 10 px wide, rows 20..79, beside something low, rows 60..79
    Imgproc.rectangle(mask, new Point(10, 20), new Point(19, 79), new Scalar(255), -1);
    Imgproc.rectangle(mask, new Point(20, 60), new Point(39, 79), new Scalar(255), -1);
    // full-resolution columns 20..40 are mask columns 10..20: rows 20..80 of the mask, 40..160 at full resolution
    assertArrayEquals(new int[] {40, 160}, BlobCuts.rows(mask, 0.5, 20, 40, 0, 200));
    // columns 40..80 (mask 20..40): only the low part, mask rows 60..80, full 120..160
    assertArrayEquals(new int[] {120, 160}, BlobCuts.rows(mask, 0.5, 40, 80, 0, 200));
    // columns 100..140 (mask 50..70): nothing
    assertNull(BlobCuts.rows(mask, 0.5, 100, 140, 0, 200));
  }
}
