package org.vigil.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.core.Reading;
import org.vigil.core.SensorKind;

class ReadingDecoderTest {

  /** 2026-11-28T08:00:00Z. */
  private static final long NOW = 1_795_852_800_000L;

  private final ReadingDecoder decoder = new ReadingDecoder(DecoderOptions.defaults(Set.of("hill-a", "hill-b")));

  private Reading decode(String topic, String json) {
    return decoder.decode(topic, json.getBytes(StandardCharsets.UTF_8), NOW);
  }

  private RejectReason reject(String topic, String json) {
    try {
      decode(topic, json);
    } catch (DecodeException e) {
      assertThat(e.getMessage()).isNotBlank();
      return e.reason();
    }
    throw new AssertionError("expected a rejection of " + json);
  }

  private RejectReason reject(String json) {
    return reject("vigil/hill-a/rain/rg-1/data", json);
  }

  @Test
  void decodesTheDesignBriefExample() {
    Reading r =
        decode(
            "vigil/hill-a/rain/rg-1/data",
            "{\"ts\": \"2026-11-28T08:00:00.000Z\", \"seq\": 123, \"values\": {\"rain_mm\": 0.5},"
                + " \"battery_v\": 3.6, \"rssi\": -71}");
    assertThat(r.site()).isEqualTo("hill-a");
    assertThat(r.kind()).isEqualTo(SensorKind.RAIN);
    assertThat(r.sensorId()).isEqualTo("rg-1");
    assertThat(r.timestampMs()).isEqualTo(NOW);
    assertThat(r.seq()).isEqualTo(123);
    assertThat(r.values()).containsEntry("rain_mm", 0.5);
    assertThat(r.batteryV()).isEqualTo(3.6);
    assertThat(r.rssi()).isEqualTo(-71.0);
    assertThat(r.extras()).isEmpty();
  }

  @Test
  void acceptsEpochMillisAndKeepsUnknownFields() {
    Reading r =
        decode(
            "vigil/hill-b/gnss/gps_7/data",
            "{\"ts\": 1795852800000, \"values\": {\"disp_mm\": 12.25, \"sats\": 9}, \"fw\": \"1.2\", \"extra\": {\"a\": 1}}");
    assertThat(r.timestampMs()).isEqualTo(NOW);
    assertThat(r.seq()).isEqualTo(-1);
    assertThat(r.values()).containsEntry("disp_mm", 12.25).containsEntry("sats", 9.0);
    assertThat(Double.isNaN(r.batteryV())).isTrue();
    assertThat(r.extras()).containsEntry("fw", "\"1.2\"").containsEntry("extra", "{\"a\":1}");
  }

