package org.vigil.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The decoder's hand-written checks say what the patterns and Jackson say: ids and value names against the documented
 * patterns, the JSON text of extra fields against Jackson's writer, the ASCII path of the UTF-8 check against the
 * decoder's.
 */
class DecoderChecksTest {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern FIELD = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private static final String ALPHABET = "azAZ09_-./ é\u0000\"\\mq7";

  @Test
  void idsAndValueNamesAreAcceptedExactlyWhenThePatternsMatch() {
    Random rnd = new Random(20261207L);
    for (int i = 0; i < 200_000; i++) {
      int n = rnd.nextInt(4) == 0 ? 60 + rnd.nextInt(8) : rnd.nextInt(6);
      StringBuilder b = new StringBuilder();
      for (int k = 0; k < n; k++) {
        b.append(ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
      }
      String s = b.toString();
      assertThat(ReadingDecoder.validId(s)).as("id '%s'", s).isEqualTo(ID.matcher(s).matches());
      assertThat(ReadingDecoder.validField(s)).as("name '%s'", s).isEqualTo(FIELD.matcher(s).matches());
    }
    assertThat(ReadingDecoder.validId("a".repeat(64))).isTrue();
    assertThat(ReadingDecoder.validId("a".repeat(65))).isFalse();
    assertThat(ReadingDecoder.validId("")).isFalse();
    assertThat(ReadingDecoder.validField("a".repeat(64))).isTrue();
    assertThat(ReadingDecoder.validField("a".repeat(65))).isFalse();
    assertThat(ReadingDecoder.validField("_a")).isFalse();
    assertThat(ReadingDecoder.validField("9a")).isFalse();
  }

  @Test
  void anExtraFieldsTextIsWhatJacksonWrites() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    for (String text : new String[] {"1.4.2", "gw-bench-01", "", "a\"b", "back\\slash", "tab\there", "\u0001",
        "caf\u00e9", "\u007f", "slash/ok", "~"}) {
      JsonNode node = TextNode.valueOf(text);
      assertThat(ReadingDecoder.json(node)).as(text).isEqualTo(node.toString());
    }
    for (String json : new String[] {"{\"a\":1}", "[1,2]", "12", "1.5e3", "true", "null"}) {
      JsonNode node = mapper.readTree(json);
      assertThat(ReadingDecoder.json(node)).isEqualTo(node.toString());
    }
  }

  @Test
  void asciiPayloadsReadAsTheUtf8DecoderReadsThem() {
    String s = "{\"ts\":1764406800123,\"values\":{\"rain_mm\":0.2},\"fw\":\"1.4.2\"}";
    assertThat(ReadingDecoder.utf8(s.getBytes(StandardCharsets.US_ASCII))).isEqualTo(s);
    String accented = "{\"note\":\"pr\u00e8s du pont\"}";
    assertThat(ReadingDecoder.utf8(accented.getBytes(StandardCharsets.UTF_8))).isEqualTo(accented);
  }
}
