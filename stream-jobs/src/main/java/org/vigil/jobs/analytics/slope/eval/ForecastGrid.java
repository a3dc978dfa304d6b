package org.vigil.jobs.analytics.slope.eval;

import java.util.ArrayList;
import java.util.List;
import org.vigil.core.SensorKind;

/**
 * The generated series of the forecast evaluation, and its one split into a tuning part and a held-out test part.
 *
 * <p><b>Grid.</b> Voight's alpha 1.7, 1.8, ..., 2.2; acceleration phases of 1, 2, 3, 5 and 10 days; readings every
 * 10, 30 or 60 minutes; GNSS ({@code disp_mm}) and crack meters ({@code crack_mm}); noise classes 0, 0.05, 0.2 and
 * 0.5 mm; two seeds each. The creep before the acceleration (5, 10, 20 or 30 days) and the steady velocity (GNSS 1, 2
 * or 4 mm/day, the simulator's range; crack meters a tenth of that) cycle with the cell index. A crack meter's
 * noise is a tenth of its class (the simulator's crack meter sees a tenth of the slope's displacement and has 0.02
 * mm of noise against GNSS's 1.5 mm), so both kinds of one class have the same noise relative to their velocity.
 *
 * <p><b>Split</b>, fixed before any tuning: a cell (alpha, acceleration, sampling, kind) belongs to the held-out test
 * part when the sum of its four indices is odd, to the tuning part when it is even (a checkerboard: every value of
 * every parameter appears in both parts, no combination in both). The steady-creep check has its own seeds per part.
 */
public final class ForecastGrid {

  public static final double[] ALPHAS = {1.7, 1.8, 1.9, 2.0, 2.1, 2.2};
  public static final double[] ACCELERATION_DAYS = {1, 2, 3, 5, 10};
  public static final int[] STEP_MINUTES = {10, 30, 60};
  public static final SensorKind[] KINDS = {SensorKind.GNSS, SensorKind.CRACK};
  public static final double[] NOISE_CLASSES_MM = {0, 0.05, 0.2, 0.5};
  public static final double[] CREEP_DAYS = {5, 10, 20, 30};
  public static final double[] GNSS_V0_MM_D = {1, 2, 4};
  public static final int SEEDS = 2;

  /** Days of steady creep in the false-alarm check, and sensors per noise class and part. */
  public static final double STEADY_DAYS = 30;
  public static final int STEADY_SENSORS = 10;

  /** Which part of the grid. */
  public enum Part {
    TUNING,
    TEST;

    boolean holds(int cellParity) {
      return (this == TEST) == (cellParity % 2 == 1);
    }
  }

  /**
   * One generated series.
   *
   * @param name short label for tables
   * @param kind GNSS or crack meter
   * @param law the noise-free displacement (creepDays = STEADY_DAYS and no failure within it for steady series)
   * @param stepMinutes sampling interval
   * @param noiseClassMm noise class (GNSS scale)
   * @param noiseMm standard deviation of the Gaussian noise added to this series' displacement, mm
   * @param seed noise seed
   * @param steady true for a steady-creep false-alarm series (evaluated over STEADY_DAYS only)
   */
  public record Series(String name, SensorKind kind, VoightLaw law, int stepMinutes, double noiseClassMm,
      double noiseMm, long seed, boolean steady) {}

  private ForecastGrid() {}

  /** The failure series of a part. */
  public static List<Series> failures(Part part) {
    List<Series> out = new ArrayList<>();
    int cell = 0;
    for (int ia = 0; ia < ALPHAS.length; ia++) {
      for (int il = 0; il < ACCELERATION_DAYS.length; il++) {
        for (int is = 0; is < STEP_MINUTES.length; is++) {
          for (int ik = 0; ik < KINDS.length; ik++, cell++) {
            if (!part.holds(ia + il + is + ik)) {
              continue;
            }
            double scale = KINDS[ik] == SensorKind.CRACK ? 0.1 : 1;
            double v0 = GNSS_V0_MM_D[cell % GNSS_V0_MM_D.length] * scale;
            double creep = CREEP_DAYS[(cell / 3) % CREEP_DAYS.length];
            VoightLaw law = new VoightLaw(v0, creep, ACCELERATION_DAYS[il], ALPHAS[ia]);
            for (int in = 0; in < NOISE_CLASSES_MM.length; in++) {
              for (int seed = 0; seed < SEEDS; seed++) {
                long s = 1_000_003L * cell + 1_009L * in + seed;
                String name = String.format(java.util.Locale.ROOT, "%s a=%.1f L=%.0fd creep=%.0fd %dmin v0=%s "
                    + "noise=%s seed=%d", KINDS[ik].wireName(), ALPHAS[ia], ACCELERATION_DAYS[il], creep,
                    STEP_MINUTES[is], v0, NOISE_CLASSES_MM[in] * scale, s);
                out.add(new Series(name, KINDS[ik], law, STEP_MINUTES[is], NOISE_CLASSES_MM[in],
                    NOISE_CLASSES_MM[in] * scale, s, false));
              }
            }
          }
        }
      }
    }
    return out;
  }

  /**
   * The steady-creep series of a part: per noise class above 0, {@link #STEADY_SENSORS} sensors (kinds, samplings
   * and velocities cycling) creeping steadily for {@link #STEADY_DAYS} days; the test part has odd seeds.
   */
  public static List<Series> steady(Part part) {
    List<Series> out = new ArrayList<>();
    for (int in = 1; in < NOISE_CLASSES_MM.length; in++) {
      for (int i = 0; i < STEADY_SENSORS; i++) {
        SensorKind kind = KINDS[i % 2];
        double scale = kind == SensorKind.CRACK ? 0.1 : 1;
        double v0 = GNSS_V0_MM_D[i % GNSS_V0_MM_D.length] * scale;
        int step = STEP_MINUTES[(i / 2) % STEP_MINUTES.length];
        long seed = 7_000_000L + 2L * (100 * in + i) + (part == Part.TEST ? 1 : 0);
        // The acceleration would start after the check ends: the whole check is steady creep.
        VoightLaw law = new VoightLaw(v0, STEADY_DAYS + 10, 10, 2);
        String name = String.format(java.util.Locale.ROOT, "steady %s %dmin v0=%s noise=%s seed=%d",
            kind.wireName(), step, v0, NOISE_CLASSES_MM[in] * scale, seed);
        out.add(new Series(name, kind, law, step, NOISE_CLASSES_MM[in], NOISE_CLASSES_MM[in] * scale, seed, true));
      }
    }
    return out;
  }
}
