package org.vigil.warning.cap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped schema against messages of real national systems (samples from the public google/cap-library,
 * Apache-2.0, see src/test/resources/cap-samples/LICENSE) and against broken ones, so that a validator that passes
 * everything would fail here.
 */
class CapSchemaTest {

  static String sample(String name) throws IOException {
    try (InputStream in = CapSchemaTest.class.getResourceAsStream("/cap-samples/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"australia.cap", "canada.cap", "wcatwc-warning.cap"})
  void realNationalMessagesAreValid(String name) throws IOException {
    assertThat(CapSchema.problems(sample(name))).isEmpty();
  }

  @Test
  void theStartCheckWritesAMessageTheSchemaAccepts() {
    CapSchema.warmUp(); // throws with the schema's problems otherwise
  }

  @Test
  void theSamplesMissingScopeIsRefusedWithItsLine() throws IOException {
    // invalid.cap has no <scope>: the schema expects it after <msgType> (line 7), and finds <info> on line 9.
    assertThat(CapSchema.problems(sample("invalid.cap")))
        .singleElement().asString().startsWith("line 9").contains("info").contains("scope");
  }

  @Test
  void utcWrittenAsZIsRefused() throws IOException {
    String xml = sample("australia.cap");
    String sent = xml.replaceFirst("(<(?:cap:)?sent>[^<]*)[+-]\\d\\d:\\d\\d<", "$1Z<");
    assertThat(sent).isNotEqualTo(xml);
    assertThat(CapSchema.problems(sent)).isNotEmpty();
  }

  @Test
  void aValueOutsideTheCodeListIsRefused() throws IOException {
    String xml = sample("canada.cap").replaceFirst("<status>Actual</status>", "<status>Real</status>");
    assertThat(CapSchema.problems(xml)).anySatisfy(p -> assertThat(p).contains("Real"));
  }

  @Test
  void capOneOneIsNotCapOneTwo() {
    String v11 = "<alert xmlns='urn:oasis:names:tc:emergency:cap:1.1'><identifier>a</identifier></alert>";
    assertThat(CapSchema.problems(v11)).isNotEmpty();
  }
}
