package org.vigil.console.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.vigil.core.Globs;
import org.vigil.console.modes.ModeBoard;
import org.vigil.console.warnings.BroadcastBoard;
import org.slf4j.Logger;
import org.vigil.console.warnings.WarningBoard;
import org.slf4j.LoggerFactory;
import org.vigil.decode.DecodeException;
import org.vigil.decode.DecoderOptions;
import org.vigil.decode.FrameDecoder;
import org.vigil.core.Frame;
import org.vigil.console.security.FeedData;
import org.vigil.core.topics.Topics;

/**
 * What the console knows now, built from the MQTT feeds ({@link #onMessage}) and pushed to browsers through the
 * {@link EventHub}: each site's risk, each sensor's newest reading, each camera's newest detections and frame, the
 * recent alert transitions and the newest transition of each alert, the rules and their status, the job's answers to
 * acknowledgements and the silences. Readings are not pushed one by one: {@link #flushReadings()} (called every
 * second) sends one {@code readings} event with the sensors that changed since the last call.
 */
public final class LiveState {

  private static final Logger LOG = LoggerFactory.getLogger(LiveState.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Alert transitions kept for the feed. */
  public static final int RECENT_ALERTS = 1000;

  private final EventHub hub;
  private final WarningBoard warnings = new WarningBoard();
  private final BroadcastBoard broadcasts = new BroadcastBoard();
  private final ModeBoard modes;
  private final FrameDecoder frames = new FrameDecoder(DecoderOptions.defaults(Set.of()));
  private final Set<String> sites = new TreeSet<>();
  private final Set<String> registered = new HashSet<>();
  private final Set<String> learned = new HashSet<>();
  private final Map<String, JsonNode> risks = new ConcurrentHashMap<>();
  private final Map<String, ObjectNode> sensors = new ConcurrentHashMap<>();
  private final Set<String> changedSensors = ConcurrentHashMap.newKeySet();
  private final Map<String, JsonNode> detections = new ConcurrentHashMap<>();
  private final Map<String, Frame> latestFrames = new ConcurrentHashMap<>();
  private final Deque<JsonNode> recentAlerts = new ArrayDeque<>();
  private final LinkedHashMap<String, JsonNode> alertsById = new LinkedHashMap<>();
  private final Map<String, JsonNode> acks = new ConcurrentHashMap<>();
  private final Map<String, String> ackSites = new ConcurrentHashMap<>();
  private final Map<String, JsonNode> silences = new ConcurrentHashMap<>();
  private final AtomicLong messages = new AtomicLong();
  private final AtomicLong badMessages = new AtomicLong();
  private volatile JsonNode rulesStatus;
  private volatile String rulesYaml;
  private volatile long rulesVersion = -1;
  private volatile String rulesAuthor = "";

  /** The loudspeaker coverage of each incident (vigil/broadcast/+). */
  public BroadcastBoard broadcasts() {
    return broadcasts;
  }

  /** The regions' command modes (vigil/mode/+). */
  public ModeBoard modes() {
    return modes;
  }

  /** The public warnings known (vigil/warnings/+). */
  public WarningBoard warnings() {
    return warnings;
  }

  public LiveState(EventHub hub, Collection<String> configuredSites) {
    this.hub = hub;
    this.modes = new ModeBoard((region, json) -> hub.publish("mode", region, json, null, List.of(region)));
    sites.addAll(configuredSites);
  }

  /** Most sensors and sites kept: a forged flood of new ids cannot grow the console without bound. */
  public static final int MAX_SENSORS = 100_000;

  /**
   * Most sites kept that the registry does not list (learned from topics and payloads): a forged flood of site ids
   * cannot grow the console without bound, while every registered site is always kept, however large the county.
   */
  public static final int MAX_SITES = 1_000;

  /**
   * Takes one MQTT message; never throws (a bad payload is counted and logged at DEBUG). Every message is read as
   * {@link FeedData} allows: ids from topics as ids, closed sets for levels and states, bounded sizes; one that breaks
   * a rule is not kept.
   */
  public void onMessage(String topic, byte[] payload) {
    messages.incrementAndGet();
    String[] t = topic.split("/", -1);
    try {
      if (t.length == 3 && t[1].equals("warnings")) {
        // Public warnings: vigil/warnings/<incident>, CAP 1.2 XML (checked against the schema by the board).
        warnings.onMessage(t[2], payload);
        hub.publish("warnings", t[2], "{}");
        return;
      }
      if (t.length == 3 && t[1].equals("mode")) {
        // A region's command mode: vigil/mode/<region>, retained JSON (empty: the region inherits); the board tells
        // the region's users and those of the regions below whose effective mode changed.
        modes.onMessage(t[2], payload);
        return;
      }
      if (t.length == 3 && t[1].equals("broadcast")) {
        // Loudspeaker coverage: vigil/broadcast/<incident>, JSON (checked by the board); only its regions' users
        // hear of it, and they read their part from /api/broadcasts.
        BroadcastBoard.Coverage c = broadcasts.onMessage(t[2], payload);
        hub.publish("broadcast", t[2], JSON.createObjectNode().put("incident", t[2]).toString(), null,
            c == null ? List.of() : c.regions());
        return;
      }
      boolean frame = t.length == 5 && t[2].equals("camera") && t[4].equals("frame");
      // Rulesets: vigil/config/rules/<identity> (retained per MQTT identity) or the old vigil/config/rules.
      boolean rules = topic.equals(Topics.RULES) || (t.length == 4 && topic.startsWith(Topics.RULES + "/")
          && !t[3].equals("status"));
      boolean detectionsTopic = t.length == 5 && t[2].equals("camera") && t[4].equals("detections");
      if (!frame && !rules && payload.length > (detectionsTopic ? FeedData.MAX_DETECTIONS_BYTES
          : FeedData.MAX_MESSAGE_BYTES)) {
        throw new IllegalArgumentException("message of " + payload.length + " bytes");
      }
      if (t.length >= 2 && !t[1].equals("config") && !FeedData.isId(t[1])) {
        throw new IllegalArgumentException("site '" + t[1] + "' is not an id");
      }
      if (rules) {
        // The newest version is the one in force (an older one may stay retained under another identity).
        String yaml = new String(payload, StandardCharsets.UTF_8);
        long version = rulesetVersion(yaml);
        if (!yaml.isEmpty() && version >= rulesVersion) {
          rulesVersion = version;
          rulesYaml = yaml;
          rulesAuthor = t.length == 4 ? t[3] : "";
          hub.publish("rules", "rules", "{}");
        }
      } else if (topic.equals(Topics.status(Topics.RULES))) {
        rulesStatus = FeedData.bounded(JSON.readTree(payload));
        hub.publish("rules-status", "status", rulesStatus.toString());
      } else if ((t.length == 4 || t.length == 5) && topic.startsWith(Topics.SILENCES + "/")) {
        // vigil/config/silences/<identity>/<id> (the MQTT identity that set it), or the old .../<id>
        String id = t[t.length - 1];
        if (!id.matches("[A-Za-z0-9_.-]{1,64}") || (t.length == 5 && !t[3].matches("[A-Za-z0-9_.@-]{1,64}"))) {
          throw new IllegalArgumentException("silence id or identity is not an id");
        }
        onSilence(id, t.length == 5 ? t[3] : "", payload);
      } else if (t.length == 3 && t[2].equals("risk")) {
        JsonNode n = FeedData.risk(JSON.readTree(payload));
        if (addSite(t[1])) { // a flood of forged sites' risks is not kept beyond the limit either
          risks.put(t[1], n);
          hub.publishSite("risk", t[1], n.toString(), t[1]);
        }
      } else if (t.length == 4 && t[2].equals("alerts")) {
        onAlert(JSON.readTree(payload));
      } else if (t.length == 3 && t[2].equals("acks")) {
        JsonNode n = FeedData.ack(JSON.readTree(payload));
        if (acks.size() >= 2 * RECENT_ALERTS) {
          acks.clear(); // answers to acks matter for a moment; a flood of them must not grow the console
          ackSites.clear();
        }
        ackSites.put(n.path("alertId").asText(), t[1]);
        acks.put(n.path("alertId").asText(), n);
        hub.publishSite("ack", null, n.toString(), t[1]);
      } else if (t.length == 5 && t[2].equals("camera") && t[4].equals("detections")) {
        if (!FeedData.isId(t[3])) {
          throw new IllegalArgumentException("camera is not an id");
        }
        JsonNode n = FeedData.detections(JSON.readTree(payload));
        addSite(t[1]);
        detections.put(t[1] + "/" + t[3], n);
        hub.publishSite("detections", t[1] + "/" + t[3], n.toString(), t[1]);
      } else if (t.length == 5 && t[2].equals("camera") && t[4].equals("frame")) {
        onFrame(topic, payload);
      } else if (t.length == 5 && t[4].equals("data")) {
        if (!FeedData.isId(t[2]) || !FeedData.isId(t[3])) {
          throw new IllegalArgumentException("kind or sensor is not an id");
        }
        onReading(t[1], t[2], t[3], payload);
      }
    } catch (Exception e) {
      badMessages.incrementAndGet();
      LOG.debug("ignored a message on {} the console cannot read: {}", topic, e.toString());
    }
  }

  private void onSilence(String id, String author, byte[] payload) throws Exception {
    ObjectNode out = JSON.createObjectNode();
    out.put("id", id);
    if (payload.length == 0) {
      silences.remove(id);
      out.put("deleted", true);
    } else {
      JsonNode n = FeedData.silence(JSON.readTree(payload));
      if (!author.isEmpty() && n instanceof ObjectNode o) {
        o.put("author", author);
      }
      if (!silences.containsKey(id) && silences.size() >= 10 * RECENT_ALERTS) {
        throw new IllegalArgumentException("more than " + 10 * RECENT_ALERTS + " silences");
      }
      silences.put(id, n);
      out.set("silence", n);
    }
    hub.publish("silence", id, out.toString());
  }

  private void onAlert(JsonNode n) {
    JsonNode a = FeedData.alert(n.has("data") ? n.get("data") : n);
    String id = a.path("id").asText();
    addSite(a.path("site").asText());
    synchronized (recentAlerts) {
      recentAlerts.addFirst(a);
      while (recentAlerts.size() > RECENT_ALERTS) {
        recentAlerts.removeLast();
      }
      alertsById.remove(id);
      alertsById.put(id, a);
      while (alertsById.size() > 2 * RECENT_ALERTS) {
        alertsById.remove(alertsById.keySet().iterator().next());
      }
    }
    hub.publishSite("alert", null, a.toString(), a.path("site").asText());
  }

  private void onFrame(String topic, byte[] payload) {
    try {
      Frame f = frames.decode(topic, payload, System.currentTimeMillis());
      addSite(f.site());
      latestFrames.put(f.site() + "/" + f.cameraId(), f);
      ObjectNode n = JSON.createObjectNode().put("site", f.site()).put("camera", f.cameraId())
          .put("tsMs", f.captureTsMs()).put("seq", f.seq());
      hub.publishSite("frame", f.site() + "/" + f.cameraId(), n.toString(), f.site());
    } catch (DecodeException e) {
      badMessages.incrementAndGet();
      LOG.debug("frame on {} not shown: {}", topic, e.getMessage());
    }
  }

  private void onReading(String site, String kind, String sensor, byte[] payload) throws Exception {
    JsonNode n = JSON.readTree(payload);
    ObjectNode r = JSON.createObjectNode();
    String subject = site + "/" + kind + "/" + sensor;
    r.put("subject", subject).put("site", site).put("kind", kind).put("sensor", sensor);
    r.set("ts", FeedData.time(n.get("ts")));
    r.set("values", FeedData.values(n.path("values")));
    if (!sensors.containsKey(subject) && sensors.size() >= MAX_SENSORS) {
      throw new IllegalArgumentException("more than " + MAX_SENSORS + " sensors");
    }
    addSite(site);
    sensors.put(subject, r);
    changedSensors.add(subject);
  }

  /** Sends the sensors that changed since the last call as one {@code readings} event; returns how many. */
  public int flushReadings() {
    if (changedSensors.isEmpty()) {
      return 0;
    }
    ArrayNode batch = JSON.createArrayNode();
    for (String s : new ArrayList<>(changedSensors)) {
      changedSensors.remove(s);
      ObjectNode r = sensors.get(s);
      if (r != null) {
        batch.add(r);
      }
    }
    hub.publish("readings", null, batch.toString());
    return batch.size();
  }

  private final Map<String, Deque<JsonNode>> comments = new LinkedHashMap<>();

  /** Keeps a comment on an alert (the newest 20 per alert, of at most 2,000 alerts) and sends it to its site's users. */
  public void addComment(ObjectNode c) {
    String id = c.path("alertId").asText();
    synchronized (comments) {
      Deque<JsonNode> l = comments.computeIfAbsent(id, k -> new ArrayDeque<>());
      l.addFirst(c);
      while (l.size() > 20) {
        l.removeLast();
      }
      while (comments.size() > 2 * RECENT_ALERTS) {
        comments.remove(comments.keySet().iterator().next());
      }
    }
    hub.publishSite("comment", null, c.toString(), c.path("site").asText());
  }

  /**
   * Takes back comments kept from before this start (newest first or in any order): each alert's comments merged with
   * those taken since, newest first, at most 20 per alert; not sent to the browsers (they ask when they show an
   * alert). Of more than 2,000 alerts, those with the newest comments are kept.
   */
  public void restoreComments(List<? extends JsonNode> stored) {
    Map<String, List<JsonNode>> byAlert = new LinkedHashMap<>();
    for (JsonNode c : stored) {
      byAlert.computeIfAbsent(c.path("alertId").asText(), k -> new ArrayList<>()).add(c);
    }
    synchronized (comments) {
      List<Map.Entry<String, List<JsonNode>>> merged = new ArrayList<>();
      for (Map.Entry<String, List<JsonNode>> e : byAlert.entrySet()) {
        List<JsonNode> all = new ArrayList<>(e.getValue());
        Deque<JsonNode> now = comments.remove(e.getKey());
        if (now != null) {
          for (JsonNode c : now) {
            if (all.stream().noneMatch(x -> sameComment(x, c))) {
              all.add(c);
            }
          }
        }
        all.sort(Comparator.comparing(LiveState::commentTime).reversed());
        merged.add(Map.entry(e.getKey(), all.subList(0, Math.min(20, all.size()))));
      }
      merged.sort(Comparator.comparing(e -> commentTime(e.getValue().get(0))));
      Map<String, Deque<JsonNode>> newer = new LinkedHashMap<>(comments);
      comments.clear();
      for (Map.Entry<String, List<JsonNode>> e : merged) {
        comments.put(e.getKey(), new ArrayDeque<>(e.getValue()));
      }
      comments.putAll(newer); // commented on since the start: the newest
      while (comments.size() > 2 * RECENT_ALERTS) {
        comments.remove(comments.keySet().iterator().next());
      }
    }
  }

  private static boolean sameComment(JsonNode a, JsonNode b) {
    return a.path("at").asText().equals(b.path("at").asText()) && a.path("by").asText().equals(b.path("by").asText())
        && a.path("comment").asText().equals(b.path("comment").asText());
  }

  private static Instant commentTime(JsonNode c) {
    try {
      return Instant.parse(c.path("at").asText());
    } catch (java.time.format.DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }

  /** The comments on an alert, newest first. */
  public List<JsonNode> comments(String alertId) {
    synchronized (comments) {
      Deque<JsonNode> l = comments.get(alertId);
      return l == null ? List.of() : List.copyOf(l);
    }
  }

  /** Adds the registry's sites to those shown: all of them (the registry is the county's own, bounded file). */
  public void addSites(Collection<String> fromRegistry) {
    synchronized (sites) {
      for (String site : fromRegistry) {
        if (FeedData.isId(site) && registered.add(site)) {
          sites.add(site);
          learned.remove(site); // known from the feed first: it no longer counts against the limit
        }
      }
    }
  }

  /**
   * A site named by a message: kept while fewer than {@link #MAX_SITES} unregistered sites are; true when the site
   * is kept (now or before).
   */
  private boolean addSite(String site) {
    if (!FeedData.isId(site)) {
      return false;
    }
    synchronized (sites) {
      if (sites.contains(site)) {
        return true;
      }
      if (learned.size() >= MAX_SITES) {
        return false;
      }
      sites.add(site);
      learned.add(site);
      return true;
    }
  }

  /** Everything a browser needs to draw the console before the event stream takes over. */
  public ObjectNode snapshot() {
    return snapshot(site -> true);
  }

  /** The snapshot of the sites a user answers for ({@code sees}: duty by region). */
  public ObjectNode snapshot(Predicate<String> sees) {
    ObjectNode n = JSON.createObjectNode();
    n.put("lastEventId", hub.lastId());
    ArrayNode s = n.putArray("sites");
    synchronized (sites) {
      sites.stream().filter(sees).forEach(s::add);
    }
    ObjectNode r = n.putObject("risks");
    risks.forEach((k, v) -> {
      if (sees.test(k)) {
        r.set(k, v);
      }
    });
    ArrayNode sens = n.putArray("sensors");
    sensors.values().stream().filter(x -> sees.test(x.path("site").asText())).forEach(sens::add);
    ObjectNode det = n.putObject("detections");
    detections.forEach((k, v) -> {
      if (sees.test(k.substring(0, k.indexOf('/')))) {
        det.set(k, v);
      }
    });
    ArrayNode al = n.putArray("alerts");
    alerts(null, null, null, 300, sees).forEach(al::add);
    ObjectNode latest = n.putObject("alertStates");
    synchronized (recentAlerts) {
      alertsById.forEach((k, v) -> {
        if (sees.test(v.path("site").asText())) {
          latest.set(k, v);
        }
      });
    }
    ObjectNode ak = n.putObject("acks");
    acks.forEach((k, v) -> {
      String site = ackSites.get(k);
      if (site != null && sees.test(site)) {
        ak.set(k, v);
      }
    });
    ObjectNode sil = n.putObject("silences");
    silences.forEach((k, v) -> {
      if (silenceConcerns(v, sees)) {
        sil.set(k, v);
      }
    });
    if (rulesStatus != null) {
      n.set("rulesStatus", rulesStatus);
    }
    return n;
  }

  /** Recent alert transitions, newest first, filtered by site, level and state (null: any). */
  public List<JsonNode> alerts(String site, String level, String state, int limit) {
    return alerts(site, level, state, limit, x -> true);
  }

  /** Recent alert transitions of the sites {@code sees} lets through, newest first, filtered as above. */
  public List<JsonNode> alerts(String site, String level, String state, int limit, Predicate<String> sees) {
    List<JsonNode> out = new ArrayList<>();
    synchronized (recentAlerts) {
      for (JsonNode a : recentAlerts) {
        if ((site == null || site.equals(a.path("site").asText())) && sees.test(a.path("site").asText())
            && (level == null || level.equals(a.path("level").asText())
                || level.equals(a.path("previousLevel").asText()) && "none".equals(a.path("level").asText()))
            && (state == null || state.equals(a.path("state").asText()))) {
          out.add(a);
          if (out.size() >= limit) {
            break;
          }
        }
      }
    }
    return out;
  }

  /** The newest transition of an alert. */
  public Optional<JsonNode> alert(String id) {
    synchronized (recentAlerts) {
      return Optional.ofNullable(alertsById.get(id));
    }
  }

  public Optional<Frame> frame(String site, String camera) {
    return Optional.ofNullable(latestFrames.get(site + "/" + camera));
  }

  public Optional<JsonNode> detections(String site, String camera) {
    return Optional.ofNullable(detections.get(site + "/" + camera));
  }

  public Map<String, JsonNode> silences() {
    return Map.copyOf(silences);
  }

  /**
   * Whether a silence concerns a user who sees the sites {@code sees} lets through: it names no sites (it matches
   * every site), or one of its site globs matches a site the console knows that the user sees.
   */
  public boolean silenceConcerns(JsonNode silence, Predicate<String> sees) {
    JsonNode globs = silence.path("sites");
    if (!globs.isArray() || globs.isEmpty()) {
      return true;
    }
    Set<String> known = sites();
    for (JsonNode g : globs) {
      for (String site : known) {
        if (sees.test(site) && Globs.matches(g.asText(), site)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The retained ruleset as published, or null when none is retained. */
  public String rulesYaml() {
    return rulesYaml;
  }

  /** The MQTT identity whose retained ruleset is shown ({@code ""} for the old topic without one). */
  public String rulesAuthor() {
    return rulesAuthor;
  }

  /** The top-level {@code version:} of a ruleset's YAML, or 0 without one. */
  static long rulesetVersion(String yaml) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^version:\\s*(\\d{1,18})\\s*(#.*)?$").matcher(yaml);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  public JsonNode rulesStatus() {
    return rulesStatus;
  }

  public Set<String> sites() {
    synchronized (sites) {
      return Set.copyOf(sites);
    }
  }

  public int sensorCount() {
    return sensors.size();
  }

  public long messages() {
    return messages.get();
  }

  public long badMessages() {
    return badMessages.get();
  }
}
