package org.vigil.console.warnings;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.vigil.warning.cap.AtomFeed;
import org.vigil.warning.cap.Cap;
import org.vigil.warning.cap.CapSchema;
import org.vigil.warning.cap.RegistryAreas;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The public warnings the console knows: the latest CAP message of each incident, from the retained topics
 * {@code vigil/warnings/{incident}}. A message is taken only when it is valid CAP 1.2 (the official schema) and
 * names that incident; anything else is counted and dropped, so a forged or broken message never reaches the feed.
 */
public final class WarningBoard {

  /** Largest message taken (two languages and village boundaries fit many times over). */
  public static final int MAX_BYTES = 256 * 1024;

  /** Most incidents remembered: a flood of forged ones cannot grow the console without bound. */
  public static final int MAX_INCIDENTS = 10_000;

  /**
   * One incident's latest message.
   *
   * @param incident its first message's identifier
   * @param identifier this message's identifier
   * @param msgType Alert, Update or Cancel
   * @param sent its sent time
   * @param expires the first info block's expiry, or null
   * @param headline the first info block's headline (or the identifier)
   * @param severity the first info block's severity, or empty
   * @param instruction the first info block's instruction, or null
   * @param area the first area's description, or empty
   * @param xml the message
   * @param adminCodes the values of the areas' {@code ADM-CODE} geocodes (the registry regions' administrative codes)
   */
  public record Warning(String incident, String identifier, String msgType, OffsetDateTime sent,
      OffsetDateTime expires, String headline, String severity, String instruction, String area, String xml,
      List<String> adminCodes) {

    /** In force: not cancelled and not expired at {@code now}. */
    public boolean inForce(OffsetDateTime now) {
      return !msgType.equals(Cap.MsgType.Cancel.name()) && (expires == null || expires.isAfter(now));
    }
  }

  private final Map<String, Warning> byIncident = new ConcurrentHashMap<>();
  private final AtomicLong refused = new AtomicLong();

  /** A message from {@code vigil/warnings/{incident}}; an empty payload (a cleared retained topic) forgets it. */
  public void onMessage(String incident, byte[] payload) {
    if (payload.length == 0) {
      byIncident.remove(incident);
      return;
    }
    try {
      if (payload.length > MAX_BYTES) {
        throw new IllegalArgumentException(payload.length + " bytes, above " + MAX_BYTES);
      }
      String xml = new String(payload, StandardCharsets.UTF_8);
      Document doc = AtomFeed.parse(xml);
      List<String> problems = CapSchema.problems(xml);
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("not valid CAP 1.2: " + problems.get(0));
      }
      Element alert = doc.getDocumentElement();
      String incidents = text(alert, "incidents");
      String identifier = text(alert, "identifier");
      if (!incident.equals(incidents) && !incident.equals(identifier)) {
        throw new IllegalArgumentException("the message " + identifier + " is not of incident " + incident);
      }
      Element info = first(alert, "info");
      String expires = info == null ? null : text(info, "expires");
      Element area = info == null ? null : first(info, "area");
      String headline = info == null ? null : text(info, "headline");
      Warning w = new Warning(incident, identifier, text(alert, "msgType"), OffsetDateTime.parse(text(alert, "sent")),
          expires == null ? null : OffsetDateTime.parse(expires), headline == null ? identifier : headline,
          info == null ? "" : text(info, "severity"), info == null ? null : text(info, "instruction"),
          area == null ? "" : text(area, "areaDesc"), xml, adminCodes(alert));
      if (!byIncident.containsKey(incident) && byIncident.size() >= MAX_INCIDENTS) {
        throw new IllegalArgumentException("already " + MAX_INCIDENTS + " incidents known");
      }
      byIncident.merge(incident, w, (old, now) -> now.sent().isBefore(old.sent()) ? old : now);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      refused.incrementAndGet();
      throw new IllegalArgumentException("public warning on incident " + incident + " refused: " + e.getMessage(), e);
    }
  }

  /** The warnings in force at {@code now}, newest first. */
  public List<Warning> inForce(OffsetDateTime now) {
    List<Warning> out = new ArrayList<>();
    for (Warning w : byIncident.values()) {
      if (w.inForce(now)) {
        out.add(w);
      }
    }
    out.sort(Comparator.comparing(Warning::sent).reversed().thenComparing(Warning::identifier));
    return out;
  }

  /** An incident's latest message. */
  public Optional<Warning> incident(String incident) {
    return Optional.ofNullable(byIncident.get(incident));
  }

  /** Messages refused (invalid, too large, of another incident). */
  public long refused() {
    return refused.get();
  }

  /** The {@code ADM-CODE} geocode values of every area of the message. */
  private static List<String> adminCodes(Element alert) {
    List<String> out = new ArrayList<>();
    NodeList codes = alert.getElementsByTagNameNS(Cap.NAMESPACE, "geocode");
    for (int i = 0; i < codes.getLength(); i++) {
      Element g = (Element) codes.item(i);
      if (RegistryAreas.ADMIN_CODE.equals(text(g, "valueName"))) {
        String v = text(g, "value");
        if (v != null && !out.contains(v.strip())) {
          out.add(v.strip());
        }
      }
    }
    return List.copyOf(out);
  }

  private static Element first(Element parent, String name) {
    NodeList l = parent.getElementsByTagNameNS(Cap.NAMESPACE, name);
    return l.getLength() == 0 ? null : (Element) l.item(0);
  }

  private static String text(Element parent, String name) {
    Element e = first(parent, name);
    return e == null ? null : e.getTextContent();
  }
}
