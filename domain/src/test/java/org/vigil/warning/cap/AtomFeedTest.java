package org.vigil.warning.cap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.time.OffsetDateTime;
import java.util.List;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class AtomFeedTest {

  @Test
  void everyWarningInForceIsAnEntryCarryingAValidMessage() throws Exception {
    CapAlert a = CapXmlTest.thunderstorm();
    String feed = AtomFeed.write("https://vigil.county.example/warnings.atom", "County warnings",
        OffsetDateTime.parse("2003-06-17T14:57:00-07:00"), List.of(a),
        m -> "https://vigil.county.example/warnings/" + m.identifier() + ".xml");
    Document d = CapXmlTest.parse(feed);
    assertThat(d.getDocumentElement().getNamespaceURI()).isEqualTo(AtomFeed.NAMESPACE);
    NodeList entries = d.getElementsByTagNameNS(AtomFeed.NAMESPACE, "entry");
    assertThat(entries.getLength()).isEqualTo(1);
    Element entry = (Element) entries.item(0);
    assertThat(entry.getElementsByTagNameNS(AtomFeed.NAMESPACE, "title").item(0).getTextContent())
        .isEqualTo("SEVERE THUNDERSTORM WARNING");
    Element link = (Element) entry.getElementsByTagNameNS(AtomFeed.NAMESPACE, "link").item(0);
    assertThat(link.getAttribute("href")).isEqualTo("https://vigil.county.example/warnings/KSTO1055887203.xml");
    assertThat(link.getAttribute("type")).isEqualTo("application/cap+xml");
    Element embedded = (Element) entry.getElementsByTagNameNS(Cap.NAMESPACE, "alert").item(0);
    StringWriter out = new StringWriter();
    TransformerFactory.newInstance().newTransformer().transform(new DOMSource(embedded), new StreamResult(out));
    assertThat(CapSchema.problems(out.toString())).isEmpty();
    assertThat(feed).doesNotContainPattern("\\n\\s*\\n"); // no blank lines from the message's own indentation
  }

  @Test
  void aMessageWithADoctypeIsRefusedNotExpanded() {
    String xxe = "<?xml version='1.0'?><!DOCTYPE a [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><a>&x;</a>";
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> AtomFeed.parse(xxe))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DOCTYPE");
  }

  @Test
  void anEmptyFeedIsStillAFeed() throws Exception {
    String feed = AtomFeed.write("urn:vigil:warnings", "County warnings",
        OffsetDateTime.parse("2026-12-06T00:00:00Z"), List.of(), m -> "");
    Document d = CapXmlTest.parse(feed);
    assertThat(d.getElementsByTagNameNS(AtomFeed.NAMESPACE, "entry").getLength()).isZero();
    assertThat(d.getElementsByTagNameNS(AtomFeed.NAMESPACE, "updated").item(0).getTextContent())
        .isEqualTo("2026-12-06T00:00:00+00:00");
  }
}
