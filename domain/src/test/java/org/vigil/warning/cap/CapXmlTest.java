package org.vigil.warning.cap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * Written messages, checked against the CAP 1.2 standard's own example (Appendix A.2, the "Severe Thunderstorm
 * Warning" of the US National Weather Service) for the field values and the polygon form.
 */
class CapXmlTest {

  /** The standard's Appendix A.2 example, rebuilt with this package. */
  static CapAlert thunderstorm() {
    List<double[]> ring = List.of(new double[] {38.47, -120.14}, new double[] {38.34, -119.95},
        new double[] {38.52, -119.74}, new double[] {38.62, -119.89}, new double[] {38.47, -120.14});
    List<CapArea.Geocode> geocodes = List.of(new CapArea.Geocode("SAME", "006109"),
        new CapArea.Geocode("SAME", "006009"), new CapArea.Geocode("SAME", "006003"));
    CapArea area = new CapArea("EXTREME NORTH CENTRAL TUOLUMNE COUNTY IN CALIFORNIA, EXTREME NORTHEASTERN CALAVERAS"
        + " COUNTY IN CALIFORNIA, SOUTHWESTERN ALPINE COUNTY IN CALIFORNIA", List.of(ring), geocodes);
    CapInfo info = new CapInfo("en-US", List.of(Cap.Category.Met), "SEVERE THUNDERSTORM",
        List.of(Cap.ResponseType.Shelter), Cap.Urgency.Immediate, Cap.Severity.Severe, Cap.Certainty.Observed,
        Map.of("SAME", "SVR"), null, OffsetDateTime.parse("2003-06-17T15:00:00-07:00"),
        "NATIONAL WEATHER SERVICE SACRAMENTO CA", "SEVERE THUNDERSTORM WARNING",
        "AT 254 PM PDT...NATIONAL WEATHER SERVICE DOPPLER RADAR INDICATED A SEVERE THUNDERSTORM...",
        "TAKE COVER IN A SUBSTANTIAL SHELTER UNTIL THE STORM PASSES.", null, null, List.of(area));
    return new CapAlert("KSTO1055887203", "KSTO@NWS.NOAA.GOV", OffsetDateTime.parse("2003-06-17T14:57:00-07:00"),
        Cap.Status.Actual, Cap.MsgType.Alert, Cap.Scope.Public, null, List.of(), null, List.of(info));
  }

  static Document parse(String xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  static String first(Document d, String name) {
    return d.getElementsByTagNameNS(Cap.NAMESPACE, name).item(0).getTextContent();
  }

  @Test
  void theStandardsExampleIsWrittenAsTheStandardWritesIt() throws Exception {
    String xml = CapXml.write(thunderstorm());
    assertThat(CapSchema.problems(xml)).isEmpty();
    Document d = parse(xml);
    assertThat(first(d, "sent")).isEqualTo("2003-06-17T14:57:00-07:00");
    assertThat(first(d, "expires")).isEqualTo("2003-06-17T15:00:00-07:00");
    assertThat(first(d, "polygon")).isEqualTo("38.47,-120.14 38.34,-119.95 38.52,-119.74 38.62,-119.89 38.47,-120.14");
    assertThat(first(d, "urgency")).isEqualTo("Immediate");
    assertThat(first(d, "responseType")).isEqualTo("Shelter");
    assertThat(d.getElementsByTagNameNS(Cap.NAMESPACE, "geocode").getLength()).isEqualTo(3);
    assertThat(d.getDocumentElement().getNamespaceURI()).isEqualTo("urn:oasis:names:tc:emergency:cap:1.2");
  }

  @Test
  void utcIsWrittenWithANumericOffsetAndWholeSeconds() {
    assertThat(CapTime.format(OffsetDateTime.parse("2026-12-06T01:02:03.987Z"))).isEqualTo("2026-12-06T01:02:03+00:00");
  }

  @Test
  void markupInTextsIsEscapedNotInterpreted() throws Exception {
    CapAlert a = thunderstorm();
    CapInfo i = a.infos().get(0);
    CapInfo evil = new CapInfo(i.language(), i.categories(), i.event(), i.responseTypes(), i.urgency(),
        i.severity(), i.certainty(), i.eventCodes(), i.effective(), i.expires(), i.senderName(),
        "</headline><script>x</script> & more", i.description(), i.instruction(), null, null, i.areas());
    String xml = CapXml.write(new CapAlert(a.identifier(), a.sender(), a.sent(), a.status(), a.msgType(), a.scope(),
        null, List.of(), null, List.of(evil)));
    assertThat(CapSchema.problems(xml)).isEmpty();
    assertThat(first(parse(xml), "headline")).isEqualTo("</headline><script>x</script> & more");
    assertThat(parse(xml).getElementsByTagName("script").getLength()).isZero();
  }

  @Test
  void theRulesTheSchemaCannotSayAreEnforcedWhenBuilt() {
    OffsetDateTime t = OffsetDateTime.parse("2026-12-06T01:00:00+08:00");
    assertThatThrownBy(() -> new CapAlert("a b", "s", t, Cap.Status.Actual, Cap.MsgType.Alert, Cap.Scope.Public,
        null, null, null, null)).hasMessageContaining("spaces, commas");
    assertThatThrownBy(() -> new CapAlert("a", "x,y", t, Cap.Status.Actual, Cap.MsgType.Alert, Cap.Scope.Public,
        null, null, null, null)).hasMessageContaining("sender");
    assertThatThrownBy(() -> new CapAlert("a", "s", t, Cap.Status.Actual, Cap.MsgType.Cancel, Cap.Scope.Public,
        null, List.of(), null, null)).hasMessageContaining("reference");
    assertThatThrownBy(() -> new CapArea("v", List.of(List.of(new double[] {1, 1}, new double[] {1, 2},
        new double[] {1, 1})), null)).hasMessageContaining("at least 4 points");
    assertThatThrownBy(() -> new CapArea("v", List.of(List.of(new double[] {1, 1}, new double[] {1, 2},
        new double[] {2, 2}, new double[] {2, 1})), null)).hasMessageContaining("closed");
    assertThatThrownBy(() -> new CapArea("v", List.of(List.of(new double[] {91, 1}, new double[] {1, 2},
        new double[] {2, 2}, new double[] {91, 1})), null)).hasMessageContaining("latitude");
  }

  @Test
  void referencesAreSenderIdentifierSentSeparatedBySpaces() throws Exception {
    CapAlert a = thunderstorm();
    CapAlert cancel = new CapAlert("KSTO1055887204", a.sender(), OffsetDateTime.parse("2003-06-17T15:10:00-07:00"),
        Cap.Status.Actual, Cap.MsgType.Cancel, Cap.Scope.Public, "storm weakened", List.of(a.asReference()),
        null, List.of());
    String xml = CapXml.write(cancel);
    assertThat(CapSchema.problems(xml)).isEmpty();
    assertThat(first(parse(xml), "references")).isEqualTo("KSTO@NWS.NOAA.GOV,KSTO1055887203,2003-06-17T14:57:00-07:00");
  }
}
