package org.vigil.vision.internal;

import java.util.Arrays;

/**
 * Minimum-cost assignment (Hungarian method, Kuhn–Munkres with potentials, O(n²m)) of rows to columns of a
 * rectangular cost matrix. Used by the tracker to pair tracks with detections so that the total distance is least,
 * rather than greedily, which swaps identities when two people pass close to each other.
 */
public final class Hungarian {

  private Hungarian() {}

  /**
   * Solves the assignment.
   *
   * @param cost {@code cost[i][j]} of giving row i column j; {@link Double#POSITIVE_INFINITY} forbids the pair
   * @return for each row the assigned column, or -1 when the row is unassigned (more rows than columns, or only
   *     forbidden pairs left for it)
   */
  public static int[] solve(double[][] cost) {
    int rows = cost.length;
    if (rows == 0) {
      return new int[0];
    }
    int cols = cost[0].length;
    int[] result = new int[rows];
    Arrays.fill(result, -1);
    if (cols == 0) {
      return result;
    }
    // square matrix of size n, forbidden pairs and padding get a large finite cost
    int n = Math.max(rows, cols);
    double big = 1;
    for (double[] r : cost) {
      for (double c : r) {
        if (Double.isFinite(c)) {
          big = Math.max(big, Math.abs(c));
        }
      }
    }
    big = big * (n + 1) * 10;
    double[][] a = new double[n + 1][n + 1];
    for (int i = 1; i <= n; i++) {
      for (int j = 1; j <= n; j++) {
        double c = (i <= rows && j <= cols) ? cost[i - 1][j - 1] : big;
        a[i][j] = Double.isFinite(c) ? c : big;
      }
    }
    double[] u = new double[n + 1];
    double[] v = new double[n + 1];
    int[] p = new int[n + 1];
    int[] way = new int[n + 1];
    for (int i = 1; i <= n; i++) {
      p[0] = i;
      int j0 = 0;
      double[] minv = new double[n + 1];
      Arrays.fill(minv, Double.POSITIVE_INFINITY);
      boolean[] used = new boolean[n + 1];
      do {
        used[j0] = true;
        int i0 = p[j0];
        double delta = Double.POSITIVE_INFINITY;
        int j1 = 0;
        for (int j = 1; j <= n; j++) {
          if (!used[j]) {
            double cur = a[i0][j] - u[i0] - v[j];
            if (cur < minv[j]) {
              minv[j] = cur;
              way[j] = j0;
            }
            if (minv[j] < delta) {
              delta = minv[j];
              j1 = j;
            }
          }
        }
        for (int j = 0; j <= n; j++) {
          if (used[j]) {
            u[p[j]] += delta;
            v[j] -= delta;
          } else {
            minv[j] -= delta;
          }
        }
        j0 = j1;
      } while (p[j0] != 0);
      do {
        int j1 = way[j0];
        p[j0] = p[j1];
        j0 = j1;
      } while (j0 != 0);
    }
    for (int j = 1; j <= n; j++) {
      int i = p[j];
      if (i >= 1 && i <= rows && j <= cols && Double.isFinite(cost[i - 1][j - 1])) {
        result[i - 1] = j - 1;
      }
    }
    return result;
  }
}
