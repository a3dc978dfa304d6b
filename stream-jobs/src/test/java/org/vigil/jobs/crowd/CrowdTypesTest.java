package org.vigil.jobs.crowd;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.crowd.Samples;
import org.vigil.jobs.rules.RulesetUpdate;

/** The crowd records travel and sit in state with Flink's own serializers, not Kryo (which cannot copy List.of). */
class CrowdTypesTest {

  @Test
  void recordsAreNotGenericTypes() {
    for (Class<?> c : new Class<?>[] {AnalysedFrame.class, Samples.class, RulesetUpdate.class,
        org.vigil.alerts.rules.RuleState.class}) {
      assertThat(TypeInformation.of(c)).as(c.getSimpleName()).isNotInstanceOf(GenericTypeInfo.class);
    }
  }

  @Test
  void theRulesLevelOfServiceIsTheAnalysersFruinBand() {
    // The rules (Flink-free, no OpenCV) keep their own copy of Fruin's bands for messages: it must match vision's.
    for (double d = 0; d <= 6; d += 0.005) {
      assertThat(org.vigil.alerts.crowd.CrowdRules.levelOfService(d)).as("density %s", d)
          .isEqualTo(org.vigil.vision.LevelOfService.of(d).name());
    }
    for (double edge : new double[] {0.31, 0.43, 0.72, 1.08, 2.17}) {
      assertThat(org.vigil.alerts.crowd.CrowdRules.levelOfService(edge))
          .isEqualTo(org.vigil.vision.LevelOfService.of(edge).name());
    }
  }

  @Test
  void anAnalysisBecomesAFrameWithTracksLinesAndTheZonesTrackerFigures() {
    // A track in zone gate since 12.5 s before the capture: dwell 12.5 s; one outside every zone: dwell 0.
    long t = 1_800_000_000_000L;
    org.vigil.vision.Zone gate = org.vigil.vision.Zone.wholeFrame("gate", 768, 576, 40, 50);
    org.vigil.vision.FrameAnalysis a = new org.vigil.vision.FrameAnalysis(t, 768, 576, java.util.List.of(), 2,
        java.util.List.of(org.vigil.vision.ZoneCount.of(gate, 1, 40, 31, 2.0, 12.5, 12.5)), 0.5, 0.1, true, 1000,
        java.util.List.of(new org.vigil.vision.Track(7, 1, 2, 30, 90, 16, 92, "still", t - 60_000, "gate",
            t - 12_500), new org.vigil.vision.Track(8, 400, 2, 30, 90, 415, 92, "moving", t - 1_000, null, t - 1_000)),
        java.util.List.of(new org.vigil.vision.LineCount("door", 31, 12)));
    AnalysedFrame f = AnalysedFrame.of("plaza", "cam1", 3, a, java.util.List.of(new org.vigil.vision.CountingLine(
        "door", new org.vigil.vision.Point(430, 140), new org.vigil.vision.Point(430, 440))));
    assertThat(f.tracks()).extracting(AnalysedFrame.TrackStat::id, AnalysedFrame.TrackStat::zoneId,
        AnalysedFrame.TrackStat::dwellS).containsExactly(org.assertj.core.groups.Tuple.tuple(7L, "gate", 12.5),
        org.assertj.core.groups.Tuple.tuple(8L, null, 0.0));
    assertThat(f.lines()).containsExactly(new AnalysedFrame.LineStat("door", 31, 12, 430, 140, 430, 440));
    // (50 - 1) / 2 = 24.5 minutes to capacity, as the vision module computes it
    assertThat(f.zones()[0]).isEqualTo(new AnalysedFrame.ZoneStat("gate", 1, 40, 1 / 40.0, "A", 50, 40, 31, 2.0,
        12.5, 12.5, 24.5));
    assertThat(f.snapshot().zones().get(0).entries()).isEqualTo(40);
    assertThat(f.snapshot().lines()).containsExactly(new org.vigil.alerts.crowd.LineObservation("door", 31, 12));
  }
}
