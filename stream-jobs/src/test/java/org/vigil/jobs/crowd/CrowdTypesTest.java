package org.vigil.jobs.crowd;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.crowd.Samples;
import org.vigil.alerts.rule.OpenAlert;

/** The crowd records travel and sit in state with Flink's own serializers, not Kryo (which cannot copy List.of). */
class CrowdTypesTest {

  @Test
  void recordsAreNotGenericTypes() {
    for (Class<?> c : new Class<?>[] {AnalysedFrame.class, Samples.class, OpenAlert.class}) {
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
}
