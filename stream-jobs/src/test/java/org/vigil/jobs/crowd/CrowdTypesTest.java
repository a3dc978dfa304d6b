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
}
