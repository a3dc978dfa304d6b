package org.vigil.vision.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CrossValidationTest {

  @Test
  void blocksAreTheFourTuningBlocks() {
    assertEquals(0, CrossValidation.block(0));
    assertEquals(0, CrossValidation.block(99));
    assertEquals(-1, CrossValidation.block(100));
    assertEquals(1, CrossValidation.block(200));
    assertEquals(2, CrossValidation.block(456));
    assertEquals(3, CrossValidation.block(699));
    assertEquals(-1, CrossValidation.block(700));
    assertEquals(-1, CrossValidation.block(792));
  }

  @Test
  void eachFoldChoosesOnTheOtherBlocksAndScoresTheHeldOutOne() {
    // 10 frames per block. current: block MAE 0.2 0.4 0.6 0.8; other: 0.4 0.2 0.2 2.0
    CrossValidation.Candidate current =
        new CrossValidation.Candidate("current", new double[] {2, 4, 6, 8}, new int[] {10, 10, 10, 10});
    CrossValidation.Candidate other =
        new CrossValidation.Candidate("other", new double[] {4, 2, 2, 20}, new int[] {10, 10, 10, 10});
    CrossValidation.Result r = CrossValidation.run(List.of(current, other));
    // held out 0: current 18/30 = 0.6 against other 24/30 = 0.8 -> current, 0.2 on block 0
    assertEquals(0, r.folds().get(0).chosen());
    assertEquals(0.6, r.folds().get(0).trainMae(), 1e-12);
    assertEquals(0.2, r.folds().get(0).heldOutMae(), 1e-12);
    // held out 1: 16/30 against 28/30; held out 2: 14/30 against 26/30 -> current
    assertEquals(0, r.folds().get(1).chosen());
    assertEquals(0, r.folds().get(2).chosen());
    // held out 3: current 12/30 = 0.4 against other 8/30 = 0.267 -> other, which scores 2.0 on block 3
    assertEquals(1, r.folds().get(3).chosen());
    assertEquals(8.0 / 30, r.folds().get(3).trainMae(), 1e-12);
    assertEquals(2.0, r.folds().get(3).heldOutMae(), 1e-12);
    // pooled held-out error: (2 + 4 + 6 + 20) / 40 = 0.8, worse than current's 20 / 40 = 0.5 on the same frames
    assertEquals(0.8, r.mae(), 1e-12);
    assertEquals(0.5, current.mae(-1), 1e-12);
    assertFalse(r.stable());
  }

  @Test
  void blocksOfDifferentSizeArePooledByFrames() {
    // block MAE 1.0 on 4 frames and 0.0 on 16 frames: over both 4 / 20 = 0.2, not the mean of block MAEs 0.5
    CrossValidation.Candidate c =
        new CrossValidation.Candidate("c", new double[] {4, 0, 0, 0}, new int[] {4, 16, 10, 10});
    assertEquals(4.0 / 40, c.mae(-1), 1e-12);
    assertEquals(4.0 / 30, c.mae(3), 1e-12);
    assertEquals(4.0 / 30, c.mae(2), 1e-12);
    CrossValidation.Result r = CrossValidation.run(List.of(c));
    assertEquals(0.1, r.mae(), 1e-12);
    assertTrue(r.stable());
  }

  @Test
  void aTieKeepsTheEarlierCandidate() {
    CrossValidation.Candidate a =
        new CrossValidation.Candidate("a", new double[] {1, 1, 1, 1}, new int[] {10, 10, 10, 10});
    CrossValidation.Candidate b =
        new CrossValidation.Candidate("b", new double[] {1, 1, 1, 1}, new int[] {10, 10, 10, 10});
    CrossValidation.Result r = CrossValidation.run(List.of(a, b));
    r.folds().forEach(f -> assertEquals(0, f.chosen()));
    assertTrue(r.stable());
  }

  @Test
  void noCandidateIsAnError() {
    assertThrows(IllegalArgumentException.class, () -> CrossValidation.run(List.of()));
  }
}
