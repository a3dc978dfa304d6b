package org.vigil.connectors.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Escaping rules from the "Special characters" section of the InfluxDB v1 line protocol reference,
 * https://docs.influxdata.com/influxdb/v1/write_protocols/line_protocol_reference/#special-characters :
 * measurements escape commas and spaces; tag keys, tag values and field keys escape commas, equal
 * signs and spaces; string field values escape double quotes and backslashes; no newlines in values.
 */
class LineProtocolTest {

  private final LineProtocol.Builder out = new LineProtocol.Builder();

  @Test
  void reproducesTheSpecialCharacterExampleOfTheReference() {
    // The reference's example: INSERT "measurement\ with\ quo⚡️es\ and\ emoji",tag\ key\ with\ sp🚀ces=
    // tag\,value\,with"commas" field_k\ey="string field value, only \" need be esc🍭ped"
    out.measurement("\"measurement with quo⚡️es and emoji\"")
        .tag("tag key with sp🚀ces", "tag,value,with\"commas\"")
        .field("field_k\\ey", "string field value, only \" need be esc🍭ped")
        .timestamp(1);

    assertThat(out.toString())
        .isEqualTo(
            "\"measurement\\ with\\ quo⚡️es\\ and\\ emoji\",tag\\ key\\ with\\ sp🚀ces=tag\\,value\\,with\"commas\""
                + " field_k\\ey=\"string field value, only \\\" need be esc🍭ped\" 1\n");
  }

  @Test
  void ordinaryPointsAreTheLinesTheInfluxDbJavaClientsPointBuilderWrites() {
    // The client's Point builder is a second, independent writer of the same rules: for points both accept (the
    // client sorts tags and fields by key, so they are given sorted here) the lines must be the same, byte for byte.
    String[][] tags = {{"sensor", "g-1"}, {"site", "north hill"}, {"zone", "a,b=c"}};
    long ts = 1_700_000_000_123L;
    out.measurement("gnss readings");
    for (String[] t : tags) {
      out.tag(t[0], t[1]);
    }
    out.field("disp mm", 12.5).field("late", true).field("note", "said \"hi\", a\\b").field("seq", 42L)
        .timestamp(ts);

    org.influxdb.dto.Point.Builder p = org.influxdb.dto.Point.measurement("gnss readings")
        .time(ts, java.util.concurrent.TimeUnit.MILLISECONDS);
    for (String[] t : tags) {
      p.tag(t[0], t[1]);
    }
    p.addField("disp mm", 12.5).addField("late", true).addField("note", "said \"hi\", a\\b").addField("seq", 42L);

    assertThat(out.toString()).isEqualTo(p.build().lineProtocol(java.util.concurrent.TimeUnit.MILLISECONDS) + "\n");
  }

  @Test
  void measurementEscapesCommasAndSpacesButNotEquals() {
    out.measurement("rain fall,1=2").field("v", 1L).timestamp(5);

    assertThat(out.toString()).isEqualTo("rain\\ fall\\,1=2 v=1i 5\n");
  }

  @Test
  void tagAndFieldKeysAndTagValuesEscapeCommasEqualsAndSpaces() {
    out.measurement("m").tag("a b,c=d", "x=y, z").field("f k,=", 1.5).timestamp(7);

    assertThat(out.toString()).isEqualTo("m,a\\ b\\,c\\=d=x\\=y\\,\\ z f\\ k\\,\\==1.5 7\n");
  }

  @Test
  void stringFieldValuesEscapeDoubleQuotesAndBackslashesOnly() {
    out.measurement("m").field("s", "say \"hi\", C:\\dir = ok").timestamp(1);

    assertThat(out.toString()).isEqualTo("m s=\"say \\\"hi\\\", C:\\\\dir = ok\" 1\n");
  }

  @Test
  void newlinesBecomeSpacesEverywhere() {
    out.measurement("m\nx").tag("t", "a\r\nb").field("s", "line1\nline2").timestamp(1);

    assertThat(out.toString()).isEqualTo("m\\ x,t=a\\ \\ b s=\"line1 line2\" 1\n");
    assertThat(out.toString().chars().filter(c -> c == '\n').count()).isEqualTo(1);
  }

