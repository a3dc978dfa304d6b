package org.vigil.warning.cap;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;

/**
 * Turns alert transitions into CAP 1.2 public warnings and keeps the chain of each warning in force.
 *
 * <p>Identifier scheme: a warning raised by an alert is {@code <alertId>.<n>}, where the alert id is the
 * deterministic id of the alert (rule, subject and opening time) and {@code n} counts that alert's messages from 1;
 * a warning issued by hand is {@code manual_<regionId>_<epochSeconds>.<n>}. The chain's first identifier is also its
 * {@code <incidents>} value. A replay of the same transitions therefore issues the same identifiers. The first
 * message of a chain is an {@code Alert}; a change of level, or a renewal of an open alert, is an {@code Update}; a
 * resolution, a fall below the public level, or a manual lifting is a {@code Cancel}. Updates and cancels reference
 * the chain's first message and its latest one ({@code sender,identifier,sent}, CAP 1.2 section 3.2.1).
 *
 * <p>Not thread-safe: one instance per keyed task or per console.
 */
public final class PublicWarnings {

  /**
   * A warning issued by an operator.
   *
   * @param regionId the region it is for (a token: no spaces or commas)
   * @param area the area it covers
   * @param hazard what it is about
   * @param level yellow, orange or red
   * @param operator who issued it, for the record
   * @param description the operator's words on the situation (may be null)
   */
  public record Manual(String regionId, CapArea area, Hazard hazard, Level level, String operator,
      String description) {
    public Manual {
      CapAlert.requireToken(regionId, "region id");
      Objects.requireNonNull(area, "area");
      Objects.requireNonNull(hazard, "hazard");
      Objects.requireNonNull(operator, "operator");
      if (level.compareTo(Level.YELLOW) < 0) {
        throw new IllegalArgumentException("a manual warning is yellow, orange or red, not " + level);
      }
    }
  }

  private static final class Chain {
    final String base;
    final String incident;
    final CapArea area;
    final Hazard hazard;
    final CapAlert.Reference first;
    CapAlert latest;
    Level level;
    int count;
    Map<String, String> parameters;
    String description;

    Chain(String base, CapArea area, Hazard hazard, CapAlert first) {
      this.base = base;
      this.incident = first.identifier();
      this.area = area;
      this.hazard = hazard;
      this.first = first.asReference();
      this.latest = first;
      this.count = 1;
    }
  }

  private final PublicWarningPolicy policy;
  private final WarningTexts texts;
  private final Function<String, CapArea> areaOfSite;
  private final Map<String, Chain> chains = new LinkedHashMap<>();

