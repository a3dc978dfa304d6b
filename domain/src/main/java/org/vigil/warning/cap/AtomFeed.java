package org.vigil.warning.cap;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Function;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The warnings in force as an Atom feed (RFC 4287), as public-warning aggregators read CAP: one entry per warning,
 * its latest message, with a link to the message ({@code application/cap+xml}) and the message itself as the
 * entry's XML content.
 */
public final class AtomFeed {

  /** The Atom namespace. */
  public static final String NAMESPACE = "http://www.w3.org/2005/Atom";

  private AtomFeed() {}

  /**
   * @param feedUrl the feed's own address (its id and self link)
   * @param title the feed's title
   * @param updated when the feed last changed (the newest message, or now when empty)
   * @param inForce the latest message of each warning in force
   * @param messageUrl the address a message is served at
   */
  public static String write(String feedUrl, String title, OffsetDateTime updated, List<CapAlert> inForce,
      Function<CapAlert, String> messageUrl) {
    Document doc = CapXml.newDocument();
    Element feed = doc.createElementNS(NAMESPACE, "feed");
    doc.appendChild(feed);
    text(feed, "id", feedUrl);
    text(feed, "title", title);
    text(feed, "updated", CapTime.format(updated));
    link(feed, "self", "application/atom+xml", feedUrl);
    Element author = child(feed, "author");
    text(author, "name", inForce.isEmpty() ? title : firstSenderName(inForce.get(0), title));
    for (CapAlert a : inForce) {
      Element entry = child(feed, "entry");
      String url = messageUrl.apply(a);
      text(entry, "id", url);
      text(entry, "title", a.infos().isEmpty() || a.infos().get(0).headline() == null
          ? a.identifier() : a.infos().get(0).headline());
      text(entry, "updated", CapTime.format(a.sent()));
      link(entry, "alternate", "application/cap+xml", url);
      if (!a.infos().isEmpty() && a.infos().get(0).instruction() != null) {
        text(entry, "summary", a.infos().get(0).instruction());
      }
      Element content = child(entry, "content");
      content.setAttribute("type", "application/cap+xml");
      content.appendChild(CapXml.alertElement(doc, a));
    }
    return CapXml.serialise(doc, true);
  }

  private static String firstSenderName(CapAlert a, String fallback) {
    return a.infos().isEmpty() || a.infos().get(0).senderName() == null ? fallback : a.infos().get(0).senderName();
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