  @Test
  void writesTheFourFieldTypes() {
    out.measurement("m")
        .field("d", 0.25)
        .field("big", 1e21)
        .field("neg", -3.0)
        .field("l", -42L)
        .field("i", 7) // an int literal picks the long overload
        .field("b", true)
        .field("s", "x")
        .timestamp(1_700_000_000_123L);

    assertThat(out.toString())
        .isEqualTo("m d=0.25,big=1.0E21,neg=-3.0,l=-42i,i=7i,b=true,s=\"x\" 1700000000123\n");
  }

  @Test
  void nonFiniteDoublesAreSkipped() {
    out.measurement("m")
        .field("nan", Double.NaN)
        .field("ok", 2.0)
        .field("inf", Double.POSITIVE_INFINITY)
        .field("ninf", Double.NEGATIVE_INFINITY)
        .timestamp(3);

    assertThat(out.toString()).isEqualTo("m ok=2.0 3\n");
    assertThat(out.skippedFields()).isEqualTo(3);
  }

  @Test
  void aPointWithoutWritableFieldsIsSkippedEntirely() {
    out.measurement("m").tag("site", "s1").field("v", 1.0).timestamp(1);
    out.measurement("m").tag("site", "s1").field("v", Double.NaN).field("s", (String) null).timestamp(2);
    out.measurement("m").tag("site", "s1").field("v", 3.0).timestamp(3);

    assertThat(out.toString()).isEqualTo("m,site=s1 v=1.0 1\nm,site=s1 v=3.0 3\n");
    assertThat(out.lines()).isEqualTo(2);
    assertThat(out.skippedPoints()).isEqualTo(1);
  }

  @Test
  void emptyOrNullTagValuesAreOmitted() {
    out.measurement("m").tag("a", "").tag("b", null).tag("c", "1").field("v", 1L).timestamp(1);

    assertThat(out.toString()).isEqualTo("m,c=1 v=1i 1\n");
  }

  @Test
  void reservedKeysAreSkipped() {
    out.measurement("m").tag("time", "x").field("time", 1.0).field("_field", 1.0).field("v", 1.0).timestamp(1);

    assertThat(out.toString()).isEqualTo("m v=1.0 1\n");
    assertThat(out.skippedFields()).isEqualTo(2);
  }

  @Test
  void backslashesBeforeOrdinaryCharactersAreKeptAndUnrepresentableOnesDropped() {
    // Kept: InfluxDB 1.6.7 stores a\b as is. Dropped: before an escaped character, '=' or the end a
    // backslash run breaks the line (measured: "invalid tag format" / "invalid field format").
    out.measurement("m")
        .tag("k", "a\\b")
        .tag("trail", "end\\\\")
        .tag("comma", "a\\\\,b")
        .tag("only", "\\")
        .field("f\\=x", 1L)
        .timestamp(1);

    assertThat(out.toString()).isEqualTo("m,k=a\\b,trail=end,comma=a\\,b f\\=x=1i 1\n");
  }

  @Test
  void measurementWithBackslashIsRejected() {
    assertThatThrownBy(() -> out.measurement("a\\b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> out.measurement("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void misuseIsReported() {
    assertThatThrownBy(() -> out.tag("a", "b")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> out.field("a", 1.0)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> out.timestamp(1)).isInstanceOf(IllegalStateException.class);

    out.measurement("m").field("v", 1.0);
    assertThatThrownBy(() -> out.tag("late", "x")).hasMessageContaining("after the first field");
    assertThatThrownBy(() -> out.measurement("n")).hasMessageContaining("not ended");
    assertThatThrownBy(out::requireComplete).hasMessageContaining("timestamp");
    assertThat(out.toString()).isEmpty(); // the unfinished point was discarded
  }

  @Test
  void clearKeepsTheBuilderUsable() {
    out.measurement("m").field("v", 1.0).timestamp(1);
    out.clear();
    out.measurement("n").field("v", 2.0).timestamp(2);

    assertThat(out.toString()).isEqualTo("n v=2.0 2\n");
    assertThat(out.lines()).isEqualTo(1);
  }
}