  /**
   * @param areaOfSite the area a site's warnings cover (from the registry: the site's village, with its boundary
   *     and administrative code)
   */
  public PublicWarnings(PublicWarningPolicy policy, WarningTexts texts, Function<String, CapArea> areaOfSite) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.texts = Objects.requireNonNull(texts, "texts");
    this.areaOfSite = Objects.requireNonNull(areaOfSite, "areaOfSite");
  }

  /** The public message an alert transition makes, if any. */
  public Optional<CapAlert> onTransition(AlertEvent e) {
    if (e.state() == AlertState.ACKNOWLEDGED) {
      return Optional.empty();
    }
    OffsetDateTime at = CapTime.of(e.updatedAtMs(), policy.offset());
    Chain chain = chains.get(e.id());
    boolean publicNow = e.state() != AlertState.RESOLVED && policy.isPublic(e.level());
    Map<String, String> parameters = parameters(e);
    if (chain == null) {
      if (!publicNow) {
        return Optional.empty();
      }
      CapArea area = areaOfSite.apply(e.site());
      Hazard hazard = Hazard.ofSubject(e.subject());
      String id = e.id() + ".1";
      CapAlert alert = message(id, id, at, Cap.MsgType.Alert, null, List.of(),
          infos(hazard, e.level(), area, at, e.message(), parameters));
      Chain c = new Chain(e.id(), area, hazard, alert);
      c.level = e.level();
      c.parameters = parameters;
      c.description = e.message();
      chains.put(e.id(), c);
      return Optional.of(alert);
    }
    if (!publicNow) {
      String why = e.state() == AlertState.RESOLVED ? "the alert is resolved: " + e.message()
          : "the alert fell to " + e.level().name().toLowerCase(Locale.ROOT) + ", below the public warning level";
      chains.remove(e.id());
      return Optional.of(cancel(chain, at, why));
    }
    if (e.level() == chain.level && e.state() != AlertState.ESCALATED && e.state() != AlertState.DE_ESCALATED) {
      return Optional.empty();
    }
    chain.level = e.level();
    chain.parameters = parameters;
    chain.description = e.message();
    return Optional.of(update(chain, at));
  }

  /** Issues a warning by hand; its identifier's base is {@code manual_<region>_<epochSeconds>}. */
  public CapAlert issue(Manual m, long nowMs) {
    OffsetDateTime at = CapTime.of(nowMs, policy.offset());
    String key = "manual_" + m.regionId() + "_" + at.toEpochSecond();
    if (chains.containsKey(key)) {
      throw new IllegalArgumentException("a manual warning for " + m.regionId() + " was issued this very second");
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("vigil:region", m.regionId());
    parameters.put("vigil:issuedBy", m.operator());
    String id = key + ".1";
    CapAlert alert = message(id, id, at, Cap.MsgType.Alert, null, List.of(),
        infos(m.hazard(), m.level(), m.area(), at, m.description(), parameters));
    Chain c = new Chain(key, m.area(), m.hazard(), alert);
    c.level = m.level();
    c.parameters = parameters;
    c.description = m.description();
    chains.put(key, c);
    return alert;
  }

  /** Lifts the warning in force whose chain began with {@code incident}; empty when none is in force. */
  public Optional<CapAlert> lift(String incident, long nowMs, String reason) {
    for (Map.Entry<String, Chain> en : chains.entrySet()) {
      if (en.getValue().incident.equals(incident)) {
        chains.remove(en.getKey());
        return Optional.of(cancel(en.getValue(), CapTime.of(nowMs, policy.offset()), reason));
      }
    }
    return Optional.empty();
  }

  /** Updates for open warnings of which half the validity has passed, so none expires while it holds. */
  public List<CapAlert> renewalsDue(long nowMs) {
    List<CapAlert> out = new ArrayList<>();
    long half = policy.validity().toMillis() / 2;
    for (Chain c : chains.values()) {
      if (nowMs - c.latest.sent().toInstant().toEpochMilli() >= half) {
        out.add(update(c, CapTime.of(nowMs, policy.offset())));
      }
    }
    return out;
  }

  /** The latest message of every warning in force, newest first. */
  public List<CapAlert> inForce() {
    List<CapAlert> out = new ArrayList<>();
    chains.values().forEach(c -> out.add(c.latest));
    out.sort(Comparator.comparing(CapAlert::sent).reversed().thenComparing(CapAlert::identifier));
    return out;
  }

  private CapAlert update(Chain c, OffsetDateTime at) {
    c.count++;
    String id = c.base + "." + c.count;
    CapAlert u = message(id, c.incident, at, Cap.MsgType.Update, null, references(c),
        infos(c.hazard, c.level, c.area, at, c.description, c.parameters));
    c.latest = u;
    return u;
  }

  private CapAlert cancel(Chain c, OffsetDateTime at, String why) {
    c.count++;
    String id = c.base + "." + c.count;
    List<CapInfo> infos = new ArrayList<>();
    for (String lang : texts.languages()) {
      WarningTexts.Texts t = texts.texts(lang, c.hazard);
      String lifted = WarningTexts.fill(t.cancel(), c.area.description(), "");
      infos.add(new CapInfo(lang, List.of(c.hazard.category()), t.event(), List.of(Cap.ResponseType.AllClear),
          Cap.Urgency.Past, Cap.Severity.Minor, Cap.Certainty.Observed, null, at, null, policy.senderName(), lifted,
          null, lifted, policy.web(), null, List.of(c.area)));
    }
    return message(id, c.incident, at, Cap.MsgType.Cancel, why, references(c), infos);
  }

  private static List<CapAlert.Reference> references(Chain c) {
    CapAlert.Reference latest = c.latest.asReference();
    return latest.equals(c.first) ? List.of(c.first) : List.of(c.first, latest);
  }

  private CapAlert message(String id, String incident, OffsetDateTime at, Cap.MsgType type, String note,
      List<CapAlert.Reference> refs, List<CapInfo> infos) {
    return new CapAlert(id, policy.sender(), at, Cap.Status.Actual, type, Cap.Scope.Public, note, refs, incident,
        infos);
  }

  private List<CapInfo> infos(Hazard hazard, Level level, CapArea area, OffsetDateTime at, String description,
      Map<String, String> parameters) {
    List<CapInfo> infos = new ArrayList<>();
    OffsetDateTime expires = at.plus(policy.validity());
    boolean first = true;
    for (String lang : texts.languages()) {
      WarningTexts.Texts t = texts.texts(lang, hazard);
      String headline = WarningTexts.fill(t.headline(), area.description(), texts.levelWord(lang, level));
      infos.add(new CapInfo(lang, List.of(hazard.category()), t.event(), List.of(responseOf(level)),
          urgencyOf(level), severityOf(level), certaintyOf(level), Map.of("vigil:level", level.name()), at, expires,
          policy.senderName(), headline, first ? description : null, t.instructions().get(level), policy.web(),
          parameters, List.of(area)));
      first = false;
    }
    return infos;
  }

  private static Map<String, String> parameters(AlertEvent e) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("vigil:rule", e.rule());
    p.put("vigil:site", e.site());
    p.put("vigil:subject", e.subject());
    p.put("vigil:value", number(e.value()));
    p.put("vigil:threshold", number(e.threshold()));
    new TreeMap<>(e.details()).forEach((k, v) -> p.put("vigil:" + k, number(v)));
    if (e.forecastFailureAtMs() != null) {
      p.put("vigil:forecastFailureAt", java.time.Instant.ofEpochMilli(e.forecastFailureAtMs()).toString());
    }
    return p;
  }

  private static String number(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g", v) : "";
  }

  /** Red: go now. Orange: be ready. Yellow: watch. */
  static Cap.ResponseType responseOf(Level l) {
    return l == Level.RED ? Cap.ResponseType.Evacuate
        : l == Level.ORANGE ? Cap.ResponseType.Prepare : Cap.ResponseType.Monitor;
  }

  static Cap.Urgency urgencyOf(Level l) {
    return l == Level.RED ? Cap.Urgency.Immediate : l == Level.ORANGE ? Cap.Urgency.Expected : Cap.Urgency.Future;
  }

  static Cap.Severity severityOf(Level l) {
    return l == Level.RED ? Cap.Severity.Extreme : l == Level.ORANGE ? Cap.Severity.Severe : Cap.Severity.Moderate;
  }

  static Cap.Certainty certaintyOf(Level l) {
    return l == Level.YELLOW ? Cap.Certainty.Possible : Cap.Certainty.Likely;
  }
}
