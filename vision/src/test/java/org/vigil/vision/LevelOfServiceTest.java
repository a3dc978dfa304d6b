package org.vigil.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class LevelOfServiceTest {

  @Test
  void fruinWalkwayBandsWithInclusiveUpperBounds() {
    assertThat(LevelOfService.of(0)).isEqualTo(LevelOfService.A);
    assertThat(LevelOfService.of(0.31)).isEqualTo(LevelOfService.A);
    assertThat(LevelOfService.of(0.32)).isEqualTo(LevelOfService.B);
    assertThat(LevelOfService.of(0.43)).isEqualTo(LevelOfService.B);
    assertThat(LevelOfService.of(0.44)).isEqualTo(LevelOfService.C);
    assertThat(LevelOfService.of(0.72)).isEqualTo(LevelOfService.C);
    assertThat(LevelOfService.of(0.73)).isEqualTo(LevelOfService.D);
    assertThat(LevelOfService.of(1.08)).isEqualTo(LevelOfService.D);
    assertThat(LevelOfService.of(1.09)).isEqualTo(LevelOfService.E);
    assertThat(LevelOfService.of(2.17)).isEqualTo(LevelOfService.E);
    assertThat(LevelOfService.of(2.18)).isEqualTo(LevelOfService.F);
    assertThat(LevelOfService.of(LevelOfService.CRITICAL_DENSITY)).isEqualTo(LevelOfService.F);
  }

  @Test
  void fruinBoundsMatchHisSquareFeetPerPedestrian() {
    // Fruin's walkway A starts at 35 ft²/ped: 1 / (35 * 0.09290304 m²) = 0.3075/m², quoted as 0.31;
    // E ends at 5 ft²/ped: 1 / (5 * 0.09290304) = 2.153/m², quoted as 2.17 (Fruin's rounding of 0.46 m²/ped)
    assertThat(1 / (35 * 0.09290304)).isCloseTo(LevelOfService.A.maxPersonsPerM2(), within(0.005));
    assertThat(1 / (5 * 0.09290304)).isCloseTo(LevelOfService.E.maxPersonsPerM2(), within(0.02));
  }

  @Test
  void rejectsNegativeAndNonFiniteDensities() {
    assertThatThrownBy(() -> LevelOfService.of(-0.1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-0.1");
    assertThatThrownBy(() -> LevelOfService.of(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LevelOfService.of(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void zoneCountComputesDensityAndLevel() {
    Zone z = new Zone("gate", List.of(new Point(0, 0), new Point(10, 0), new Point(10, 10)), 20, 10);
    // 13 persons on 20 m²: 0.65/m², band C (0.43 < 0.65 <= 0.72); over the capacity of 10
    ZoneCount c = ZoneCount.of(z, 13);
    assertThat(c.densityPerM2()).isCloseTo(0.65, within(1e-12));
    assertThat(c.los()).isEqualTo(LevelOfService.C);
    assertThat(c.overCapacity()).isTrue();
    assertThat(c.critical()).isFalse();
    // 80 persons on 20 m²: 4.0/m², F and critical
    ZoneCount crush = ZoneCount.of(z, 80);
    assertThat(crush.densityPerM2()).isEqualTo(4.0);
    assertThat(crush.los()).isEqualTo(LevelOfService.F);
    assertThat(crush.critical()).isTrue();
    // exactly at capacity is not over it; capacity 0 means none
    assertThat(ZoneCount.of(z, 10).overCapacity()).isFalse();
    Zone open = new Zone("open", z.polygonPx(), 20, 0);
    assertThat(ZoneCount.of(open, 1000).overCapacity()).isFalse();
  }
}
