package org.vigil.vision.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScoreBetweenTest {

  @Test
  void framesBetweenAnnotatedOnesAreScoredAgainstWhoIsThereInBothOrInEither() {
    // frame 0: A and B; frame 8: B and C. In frames 1..7 B is there for sure, A may have left and C may have come:
    // any count from 1 to 3 is right. Counts: 2 at frame 0 (right), 4 at frame 3 (one too many), 0 at frame 5 (one
    // too few), 2 elsewhere, 2 at frame 8 (right). 9 frames scored, |errors| 2: MAE 2/9, bias 0
    Annotations ann = new Annotations("drawn", List.of(
        new Annotations.Frame(0, 2, List.of(new double[] {10, 10}, new double[] {20, 20}), List.of("A", "B")),
        new Annotations.Frame(8, 2, List.of(new double[] {20, 20}, new double[] {30, 30}), List.of("B", "C"))),
        List.of());
    double[] counts = {2, 2, 2, 4, 2, 0, 2, 2, 2, 2};
    Evaluation eval = new Evaluation(new Clip(List.of()), ann);
    Evaluation.Score s = eval.scoreBetween(
        new Evaluation.Run("r", counts, new long[0], new long[0], 0, 0), Split.Part.TUNING);
    assertEquals(9, s.frames());
    assertEquals(2.0 / 9, s.mae(), 1e-12);
    assertEquals(0.0, s.bias(), 1e-12);
    // the annotated frames alone: both right
    assertEquals(0.0, eval.score(new Evaluation.Run("r", counts, new long[0], new long[0], 0, 0),
        Split.Part.TUNING).mae(), 1e-12);
  }
}
