package org.vigil.warning.cap;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.HealthAlerts;
import org.vigil.core.Level;

/**
 * Turns alert transitions into CAP 1.2 public warnings, one {@link WarningChain} per alert (or per warning issued by
 * hand). Stateless itself: each step takes the chain and returns the next one with the message it issues, so the
 * job can keep chains in keyed state and the console in a map ({@link WarningBook}).
 *
 * <p>Identifier scheme: the messages of an alert's chain are {@code <alertId>.<n>}, the alert id being the
 * deterministic id of the alert (rule, subject and opening time) and {@code n} counting the chain's messages from 1;
 * a warning issued by hand is {@code manual_<regionId>_<epochSeconds>.<n>}. A replay of the same transitions issues
 * the same identifiers. An incident's first message is an {@code Alert} and its identifier is the incident's
 * {@code <incidents>} value; a change of level while in force, or a renewal, is an {@code Update}; a resolution, a
 * fall below the public level or a lifting by hand is a {@code Cancel}. Updates and cancels reference the incident's
 * first message and its latest ({@code sender,identifier,sent}, CAP 1.2 section 3.2.1). An alert that rises to the
 * public level again after its warning was lifted starts a new incident with the chain's next number.
 */
public final class PublicWarnings {

  /**
   * A warning issued by an operator.
   *
   * @param regionId the region it is for (a token: no spaces or commas)
   * @param hazard what it is about
   * @param level yellow, orange or red
   * @param operator who issued it, for the record
   * @param description the operator's words on the situation (may be null)
   */
  public record Manual(String regionId, Hazard hazard, Level level, String operator, String description) {
    public Manual {
      CapAlert.requireToken(regionId, "region id");
      Objects.requireNonNull(hazard, "hazard");
      Objects.requireNonNull(operator, "operator");
      if (level.compareTo(Level.YELLOW) < 0) {
        throw new IllegalArgumentException("a manual warning is yellow, orange or red, not " + level);
      }
    }

    /** The key of its chain: {@code manual_<region>_<epochSeconds>}. */
    public String key(long nowMs) {
      return "manual_" + regionId + "_" + Math.floorDiv(nowMs, 1000);
    }
  }

  /**
   * One step of a chain.
   *
   * @param chain the chain after it; null when there is nothing left to remember (resolved, or never public)
   * @param message the message issued, or null
   */
  public record Step(WarningChain chain, CapAlert message) {}

  private final PublicWarningPolicy policy;
  private final WarningTexts texts;
  private final WarningAreas areas;

