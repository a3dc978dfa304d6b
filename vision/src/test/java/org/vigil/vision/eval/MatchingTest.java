package org.vigil.vision.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MatchingTest {

  /** Every person 100 px tall: the gate of 0.5 heights is 50 px. */
  private static final java.util.function.DoubleUnaryOperator H100 = y -> 100;

  @Test
  void aRightCountCanHideAMissAndAGhost() {
    List<double[]> annotated = List.of(new double[] {100, 300}, new double[] {400, 300});
    // the first counted 30 px from A (a match), the second 200 px from B: B missed, one counted who is not there
    List<double[]> counted = List.of(new double[] {130, 300}, new double[] {600, 300});
    Matching.Result r = Matching.match(annotated, counted, H100, 0.5);
    assertArrayEquals(new int[] {0, -1}, r.annotatedToCounted());
    assertEquals(1, r.misses());
    assertEquals(1, r.falsePositives());
  }

  @Test
  void pairsAreMatchedForTheLeastTotalDistance() {
    // A at 0, B at 40; counted at 75 and 35. Nearest first would pair B with 35 (5 px) and leave A with 75 (75 px,
    // outside the 50 px gate): one miss. The least-total pairing within the gate is A-35 (35 px) and B-75 (35 px).
    List<double[]> annotated = List.of(new double[] {0, 300}, new double[] {40, 300});
    List<double[]> counted = List.of(new double[] {75, 300}, new double[] {35, 300});
    Matching.Result r = Matching.match(annotated, counted, H100, 0.5);
    assertArrayEquals(new int[] {1, 0}, r.annotatedToCounted());
    assertEquals(0, r.misses());
    assertEquals(0, r.falsePositives());
  }

  @Test
  void oneCountedPersonMatchesOnePersonOnly() {
    // two annotated 20 px apart, one counted between them: one matched, one missed
    List<double[]> annotated = List.of(new double[] {100, 300}, new double[] {120, 300});
    Matching.Result r = Matching.match(annotated, List.of(new double[] {110, 300}), H100, 0.5);
    assertEquals(1, r.misses());
    assertEquals(0, r.falsePositives());
  }

  @Test
  void neighboursWithinHalfAHeight() {
    // 30 px apart (0.3 heights) are neighbours; the third is 200 px away
    List<double[]> annotated = List.of(new double[] {100, 300}, new double[] {130, 300}, new double[] {330, 300});
    assertEquals(List.of(0, 1), Matching.withNeighbour(annotated, H100, 0.5));
  }
}
