package org.vigil.vision.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.vigil.vision.internal.Hungarian;

/**
 * Matches the people an analyser counted (its tracks' foot points) with the annotated people of a frame, so that an
 * error of the count can be told apart into people missed and people counted who are not there: a count can be
 * right while one person is missed and a ghost counted elsewhere.
 *
 * <p>Foot points are paired one to one by the Hungarian method on their distance in expected person heights at the
 * annotated foot row (a perspective-fair distance); a pair further apart than {@code gateHeights} is no match.
 * Annotated foot points are good to about 10 px, a person is 60 to 165 px tall in vtest: half a person height
 * separates a person from their neighbour's place without failing on the annotators' precision.
 */
public final class Matching {

  private Matching() {}

  /**
   * The pairing of one frame.
   *
   * @param annotatedToCounted per annotated person, the index of the counted person matched to them, or -1 (missed)
   * @param countedMatched per counted person, whether an annotated person was matched to them (false: counted but
   *     not there, or there twice)
   */
  public record Result(int[] annotatedToCounted, boolean[] countedMatched) {

    /** Annotated people no counted person was matched to. */
    public int misses() {
      int n = 0;
      for (int j : annotatedToCounted) {
        if (j < 0) {
          n++;
        }
      }
      return n;
    }

    /** Counted people matched to no annotated person. */
    public int falsePositives() {
      int n = 0;
      for (boolean m : countedMatched) {
        if (!m) {
          n++;
        }
      }
      return n;
    }
  }

  /**
   * Pairs counted with annotated foot points.
   *
   * @param annotated annotated foot points {x, y}
   * @param counted counted foot points {x, y, ...}
   * @param personHeight expected person height (px) at a foot row
   * @param gateHeights largest distance of a match, in person heights at the annotated foot row
   */
  public static Result match(List<double[]> annotated, List<double[]> counted, DoubleUnaryOperator personHeight,
      double gateHeights) {
    int n = annotated.size();
    int m = counted.size();
    int[] a2c = new int[n];
    boolean[] matched = new boolean[m];
    java.util.Arrays.fill(a2c, -1);
    if (n == 0 || m == 0) {
      return new Result(a2c, matched);
    }
    double[][] cost = new double[n][m];
    for (int i = 0; i < n; i++) {
      double[] a = annotated.get(i);
      double ph = Math.max(1, personHeight.applyAsDouble(a[1]));
      for (int j = 0; j < m; j++) {
        double[] c = counted.get(j);
        double d = Math.hypot(c[0] - a[0], c[1] - a[1]) / ph;
        cost[i][j] = d > gateHeights ? Double.POSITIVE_INFINITY : d;
      }
    }
    int[] assign = Hungarian.solve(cost);
    for (int i = 0; i < n; i++) {
      int j = assign[i];
      if (j >= 0 && Double.isFinite(cost[i][j])) {
        a2c[i] = j;
        matched[j] = true;
      }
    }
    return new Result(a2c, matched);
  }

  /**
   * Indices of the annotated people who have another annotated person within {@code heights} expected person heights
   * of their foot point (people walking or standing together, whom one detector box or one blob may cover).
   */
  public static List<Integer> withNeighbour(List<double[]> annotated, DoubleUnaryOperator personHeight,
      double heights) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < annotated.size(); i++) {
      double[] a = annotated.get(i);
      double ph = Math.max(1, personHeight.applyAsDouble(a[1]));
      for (int k = 0; k < annotated.size(); k++) {
        double[] b = annotated.get(k);
        if (k != i && Math.hypot(b[0] - a[0], b[1] - a[1]) / ph <= heights) {
          out.add(i);
          break;
        }
      }
    }
    return out;
  }
}
