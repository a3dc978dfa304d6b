package org.vigil.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ZoneTest {

  private static Zone zone(double... xy) {
    List<Point> pts = new java.util.ArrayList<>();
    for (int i = 0; i < xy.length; i += 2) {
      pts.add(new Point(xy[i], xy[i + 1]));
    }
    return new Zone("z", pts, 10, 0);
  }

  @Test
  void pixelAreaOfARectangleIsWidthTimesHeight() {
    // 100 x 50 rectangle: 5000 px²
    assertThat(zone(10, 20, 110, 20, 110, 70, 10, 70).pixelArea()).isCloseTo(5000, within(1e-9));
  }

  @Test
  void pixelAreaDoesNotDependOnWindingOrder() {
    // right triangle with legs 10 and 10: 10*10/2 = 50, clockwise and counter-clockwise
    assertThat(zone(0, 0, 10, 0, 0, 10).pixelArea()).isCloseTo(50, within(1e-9));
    assertThat(zone(0, 0, 0, 10, 10, 0).pixelArea()).isCloseTo(50, within(1e-9));
  }

  @Test
  void pixelAreaOfAConcaveLShape() {
    // L: 20x20 square minus the 10x10 top-right quarter = 400 - 100 = 300
    Zone l = zone(0, 0, 10, 0, 10, 10, 20, 10, 20, 20, 0, 20);
    assertThat(l.pixelArea()).isCloseTo(300, within(1e-9));
  }

  @Test
  void degeneratePolygonsHaveNoArea() {
    assertThat(zone(0, 0, 10, 0).pixelArea()).isZero();
    assertThat(zone(0, 0, 5, 5, 10, 10).pixelArea()).isZero();
  }

  @Test
  void pointInPolygonHonoursTheConcaveNotch() {
    Zone l = zone(0, 0, 10, 0, 10, 10, 20, 10, 20, 20, 0, 20);
    assertThat(l.contains(5, 5)).isTrue(); // top-left arm
    assertThat(l.contains(15, 15)).isTrue(); // bottom-right arm
    assertThat(l.contains(15, 5)).isFalse(); // the missing quarter
    assertThat(l.contains(25, 15)).isFalse(); // right of the shape
    assertThat(l.contains(-1, 5)).isFalse();
  }

  @Test
  void twoZonesSharingAnEdgeNeverBothContainAPointOnIt() {
    Zone left = zone(0, 0, 10, 0, 10, 10, 0, 10);
    Zone right = zone(10, 0, 20, 0, 20, 10, 10, 10);
    assertThat(left.contains(10, 5)).isFalse();
    assertThat(right.contains(10, 5)).isTrue();
  }

  @Test
  void aPersonIsInTheZoneWhereTheirFeetAre() {
    Zone lower = zone(0, 100, 200, 100, 200, 200, 0, 200);
    // box from y=40 to y=140: feet at (50 + 20/2, 140) = (60, 140), inside although the head is above the zone
    Detection d = new Detection(50, 40, 20, 100, 1, "hog");
    assertThat(d.footX()).isEqualTo(60);
    assertThat(d.footY()).isEqualTo(140);
    assertThat(lower.containsFootOf(d)).isTrue();
    // box ending at y=90: feet above the zone although the box is 80 px tall
    assertThat(lower.containsFootOf(new Detection(50, 10, 20, 80, 1, "hog"))).isFalse();
  }

  @Test
  void wholeFrameZoneCoversTheFrame() {
    Zone z = Zone.wholeFrame("all", 768, 576, 400, 0);
    assertThat(z.pixelArea()).isCloseTo(768.0 * 576, within(1e-6));
    assertThat(z.contains(0, 0)).isTrue();
    assertThat(z.contains(767.9, 575.9)).isTrue();
  }
}
