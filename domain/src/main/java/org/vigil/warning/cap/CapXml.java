package org.vigil.warning.cap;

import java.io.StringWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Writes a {@link CapAlert} as CAP 1.2 XML, elements in the order the schema's sequences require. */
public final class CapXml {

  private CapXml() {}

  /** The message as an XML document (UTF-8 declaration, indented). */
  public static String write(CapAlert alert) {
    Document doc = newDocument();
    doc.appendChild(alertElement(doc, alert));
    return serialise(doc, true);
  }

  /** The message as an element of {@code doc}, e.g. to embed in an Atom entry. */
  public static Element alertElement(Document doc, CapAlert a) {
    Element alert = doc.createElementNS(Cap.NAMESPACE, "alert");
    text(alert, "identifier", a.identifier());
    text(alert, "sender", a.sender());
    text(alert, "sent", CapTime.format(a.sent()));
    text(alert, "status", a.status().name());
    text(alert, "msgType", a.msgType().name());
    text(alert, "scope", a.scope().name());
    optional(alert, "note", a.note());
    if (!a.references().isEmpty()) {
      text(alert, "references",
          a.references().stream().map(CapAlert.Reference::text).collect(Collectors.joining(" ")));
    }
    optional(alert, "incidents", a.incidents());
    for (CapInfo info : a.infos()) {
      alert.appendChild(infoElement(doc, info));
    }
    return alert;
  }

  private static Element infoElement(Document doc, CapInfo i) {
    Element info = doc.createElementNS(Cap.NAMESPACE, "info");
    text(info, "language", i.language());
    i.categories().forEach(c -> text(info, "category", c.name()));
    text(info, "event", i.event());
    i.responseTypes().forEach(r -> text(info, "responseType", r.name()));
    text(info, "urgency", i.urgency().name());
    text(info, "severity", i.severity().name());
    text(info, "certainty", i.certainty().name());
    pairs(info, "eventCode", i.eventCodes());
    if (i.effective() != null) {
      text(info, "effective", CapTime.format(i.effective()));
    }
    if (i.expires() != null) {
      text(info, "expires", CapTime.format(i.expires()));
    }
    optional(info, "senderName", i.senderName());
    optional(info, "headline", i.headline());
    optional(info, "description", i.description());
    optional(info, "instruction", i.instruction());
    optional(info, "web", i.web());
    pairs(info, "parameter", i.parameters());
    for (CapArea area : i.areas()) {
      Element el = doc.createElementNS(Cap.NAMESPACE, "area");
      text(el, "areaDesc", area.description());
      for (List<double[]> ring : area.polygons()) {
        text(el, "polygon", ring.stream().map(CapXml::point).collect(Collectors.joining(" ")));
      }
      for (CapArea.Geocode g : area.geocodes()) {
        Element code = doc.createElementNS(Cap.NAMESPACE, "geocode");
        text(code, "valueName", g.name());
        text(code, "value", g.value());
        el.appendChild(code);
      }
      info.appendChild(el);
    }
    return info;
  }

  /** {@code latitude,longitude} as CAP writes WGS 84 points (at most 6 decimals: about 0.1 m). */
  static String point(double[] p) {
    return coordinate(p[0]) + "," + coordinate(p[1]);
  }

  private static String coordinate(double v) {
    String s = String.format(Locale.ROOT, "%.6f", v);
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s + "0" : s;
  }

  private static void pairs(Element parent, String name, Map<String, String> values) {
    values.forEach((k, v) -> {
      Element el = parent.getOwnerDocument().createElementNS(Cap.NAMESPACE, name);
      text(el, "valueName", k);
      text(el, "value", v);
      parent.appendChild(el);
    });
  }

  private static void optional(Element parent, String name, String value) {
    if (value != null && !value.isBlank()) {
      text(parent, name, value);
    }
  }

  private static void text(Element parent, String name, String value) {
    Element el = parent.getOwnerDocument().createElementNS(Cap.NAMESPACE, name);
    el.setTextContent(value);
    parent.appendChild(el);
  }

  static Document newDocument() {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      return f.newDocumentBuilder().newDocument();
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser cannot be configured", e);
    }
  }

  static String serialise(Document doc, boolean indent) {
    try {
      Transformer t = TransformerFactory.newInstance().newTransformer();
      t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
      t.setOutputProperty(OutputKeys.INDENT, indent ? "yes" : "no");
      t.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
      doc.setXmlStandalone(true);
      StringWriter out = new StringWriter();
      t.transform(new DOMSource(doc), new StreamResult(out));
      return out.toString();
    } catch (TransformerException e) {
      throw new IllegalStateException("a CAP document could not be written", e);
    }
  }
}
