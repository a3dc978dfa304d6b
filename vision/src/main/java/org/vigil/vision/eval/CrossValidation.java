package org.vigil.vision.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Leave-one-block-out cross-validation within the tuning part: the tuning part is {@link #BLOCKS} blocks of 100
 * frames; for each block in turn, the candidate setting with the lowest error on the other blocks is chosen and
 * scored on the held-out block. The mean held-out error estimates what choosing on the tuning part gives on frames
 * it was not chosen on, and a fold that chooses a different candidate than the others shows a fragile setting.
 *
 * <p>Errors are kept as sums of absolute errors and frame counts per block, so that the error over several blocks
 * is the mean over their frames (blocks need not hold the same number of annotated frames).
 */
public final class CrossValidation {

  /** Number of tuning blocks (frames [0,100), [200,300), [400,500), [600,700)). */
  public static final int BLOCKS = 4;

  private CrossValidation() {}

  /** The tuning block of a frame, 0..3, or -1 when the frame is not in the tuning part. */
  public static int block(int frame) {
    return Split.isTuning(frame) ? frame / 200 : -1;
  }

  /**
   * One candidate's error on each tuning block.
   *
   * @param name the candidate's settings
   * @param absErr sum of absolute count errors over the block's annotated frames
   * @param frames annotated frames in the block
   */
  public record Candidate(String name, double[] absErr, int[] frames) {

    /** MAE over the given blocks (all but {@code except}; -1 for all). */
    public double mae(int except) {
      double e = 0;
      int n = 0;
      for (int b = 0; b < absErr.length; b++) {
        if (b != except) {
          e += absErr[b];
          n += frames[b];
        }
      }
      return n == 0 ? Double.NaN : e / n;
    }

    /** MAE on one block. */
    public double blockMae(int b) {
      return frames[b] == 0 ? Double.NaN : absErr[b] / frames[b];
    }
  }

  /** For each held-out block: the candidate chosen on the other blocks and its error on the held-out one. */
  public record Fold(int heldOut, int chosen, double trainMae, double heldOutMae, int heldOutFrames) {}

  /**
   * The folds and the cross-validated MAE (held-out errors pooled over all held-out frames).
   *
   * @param folds one per block
   * @param mae cross-validated MAE
   * @param stable whether every fold chose the same candidate
   */
  public record Result(List<Fold> folds, double mae, boolean stable) {}

  /**
   * Runs the folds. Ties go to the earlier candidate (list the current setting first, so a change must be strictly
   * better on the training blocks to be chosen).
   */
  public static Result run(List<Candidate> candidates) {
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("cross-validation needs at least one candidate");
    }
    List<Fold> folds = new ArrayList<>();
    double err = 0;
    int n = 0;
    for (int b = 0; b < BLOCKS; b++) {
      int best = 0;
      for (int c = 1; c < candidates.size(); c++) {
        if (candidates.get(c).mae(b) < candidates.get(best).mae(b)) {
          best = c;
        }
      }
      Candidate ch = candidates.get(best);
      folds.add(new Fold(b, best, ch.mae(b), ch.blockMae(b), ch.frames()[b]));
      err += ch.absErr()[b];
      n += ch.frames()[b];
    }
    boolean stable = folds.stream().mapToInt(Fold::chosen).distinct().count() == 1;
    return new Result(folds, n == 0 ? Double.NaN : err / n, stable);
  }
}