  @Test
  void acceptsTimestampsWithinTheAllowedSkew() {
    // 4 min 59 s ahead of the receiving clock: within the 5 min default.
    assertThat(decode("vigil/hill-a/rain/rg-1/data", "{\"ts\": " + (NOW + 299_000) + ", \"values\": {\"rain_mm\": 0}}"))
        .isNotNull();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // wrong types
        "{\"ts\": \"2026-11-28T08:00:00Z\", \"values\": {\"rain_mm\": \"0.5\"}}                  | WRONG_TYPE",
        "{\"ts\": \"2026-11-28T08:00:00Z\", \"values\": {\"rain_mm\": true}}                     | WRONG_TYPE",
        "{\"ts\": \"2026-11-28T08:00:00Z\", \"values\": [0.5]}                                   | WRONG_TYPE",
        "{\"ts\": true, \"values\": {\"rain_mm\": 0.5}}                                           | WRONG_TYPE",
        "{\"ts\": \"2026-11-28T08:00:00Z\", \"seq\": \"7\", \"values\": {\"rain_mm\": 0.5}}      | WRONG_TYPE",
        "{\"ts\": \"2026-11-28T08:00:00Z\", \"seq\": -1, \"values\": {\"rain_mm\": 0.5}}         | WRONG_TYPE",
        "{\"ts\": \"2026-11-28T08:00:00Z\", \"battery_v\": \"low\", \"values\": {\"rain_mm\": 1}} | WRONG_TYPE",
        // missing fields
        "{\"values\": {\"rain_mm\": 0.5}}                                                        | MISSING_FIELD",
        "{\"ts\": \"2026-11-28T08:00:00Z\"}                                                      | MISSING_FIELD",
        "{\"ts\": null, \"values\": {\"rain_mm\": 0.5}}                                          | MISSING_FIELD",
        // NaN / Infinity: not JSON, and numbers that overflow a double
        "{\"ts\": \"2026-11-28T08:00:00Z\", \"values\": {\"rain_mm\": NaN}}                      | MALFORMED_JSON",
        "{\"ts\": \"2026-11-28T08:00:00Z\", \"values\": {\"rain_mm\": Infinity}}                 | MALFORMED_JSON",
        "{\"ts\": \"2026-11-28T08:00:00Z\", \"values\": {\"rain_mm\": 1e400}}                    | NON_FINITE_NUMBER",
        "{\"ts\": \"2026-11-28T08:00:00Z\", \"values\": {\"rain_mm\": -1e999}}                   | NON_FINITE_NUMBER",
        "{\"ts\": \"2026-11-28T08:00:00Z\", \"rssi\": 1e309, \"values\": {\"rain_mm\": 0}}       | NON_FINITE_NUMBER",
        // timestamps
        "{\"ts\": \"2026-11-28T08:05:01Z\", \"values\": {\"rain_mm\": 0.5}}                      | TIMESTAMP_IN_FUTURE",
        "{\"ts\": \"2031-01-01T00:00:00Z\", \"values\": {\"rain_mm\": 0.5}}                      | TIMESTAMP_IN_FUTURE",
        "{\"ts\": 1795852800, \"values\": {\"rain_mm\": 0.5}}                                    | BAD_TIMESTAMP",
        "{\"ts\": \"yesterday\", \"values\": {\"rain_mm\": 0.5}}                                 | BAD_TIMESTAMP",
        "{\"ts\": 1795852800000.5, \"values\": {\"rain_mm\": 0.5}}                               | BAD_TIMESTAMP",
        // structure
        "[1, 2, 3]                                                                               | MALFORMED_JSON",
        "{\"ts\": \"2026-11-28T08:00:00Z\", \"values\": {\"rain_mm\": 0.5}                       | MALFORMED_JSON",
        "{\"ts\": \"2026-11-28T08:00:00Z\", \"values\": {\"rain_mm\": 0.5}} {}                   | MALFORMED_JSON",
        "{\"ts\": 1, \"ts\": 2, \"values\": {\"rain_mm\": 0.5}}                                  | MALFORMED_JSON",
        "{\"ts\": \"2026-11-28T08:00:00Z\", \"values\": {}}                                      | BAD_FIELD",
        "{\"ts\": \"2026-11-28T08:00:00Z\", \"values\": {\"Rain mm\": 0.5}}                      | BAD_FIELD",
        "{\"ts\": \"2026-11-28T08:00:00Z\", \"values\": {\"rain_mm\": -0.5}}                     | VALUE_OUT_OF_RANGE",
      })
  void rejectsWithTheRightReason(String json, RejectReason expected) {
    assertThat(reject(json)).isEqualTo(expected);
  }

  @Test
  void rejectsEmptyAndBinaryPayloads() {
    assertThat(reject("")).isEqualTo(RejectReason.EMPTY_PAYLOAD);
    assertThat(reject(" \r\n\t ")).isEqualTo(RejectReason.EMPTY_PAYLOAD);
    assertThat(rejectBytes(new byte[] {(byte) 0xff, 0x00, 0x13})).isEqualTo(RejectReason.INVALID_UTF8);
    // A stray Latin-1 byte inside an otherwise valid reading: 0xE9 ("é" in Latin-1) starts a 3-byte UTF-8 sequence.
    byte[] latin1 = "{\"ts\": 1795852800000, \"note\": \"caf\u00e9\", \"values\": {\"rain_mm\": 1}}"
        .getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> decoder.decode("vigil/hill-a/rain/rg-1/data", latin1, NOW))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("byte 0xe9 at offset 34")
        .extracting(e -> ((DecodeException) e).reason())
        .isEqualTo(RejectReason.INVALID_UTF8);
    // Overlong encoding of '/' (C0 AF) and a lone surrogate (ED A0 80) are invalid UTF-8 too.
    assertThat(rejectBytes(new byte[] {'{', (byte) 0xc0, (byte) 0xaf, '}'})).isEqualTo(RejectReason.INVALID_UTF8);
    assertThat(rejectBytes(new byte[] {'{', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '}'})).isEqualTo(RejectReason.INVALID_UTF8);
    // UTF-16 is valid UTF-8 byte for byte (NULs), but not JSON as text: Jackson must not guess the encoding.
    byte[] utf16 = "{\"ts\": 1795852800000, \"values\": {\"rain_mm\": 1}}".getBytes(StandardCharsets.UTF_16LE);
    assertThat(rejectBytes(utf16)).isEqualTo(RejectReason.MALFORMED_JSON);
  }

  @Test
  void valuesAreAcceptedInsideTheirPhysicalRangeAndRefusedOutside() {
    String ok = "{\"ts\": 1795852800000, \"values\": {\"tilt_x_deg\": 90, \"tilt_y_deg\": -90}, \"battery_v\": 0}";
    assertThat(decode("vigil/hill-a/tilt/t-1/data", ok).value("tilt_x_deg")).isEqualTo(90.0);
    assertThat(reject("vigil/hill-a/tilt/t-1/data", ok.replace("90,", "90.5,"))).isEqualTo(RejectReason.VALUE_OUT_OF_RANGE);
    assertThat(reject("{\"ts\": 1795852800000, \"values\": {\"rain_mm\": 500.1}}")).isEqualTo(RejectReason.VALUE_OUT_OF_RANGE);
    assertThat(reject("{\"ts\": 1795852800000, \"rssi\": 20000, \"values\": {\"rain_mm\": 1}}"))
        .isEqualTo(RejectReason.VALUE_OUT_OF_RANGE);
    // A finite but absurd number in a documented field: 1e300 mm of displacement.
    assertThat(reject("vigil/hill-a/gnss/g-1/data", "{\"ts\": 1795852800000, \"values\": {\"disp_mm\": 1e300}}"))
        .isEqualTo(RejectReason.VALUE_OUT_OF_RANGE);
    // Unknown fields have no range: kept as they are.
    assertThat(decode("vigil/hill-a/gnss/g-1/data", "{\"ts\": 1795852800000, \"values\": {\"sats\": 1e300}}").value("sats"))
        .isEqualTo(1e300);
  }

  @Test
  void hugeNumbersAreNonFinite() {
    String digits400 = "9".repeat(400); // an integer of 400 digits is 1e400: beyond a double
    assertThat(reject("{\"ts\": 1795852800000, \"values\": {\"sats\": " + digits400 + "}}"))
        .isEqualTo(RejectReason.NON_FINITE_NUMBER);
    String digits2000 = "1".repeat(2000); // longer than the parser reads at all
    assertThat(reject("{\"ts\": 1795852800000, \"values\": {\"sats\": " + digits2000 + "}}"))
        .isEqualTo(RejectReason.NON_FINITE_NUMBER);
  }

  @Test
  void reservedValueNamesAndTooManyValuesAreBadFields() {
    for (String name : new String[] {"seq", "battery_v", "rssi", "late", "site", "sensor", "time"}) {
      assertThat(reject("{\"ts\": 1795852800000, \"values\": {\"" + name + "\": 1}}")).as(name).isEqualTo(RejectReason.BAD_FIELD);
    }
    StringBuilder many = new StringBuilder("{\"ts\": 1795852800000, \"values\": {");
    for (int i = 0; i <= ReadingDecoder.MAX_VALUES; i++) {
      many.append(i == 0 ? "" : ", ").append("\"v").append(i).append("\": 1");
    }
    assertThat(reject(many.append("}}").toString())).isEqualTo(RejectReason.BAD_FIELD);
  }

  @Test
  void timestampsOlderThanTheMaximumAgeAreRefused() {
    long day = 86_400_000L;
    // 30 days exactly is kept, 30 days and a millisecond is not.
    assertThat(decode("vigil/hill-a/rain/rg-1/data", "{\"ts\": " + (NOW - 30 * day) + ", \"values\": {\"rain_mm\": 1}}"))
        .isNotNull();
    assertThat(reject("{\"ts\": " + (NOW - 30 * day - 1) + ", \"values\": {\"rain_mm\": 1}}"))
        .isEqualTo(RejectReason.TIMESTAMP_TOO_OLD);
    ReadingDecoder strict = new ReadingDecoder(DecoderOptions.defaults(Set.of()).withMaxAgeMs(day));
    assertThatThrownBy(() -> strict.decode("vigil/x/rain/rg-1/data",
            ("{\"ts\": " + (NOW - 2 * day) + ", \"values\": {\"rain_mm\": 1}}").getBytes(StandardCharsets.UTF_8), NOW))
        .hasMessageContaining("2 days before");
  }

  @Test
  void aByteOrderMarkIsNotJson() {
    byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
    byte[] json = "{\"ts\": 1795852800000, \"values\": {\"rain_mm\": 1}}".getBytes(StandardCharsets.UTF_8);
    byte[] both = new byte[bom.length + json.length];
    System.arraycopy(bom, 0, both, 0, 3);
    System.arraycopy(json, 0, both, 3, json.length);
    assertThat(rejectBytes(both)).isEqualTo(RejectReason.MALFORMED_JSON);
  }

  private RejectReason rejectBytes(byte[] payload) {
    try {
      decoder.decode("vigil/hill-a/rain/rg-1/data", payload, NOW);
    } catch (DecodeException e) {
      assertThat(e.getMessage()).isNotBlank();
      return e.reason();
    }
    throw new AssertionError("expected a rejection");
  }

  @Test
  void rejectsOversizePayloadsBeforeParsing() {
    String pad = "x".repeat(DecoderOptions.DEFAULT_MAX_PAYLOAD_BYTES);
    String json = "{\"ts\": \"2026-11-28T08:00:00Z\", \"values\": {\"rain_mm\": 0.5}, \"pad\": \"" + pad + "\"}";
    assertThat(reject(json)).isEqualTo(RejectReason.PAYLOAD_TOO_LARGE);
    // Exactly at the limit is accepted.
    String base = "{\"ts\": \"2026-11-28T08:00:00Z\", \"values\": {\"rain_mm\": 0.5}, \"pad\": \"\"}";
    String fit = base.replace("\"pad\": \"\"", "\"pad\": \"" + "x".repeat(DecoderOptions.DEFAULT_MAX_PAYLOAD_BYTES - base.length()) + "\"");
    assertThat(fit.getBytes(StandardCharsets.UTF_8)).hasSize(DecoderOptions.DEFAULT_MAX_PAYLOAD_BYTES);
    assertThat(decode("vigil/hill-a/rain/rg-1/data", fit).values()).containsEntry("rain_mm", 0.5);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "vigil/hill-a/rain/rg-1, BAD_TOPIC",
    "vigil/hill-a/rain/rg-1/data/x, BAD_TOPIC",
    "other/hill-a/rain/rg-1/data, BAD_TOPIC",
    "vigil/hill a/rain/rg-1/data, BAD_TOPIC",
    "vigil/hill-a/rain/rg+1/data, BAD_TOPIC",
    "vigil/hill-a/snow/rg-1/data, UNKNOWN_KIND",
    "vigil/elsewhere/rain/rg-1/data, UNKNOWN_SITE",
  })
  void rejectsBadTopics(String topic, RejectReason expected) {
    assertThat(reject(topic, "{\"ts\": \"2026-11-28T08:00:00Z\", \"values\": {\"rain_mm\": 0.5}}")).isEqualTo(expected);
  }

  @Test
  void emptySiteListAcceptsAnySite() {
    ReadingDecoder open = new ReadingDecoder(DecoderOptions.defaults(Set.of()));
    Reading r =
        open.decode(
            "vigil/anywhere/level/wl-1/data",
            "{\"ts\": \"2026-11-28T08:00:00Z\", \"values\": {\"level_m\": 2.5}}".getBytes(StandardCharsets.UTF_8),
            NOW);
    assertThat(r.site()).isEqualTo("anywhere");
  }

  @Test
  void deadLetterKeepsReasonAndBoundedPayload() {
    byte[] big = "y".repeat(10_000).getBytes(StandardCharsets.UTF_8);
    var dl = DeadLetters.of("vigil/hill-a/rain/rg-1/data", big, RejectReason.PAYLOAD_TOO_LARGE, "too big", NOW);
    assertThat(dl.reason()).isEqualTo("payload_too_large");
    assertThat(dl.payloadBytes()).isEqualTo(10_000);
    assertThat(dl.payload()).startsWith("yyyy").endsWith("...(truncated)").hasSize(4096 + 14);
    assertThat(DeadLetters.text(new byte[] {(byte) 0xff})).isEqualTo("base64:/w==");
  }
}
