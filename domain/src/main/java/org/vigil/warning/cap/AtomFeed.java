package org.vigil.warning.cap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Function;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/**
 * The warnings in force as an Atom feed (RFC 4287), as public-warning aggregators read CAP: one entry per warning,
 * its latest message, with a link to the message ({@code application/cap+xml}) and the message itself as the
 * entry's XML content.
 */
public final class AtomFeed {

  /** The Atom namespace. */
  public static final String NAMESPACE = "http://www.w3.org/2005/Atom";

  /**
   * One entry.
   *
   * @param url where the message is served (the entry's id and link)
   * @param title the first info block's headline
   * @param updated the message's sent time
   * @param summary the first info block's instruction, or null
   * @param capXml the CAP message
   */
  public record Entry(String url, String title, OffsetDateTime updated, String summary, String capXml) {}

  private AtomFeed() {}

  /** The entry of a message served at {@code url}. */
  public static Entry entry(CapAlert a, String url) {
    CapInfo first = a.infos().isEmpty() ? null : a.infos().get(0);
    String title = first == null || first.headline() == null ? a.identifier() : first.headline();
    return new Entry(url, title, a.sent(), first == null ? null : first.instruction(), CapXml.write(a));
  }

  /** The feed of messages, each served at {@code messageUrl}. */
  public static String write(String feedUrl, String title, OffsetDateTime updated, List<CapAlert> inForce,
      Function<CapAlert, String> messageUrl) {
    return write(feedUrl, title, title, updated, inForce.stream().map(a -> entry(a, messageUrl.apply(a))).toList());
  }

  /**
   * @param feedUrl the feed's own address (its id and self link)
   * @param title the feed's title
   * @param author the issuing office
   * @param updated when the feed last changed (the newest message, or now when empty)
   * @param entries the latest message of each warning in force, newest first
   */
  public static String write(String feedUrl, String title, String author, OffsetDateTime updated,
      List<Entry> entries) {
    Document doc = CapXml.newDocument();
    Element feed = doc.createElementNS(NAMESPACE, "feed");
    doc.appendChild(feed);
    text(feed, "id", feedUrl);
    text(feed, "title", title);
    text(feed, "updated", CapTime.format(updated));
    link(feed, "self", "application/atom+xml", feedUrl);
    text(child(feed, "author"), "name", author);
    for (Entry e : entries) {
      Element entry = child(feed, "entry");
      text(entry, "id", e.url());
      text(entry, "title", e.title());
      text(entry, "updated", CapTime.format(e.updated()));
      link(entry, "alternate", "application/cap+xml", e.url());
      if (e.summary() != null) {
        text(entry, "summary", e.summary());
      }
      Element content = child(entry, "content");
      content.setAttribute("type", "application/cap+xml");
      Element alert = parse(e.capXml()).getDocumentElement();
      dropBlankText(alert); // the message's own indentation; the feed is indented as a whole
      content.appendChild(doc.importNode(alert, true));
    }
    return CapXml.serialise(doc, true);
  }

  /** Parses XML without DTDs or external entities (a message is data, never a reason to fetch anything). */
  public static Document parse(String xml) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser cannot be configured safely", e);
    } catch (SAXException | IOException e) {
      throw new IllegalArgumentException("not well-formed XML: " + e.getMessage(), e);
    }
  }

  private static void dropBlankText(org.w3c.dom.Node n) {
    org.w3c.dom.Node child = n.getFirstChild();
    while (child != null) {
      org.w3c.dom.Node next = child.getNextSibling();
      if (child.getNodeType() == org.w3c.dom.Node.TEXT_NODE && child.getTextContent().isBlank()
          && n.getChildNodes().getLength() > 1) {
        n.removeChild(child);
      } else {
        dropBlankText(child);
      }
      child = next;
    }
  }

  private static void link(Element parent, String rel, String type, String href) {
    Element l = child(parent, "link");
    l.setAttribute("rel", rel);
    l.setAttribute("type", type);
    l.setAttribute("href", href);
  }

  private static Element child(Element parent, String name) {
    Element el = parent.getOwnerDocument().createElementNS(NAMESPACE, name);
    parent.appendChild(el);
    return el;
  }

  private static void text(Element parent, String name, String value) {
    child(parent, name).setTextContent(value);
  }
}