  public PublicWarnings(PublicWarningPolicy policy, WarningTexts texts, WarningAreas areas) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.texts = Objects.requireNonNull(texts, "texts");
    this.areas = Objects.requireNonNull(areas, "areas");
  }

  /** The step an alert transition makes; {@code chain} is the alert's chain so far, or null. */
  public Step onTransition(WarningChain chain, AlertEvent e) {
    if (e.state() == AlertState.ACKNOWLEDGED || e.state() == AlertState.REFERRED || HealthAlerts.isHealth(e)) {
      // None changes what the public is told: an acknowledgement, a referral up the command chain of an alert
      // nobody acknowledged (same level: no new Update, and never a new Alert), or an alert about the monitoring
      // network's own health (an ops matter, whatever its level).
      return new Step(chain, null);
    }
    long at = wholeSeconds(e.updatedAtMs());
    boolean resolved = e.state() == AlertState.RESOLVED;
    boolean publicNow = !resolved && policy.isPublic(e.level());
    if (chain == null || !chain.inForce) {
      if (!publicNow) {
        return new Step(resolved ? null : chain, null);
      }
      WarningChain c = chain == null ? new WarningChain() : chain;
      c.base = e.id();
      c.site = e.site();
      c.hazard = Hazard.ofSubject(e.subject()).name();
      remember(c, e.level(), e.message(), parameters(e));
      return new Step(c, start(c, at));
    }
    if (!publicNow) {
      String why = resolved ? "the alert is resolved: " + e.message()
          : "the alert fell to " + e.level().name().toLowerCase(Locale.ROOT) + ", below the public warning level";
      CapAlert cancel = cancel(chain, at, why);
      return new Step(resolved ? null : chain, cancel);
    }
    if (e.level().name().equals(chain.level)) {
      return new Step(chain, null);
    }
    remember(chain, e.level(), e.message(), parameters(e));
    return new Step(chain, next(chain, at, Cap.MsgType.Update, null));
  }

  /** A warning issued by hand: a new chain and its first message. */
  public Step issue(Manual m, long nowMs) {
    WarningChain c = new WarningChain();
    c.base = m.key(nowMs);
    c.region = m.regionId();
    c.hazard = m.hazard().name();
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("vigil:region", m.regionId());
    parameters.put("vigil:issuedBy", m.operator());
    remember(c, m.level(), m.description(), parameters);
    return new Step(c, start(c, wholeSeconds(nowMs)));
  }

  /** Lifts a warning in force by hand; the chain is then forgotten. */
  public Step lift(WarningChain chain, long nowMs, String reason) {
    if (chain == null || !chain.inForce) {
      return new Step(chain, null);
    }
    return new Step(null, cancel(chain, wholeSeconds(nowMs), reason));
  }

  /** An update re-issuing a warning in force when half its validity has passed, so it never expires while it holds. */
  public Step renew(WarningChain chain, long nowMs) {
    if (chain == null || !chain.inForce || nowMs < renewalDueMs(chain)) {
      return new Step(chain, null);
    }
    return new Step(chain, next(chain, wholeSeconds(nowMs), Cap.MsgType.Update, null));
  }

  /** When a chain in force is due for renewal (epoch ms). */
  public long renewalDueMs(WarningChain chain) {
    return chain.latestSentMs + policy.validity().toMillis() / 2;
  }

  /** Starts an incident: the chain's next identifier is its first message, an {@code Alert}. */
  private CapAlert start(WarningChain c, long at) {
    c.inForce = true;
    c.count++;
    c.firstId = c.base + "." + c.count;
    c.firstSentMs = at;
    return issued(c, at, Cap.MsgType.Alert, null, infos(c, at));
  }

  private CapAlert next(WarningChain c, long at, Cap.MsgType type, String note) {
    c.count++;
    return issued(c, at, type, note, infos(c, at));
  }

  private CapAlert cancel(WarningChain c, long at, String why) {
    c.count++;
    c.inForce = false;
    Hazard hazard = Hazard.valueOf(c.hazard);
    CapArea area = area(c);
    OffsetDateTime t = time(at);
    List<CapInfo> infos = new ArrayList<>();
    for (String lang : texts.languages()) {
      WarningTexts.Texts tx = texts.texts(lang, hazard);
      String lifted = WarningTexts.fill(tx.cancel(), area.description(), "");
      infos.add(new CapInfo(lang, List.of(hazard.category()), tx.event(), List.of(Cap.ResponseType.AllClear),
          Cap.Urgency.Past, Cap.Severity.Minor, Cap.Certainty.Observed, null, t, null, policy.senderName(), lifted,
          null, lifted, policy.web(), null, List.of(area)));
    }
    return issued(c, at, Cap.MsgType.Cancel, why, infos);
  }

  private CapAlert issued(WarningChain c, long at, Cap.MsgType type, String note, List<CapInfo> infos) {
    String id = c.base + "." + c.count;
    List<CapAlert.Reference> refs = new ArrayList<>();
    if (type != Cap.MsgType.Alert) {
      refs.add(new CapAlert.Reference(policy.sender(), c.firstId, time(c.firstSentMs)));
      if (!c.latestId.equals(c.firstId)) {
        refs.add(new CapAlert.Reference(policy.sender(), c.latestId, time(c.latestSentMs)));
      }
    }
    c.latestId = id;
    c.latestSentMs = at;
    return new CapAlert(id, policy.sender(), time(at), Cap.Status.Actual, type, Cap.Scope.Public, note, refs,
        c.firstId, infos);
  }

  private List<CapInfo> infos(WarningChain c, long at) {
    Hazard hazard = Hazard.valueOf(c.hazard);
    Level level = Level.valueOf(c.level);
    CapArea area = area(c);
    OffsetDateTime t = time(at);
    Map<String, String> parameters = new LinkedHashMap<>();
    for (int i = 0; i < c.parameterNames.length; i++) {
      parameters.put(c.parameterNames[i], c.parameterValues[i]);
    }
    List<CapInfo> infos = new ArrayList<>();
    boolean first = true;
    for (String lang : texts.languages()) {
      WarningTexts.Texts tx = texts.texts(lang, hazard);
      String headline = WarningTexts.fill(tx.headline(), area.description(), texts.levelWord(lang, level));
      infos.add(new CapInfo(lang, List.of(hazard.category()), tx.event(), List.of(responseOf(level)),
          urgencyOf(level), severityOf(level), certaintyOf(level), Map.of("vigil:level", level.name()), t,
          t.plus(policy.validity()), policy.senderName(), headline, first ? c.description : null,
          tx.instructions().get(level), policy.web(), parameters, List.of(area)));
      first = false;
    }
    return infos;
  }

  private CapArea area(WarningChain c) {
    return c.region != null ? areas.region(c.region) : areas.site(c.site);
  }

  private OffsetDateTime time(long epochMs) {
    return CapTime.of(epochMs, policy.offset());
  }

  private static long wholeSeconds(long ms) {
    return Math.floorDiv(ms, 1000) * 1000;
  }

  private static void remember(WarningChain c, Level level, String description, Map<String, String> parameters) {
    c.level = level.name();
    c.description = description;
    c.parameterNames = parameters.keySet().toArray(new String[0]);
    c.parameterValues = parameters.values().toArray(new String[0]);
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
