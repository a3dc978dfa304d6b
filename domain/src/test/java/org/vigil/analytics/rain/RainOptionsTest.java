package org.vigil.analytics.rain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigil.core.settings.ConfigException;

class RainOptionsTest {

  private static final long HOUR = 3_600_000L;

  @Test
  void absentKeysGiveTheDefaults() {
    RainOptions o = RainOptions.fromLookup(Map.<String, String>of()::get);
    assertThat(o).isEqualTo(RainOptions.defaults());
    assertThat(o.dryGapMs()).isEqualTo(6 * HOUR);
    assertThat(o.antecedentDecay()).isEqualTo(0.8);
    assertThat(o.antecedentDays()).isEqualTo(10);
    assertThat(o.curves()).containsExactly(IdCurve.CAINE_1980, IdCurve.GUZZETTI_2008);
    assertThat(o.maxReportIntervalMs()).isEqualTo(HOUR);
    assertThat(o.historyMs()).isEqualTo(264 * HOUR); // (10 + 1) * 24 h
    assertThat(o.withAntecedent(0.8, 1).historyMs()).isEqualTo(72 * HOUR); // max(72 h, 48 h)
  }

  @Test
  void everyKeyIsRead() {
    Map<String, String> env =
        Map.of(
            "VIGIL_RAIN_DRY_GAP", "PT12H",
            "VIGIL_RAIN_ANTECEDENT_DECAY", "0.84",
            "VIGIL_RAIN_ANTECEDENT_DAYS", "7",
            "VIGIL_RAIN_ID_CURVES", "guzzetti2008, mysite:alpha=10;beta=0.5;min=1;max=48",
            "VIGIL_RAIN_MAX_REPORT_INTERVAL", "PT15M");
    RainOptions o = RainOptions.fromLookup(env::get);
    assertThat(o.dryGapMs()).isEqualTo(12 * HOUR);
    assertThat(o.antecedentDecay()).isEqualTo(0.84);
    assertThat(o.antecedentDays()).isEqualTo(7);
    assertThat(o.curves()).containsExactly(IdCurve.GUZZETTI_2008, new IdCurve("mysite", 10, 0.5, 1, 48));
    assertThat(o.maxReportIntervalMs()).isEqualTo(15 * 60_000L);
    assertThat(RainOptions.fromLookup(Map.of("VIGIL_RAIN_ID_CURVES", "none")::get).curves()).isEmpty();
  }

  @Test
  void everyBadValueIsReportedWithItsKey() {
    Map<String, String> env =
        Map.of(
            "VIGIL_RAIN_DRY_GAP", "six hours",
            "VIGIL_RAIN_ANTECEDENT_DECAY", "1.5",
            "VIGIL_RAIN_ANTECEDENT_DAYS", "seven",
            "VIGIL_RAIN_ID_CURVES",
                "caine1980,caine1980,bogus,Site:alpha=-1;beta=0.3;min=5;max=2,x:alpha=1;gamma=2;min=1,y:alpha=one;beta=0;min=1;max=2",
            "VIGIL_RAIN_MAX_REPORT_INTERVAL", "PT0S");
    assertThatThrownBy(() -> RainOptions.fromLookup(env::get))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .containsExactlyInAnyOrder(
                        "VIGIL_RAIN_DRY_GAP='six hours': not a duration (give a duration such as 500ms, 30s, 5m,"
                            + " 1h, 1d, 1w, 1h30m or PT5M (0: none), or leave it unset for 6h)",
                        "VIGIL_RAIN_ANTECEDENT_DAYS='seven': not a whole number (give a whole number, or leave it"
                            + " unset for 10)",
                        "VIGIL_RAIN_ID_CURVES: unknown curve 'bogus' (built in: caine1980, guzzetti2008; custom:"
                            + " name:alpha=..;beta=..;min=..;max=..)",
                        "VIGIL_RAIN_ID_CURVES: curve 'Site': name must match [a-z][a-z0-9_]* (it becomes part of a"
                            + " metric name), got 'Site'",
                        "VIGIL_RAIN_ID_CURVES: curve 'Site': alpha must be positive and finite, got -1.0",
                        "VIGIL_RAIN_ID_CURVES: curve 'Site': min duration 5.0 h must be below max duration 2.0 h",
                        "VIGIL_RAIN_ID_CURVES: curve 'x': 'gamma=2' is not one of alpha=, beta=, min=, max=",
                        "VIGIL_RAIN_ID_CURVES: curve 'x': beta is missing",
                        "VIGIL_RAIN_ID_CURVES: curve 'x': max is missing",
                        "VIGIL_RAIN_ID_CURVES: curve 'y': alpha is not a number: 'one'",
                        "VIGIL_RAIN_ANTECEDENT_DECAY: must be in (0, 1], got 1.5",
                        "VIGIL_RAIN_MAX_REPORT_INTERVAL: must be positive, got PT0S",
                        "VIGIL_RAIN_ID_CURVES: curve name 'caine1980' appears twice"));
  }

  @Test
  void validateListsEveryProblem() {
    RainOptions bad = new RainOptions(0, 0, 61, List.of(), -1);
    assertThat(bad.problems()).hasSize(4);
    assertThatThrownBy(bad::validate)
        .hasMessageContaining("VIGIL_RAIN_DRY_GAP")
        .hasMessageContaining("VIGIL_RAIN_ANTECEDENT_DECAY")
        .hasMessageContaining("VIGIL_RAIN_ANTECEDENT_DAYS: must be 0 to 60, got 61")
        .hasMessageContaining("VIGIL_RAIN_MAX_REPORT_INTERVAL");
    assertThat(RainOptions.defaults().validate()).isEqualTo(RainOptions.defaults());
  }

  @Test
  void optionsSurviveJavaSerializationAsAFunctionFieldMust() throws Exception {
    RainOptions o = RainOptions.defaults().withCurves(List.of(new IdCurve("mysite", 10, 0.5, 1, 48)));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readObject()).isEqualTo(o);
    }
  }
}
