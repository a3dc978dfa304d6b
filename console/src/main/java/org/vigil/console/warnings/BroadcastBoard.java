package org.vigil.console.warnings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The loudspeaker coverage of each incident's broadcast, from the retained topics {@code vigil/broadcast/<incident>}
 * (JSON, written by the job). A message is taken only when it keeps the contract: it names the incident of its topic,
 * its message type and level are of their closed sets, region and loudspeaker ids are ids, every count is a whole
 * number from 0 up, the confirmed, pending and given-up loudspeakers are no more than the targets (overall and per
 * region), the regions' targets add up to no more than the total, at most {@link #MAX_FAILURES} failures, a time.
 * Anything else (forged, broken, too large) is dropped and counted ({@link #refused()}), as the warning board does
 * for CAP. An older message (by {@code updatedAtMs}) does not replace a newer one.
 */
public final class BroadcastBoard {

  /** Largest message taken. */
  public static final int MAX_BYTES = 256 * 1024;
  /** Most incidents remembered. */
  public static final int MAX_INCIDENTS = 10_000;
  /** Most failures a message lists (the contract's). */
  public static final int MAX_FAILURES = 50;
  /** Most regions a message names. */
  public static final int MAX_REGIONS = 5_000;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
  private static final Set<String> MSG_TYPES = Set.of("Alert", "Update", "Cancel");
  private static final Set<String> LEVELS = Set.of("yellow", "orange", "red");

  /** Counts of loudspeakers. */
  public record Counts(long targets, long confirmed, long pending, long gaveUp) {}

  /** One loudspeaker's last failure. */
  public record Failure(String loudspeaker, String region, String reason) {}

  /** An incident's coverage, as the job last published it. */
  public record Coverage(String incident, String identifier, String msgType, String level, List<String> regions,
      long targets, long confirmed, long pending, long gaveUp, long superseded, Map<String, Counts> byRegion,
      List<Failure> failures, long updatedAtMs) {}

  private final Map<String, Coverage> byIncident = new ConcurrentHashMap<>();
  private final AtomicLong refused = new AtomicLong();

  /**
   * A message from {@code vigil/broadcast/<incident>}; an empty payload (a cleared retained topic) forgets it and
   * returns null. Throws {@link IllegalArgumentException} (and counts it) for a message that breaks the contract.
   */
  public Coverage onMessage(String incident, byte[] payload) {
    if (payload.length == 0) {
      return byIncident.remove(incident);
    }
    try {
      if (payload.length > MAX_BYTES) {
        throw new IllegalArgumentException(payload.length + " bytes, above " + MAX_BYTES);
      }
      JsonNode n;
      try {
        n = JSON.readTree(payload);
      } catch (IOException e) {
        throw new IllegalArgumentException("not JSON");
      }
      Coverage c = parse(incident, n);
      if (!byIncident.containsKey(incident) && byIncident.size() >= MAX_INCIDENTS) {
        throw new IllegalArgumentException("already " + MAX_INCIDENTS + " incidents known");
      }
      byIncident.merge(incident, c, (old, now) -> now.updatedAtMs() < old.updatedAtMs() ? old : now);
      return c;
    } catch (IllegalArgumentException e) {
      refused.incrementAndGet();
      throw new IllegalArgumentException("broadcast coverage of incident " + incident + " refused: " + e.getMessage(),
          e);
    }
  }

  static Coverage parse(String incident, JsonNode n) {
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    if (!ID.matcher(incident).matches()) {
      throw new IllegalArgumentException("the topic's incident is not an id");
    }
    if (!incident.equals(text(n, "incident"))) {
      throw new IllegalArgumentException("the message names incident '" + cut(n.path("incident").asText()) + "'");
    }
    String identifier = id(n, "identifier");
    String msgType = text(n, "msgType");
    if (!MSG_TYPES.contains(msgType)) {
      throw new IllegalArgumentException("msgType must be one of " + MSG_TYPES);
    }
    String level = text(n, "level");
    if (!LEVELS.contains(level)) {
      throw new IllegalArgumentException("level must be one of " + LEVELS);
    }
    JsonNode rs = n.get("regions");
    if (rs == null || !rs.isArray() || rs.size() > MAX_REGIONS) {
      throw new IllegalArgumentException("regions must be a list of at most " + MAX_REGIONS + " region ids");
    }
    List<String> regions = new ArrayList<>();
    for (JsonNode r : rs) {
      if (!r.isTextual() || !ID.matcher(r.asText()).matches()) {
        throw new IllegalArgumentException("regions holds something that is not a region id");
      }
      regions.add(r.asText());
    }
    long targets = count(n, "targets");
    long confirmed = count(n, "confirmed");
    long pending = count(n, "pending");
    long gaveUp = count(n, "gaveUp");
    long superseded = count(n, "superseded");
    if (confirmed + pending + gaveUp > targets) {
      throw new IllegalArgumentException("confirmed + pending + gaveUp (" + (confirmed + pending + gaveUp)
          + ") exceed the targets (" + targets + ")");
    }
    JsonNode br = n.get("byRegion");
    if (br == null || !br.isObject() || br.size() > MAX_REGIONS) {
      throw new IllegalArgumentException("byRegion must be an object of at most " + MAX_REGIONS + " regions");
    }
    Map<String, Counts> byRegion = new LinkedHashMap<>();
    long regionTargets = 0;
    for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) br::fields) {
      if (!ID.matcher(e.getKey()).matches()) {
        throw new IllegalArgumentException("byRegion names something that is not a region id");
      }
      JsonNode c = e.getValue();
      if (!c.isObject()) {
        throw new IllegalArgumentException("byRegion." + e.getKey() + " must be an object");
      }
      Counts k = new Counts(count(c, "targets"), count(c, "confirmed"), count(c, "pending"), count(c, "gaveUp"));
      if (k.confirmed() + k.pending() + k.gaveUp() > k.targets()) {
        throw new IllegalArgumentException("byRegion." + e.getKey() + ": confirmed + pending + gaveUp exceed targets");
      }
      regionTargets += k.targets();
      byRegion.put(e.getKey(), k);
    }
    if (regionTargets > targets) {
      throw new IllegalArgumentException("the regions' targets (" + regionTargets + ") exceed the total (" + targets
          + ")");
    }
    JsonNode fs = n.path("failures");
    if (!fs.isMissingNode() && (!fs.isArray() || fs.size() > MAX_FAILURES)) {
      throw new IllegalArgumentException("failures must be a list of at most " + MAX_FAILURES);
    }
    List<Failure> failures = new ArrayList<>();
    for (JsonNode f : fs) {
      String reason = f.path("reason").asText("");
      if (!f.path("reason").isTextual() || reason.length() > 500) {
        throw new IllegalArgumentException("a failure's reason must be a text of at most 500 characters");
      }
      failures.add(new Failure(id(f, "loudspeaker"), id(f, "region"), reason));
    }
    JsonNode at = n.get("updatedAtMs");
    if (at == null || !at.canConvertToLong() || !at.isIntegralNumber() || at.asLong() < 0) {
      throw new IllegalArgumentException("updatedAtMs must be epoch milliseconds");
    }
    return new Coverage(incident, identifier, msgType, level, List.copyOf(regions), targets, confirmed, pending,
        gaveUp, superseded, byRegion, List.copyOf(failures), at.asLong());
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("'" + field + "' must be a text");
    }
    return v.asText();
  }

  private static String id(JsonNode n, String field) {
    String v = text(n, field);
    if (!ID.matcher(v).matches()) {
      throw new IllegalArgumentException("'" + field + "' is not an id");
    }
    return v;
  }

  private static long count(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0 || v.asLong() > 10_000_000) {
      throw new IllegalArgumentException("'" + field + "' must be a whole number from 0 to 10,000,000");
    }
    return v.asLong();
  }

  private static String cut(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }

  /** Every incident's coverage, newest first. */
  public List<Coverage> all() {
    List<Coverage> out = new ArrayList<>(byIncident.values());
    out.sort(Comparator.comparingLong(Coverage::updatedAtMs).reversed().thenComparing(Coverage::incident));
    return out;
  }

  public Optional<Coverage> incident(String incident) {
    return Optional.ofNullable(byIncident.get(incident));
  }

  /** Messages refused (forged, broken, too large). */
  public long refused() {
    return refused.get();
  }

  /**
   * The part of a coverage a user sees, as JSON: the whole of it when {@code whole}; otherwise only the regions
   * {@code covers} lets through, with totals summed over them, and their failures.
   */
  public static ObjectNode view(Coverage c, boolean whole, Predicate<String> covers) {
    ObjectNode n = JSON.createObjectNode();
    n.put("incident", c.incident()).put("identifier", c.identifier()).put("msgType", c.msgType())
        .put("level", c.level());
    ArrayNode regions = n.putArray("regions");
    Collection<String> shown = whole ? c.regions() : c.regions().stream().filter(covers).toList();
    shown.forEach(regions::add);
    ObjectNode by = n.putObject("byRegion");
    long t = 0;
    long ok = 0;
    long pend = 0;
    long gave = 0;
    for (Map.Entry<String, Counts> e : c.byRegion().entrySet()) {
      if (whole || covers.test(e.getKey())) {
        Counts k = e.getValue();
        by.putObject(e.getKey()).put("targets", k.targets()).put("confirmed", k.confirmed())
            .put("pending", k.pending()).put("gaveUp", k.gaveUp());
        t += k.targets();
        ok += k.confirmed();
        pend += k.pending();
        gave += k.gaveUp();
      }
    }
    if (whole) {
      n.put("targets", c.targets()).put("confirmed", c.confirmed()).put("pending", c.pending())
          .put("gaveUp", c.gaveUp()).put("superseded", c.superseded());
    } else {
      n.put("targets", t).put("confirmed", ok).put("pending", pend).put("gaveUp", gave);
    }
    ArrayNode fs = n.putArray("failures");
    for (Failure f : c.failures()) {
      if (whole || covers.test(f.region())) {
        fs.addObject().put("loudspeaker", f.loudspeaker()).put("region", f.region()).put("reason", f.reason());
      }
    }
    n.put("updatedAtMs", c.updatedAtMs());
    n.put("scope", whole ? "all" : "region");
    return n;
  }
}
