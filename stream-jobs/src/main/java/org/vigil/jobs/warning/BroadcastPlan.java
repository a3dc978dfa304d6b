package org.vigil.jobs.warning;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.vigil.core.Level;
import org.vigil.registry.Region;
import org.vigil.registry.Registry;
import org.vigil.warning.broadcast.BroadcastPolicy;
import org.vigil.warning.broadcast.Delivery;
import org.vigil.warning.broadcast.Loudspeaker;
import org.vigil.warning.broadcast.RegionTree;
import org.vigil.warning.broadcast.VoiceTemplate;

/**
 * The Flink-free part of the broadcast operator: which loudspeakers a message reaches, what they are told, and the
 * coverage JSON of {@code vigil/broadcast/<incident>}.
 */
public final class BroadcastPlan {

  /** Failures listed in a coverage message at most. */
  public static final int MAX_FAILURES = 50;

  private static final ObjectMapper JSON = new ObjectMapper();

  private BroadcastPlan() {}

  /** The registry's regions as a tree. */
  public static RegionTree tree(Registry r) {
    return id -> Optional.ofNullable(r.regions().get(id)).map(Region::parent).filter(p -> !p.isEmpty());
  }

  /**
   * The region whose loudspeakers an alert or update reaches by the policy; empty for a cancel (it goes to those
   * told before), a level the policy does not broadcast, or a warning without a known region.
   */
  public static Optional<String> reach(IssuedWarning w, BroadcastPolicy policy, Registry r) {
    if (w.msgType().equals("Cancel") || w.level().isEmpty() || w.region().isEmpty() || r == null
        || !r.regions().containsKey(w.region())) {
      return Optional.empty();
    }
    return policy.reach(w.region(), Level.fromWire(w.level()), tree(r));
  }

  /** The registry's loudspeakers in {@code region} and below it. */
  public static List<Loudspeaker> loudspeakers(String region, Registry r) {
    return BroadcastPolicy.within(region, List.copyOf(r.loudspeakers().values()), tree(r));
  }

  /**
   * What is spoken, by language and voice: {@code <language>} holds the standard voice, {@code <language>/<voice>}
   * each other one ({@link VoiceTemplate}).
   */
  public static Map<String, String> texts(IssuedWarning w) {
    Map<String, String> texts = new LinkedHashMap<>();
    for (int i = 0; i < w.languages().length; i++) {
      String lang = w.languages()[i];
      String h = i < w.headlines().length ? w.headlines()[i] : "";
      String ins = i < w.instructions().length ? w.instructions()[i] : "";
      texts.put(lang, VoiceTemplate.STANDARD.speak(h, ins));
      for (VoiceTemplate v : VoiceTemplate.values()) {
        if (v != VoiceTemplate.STANDARD) {
          texts.put(lang + "/" + v.wireName(), v.speak(h, ins));
        }
      }
    }
    return texts;
  }

  /** The counts and JSON of a run's coverage at {@code atMs}. */
  public static BroadcastCoverage coverage(BroadcastRun run, Iterable<BroadcastTarget> targets, long atMs) {
    int n = 0;
    int confirmed = 0;
    int gaveUp = 0;
    int superseded = 0;
    Map<String, int[]> byRegion = new TreeMap<>();
    List<BroadcastTarget> failures = new ArrayList<>();
    for (BroadcastTarget t : targets) {
      n++;
      int[] c = byRegion.computeIfAbsent(t.region, k -> new int[4]);
      c[0]++;
      if (t.is(Delivery.Status.CONFIRMED)) {
        confirmed++;
        c[1]++;
      } else if (t.is(Delivery.Status.GAVE_UP)) {
        gaveUp++;
        c[3]++;
        failures.add(t);
      } else if (t.is(Delivery.Status.SUPERSEDED)) {
        superseded++; // only when a restart found it unanswered and a later message under way
      } else {
        c[2]++;
        if (!t.reason.isEmpty()) {
          failures.add(t);
        }
      }
    }
    int pending = n - confirmed - gaveUp - superseded;
    ObjectNode o = JSON.createObjectNode().put("incident", run.incident).put("identifier", run.identifier)
        .put("msgType", run.msgType).put("level", run.level);
    ArrayNode regions = o.putArray("regions");
    for (String r : run.regions) {
      regions.add(r);
    }
    o.put("targets", n).put("confirmed", confirmed).put("pending", pending).put("gaveUp", gaveUp)
        .put("superseded", run.superseded + superseded);
    ObjectNode br = o.putObject("byRegion");
    byRegion.forEach((r, c) -> br.putObject(r).put("targets", c[0]).put("confirmed", c[1]).put("pending", c[2])
        .put("gaveUp", c[3]));
    ArrayNode f = o.putArray("failures");
    // Given up first, then those still being retried; by loudspeaker id within each.
    failures.sort(Comparator.comparing((BroadcastTarget t) -> !t.is(Delivery.Status.GAVE_UP))
        .thenComparing(t -> t.loudspeaker));
    failures.stream().limit(MAX_FAILURES).forEach(t -> f.addObject().put("loudspeaker", t.loudspeaker)
        .put("region", t.region).put("reason", t.reason));
    o.put("updatedAtMs", atMs);
    return new BroadcastCoverage(run.incident, run.identifier, run.msgType, run.level, n, confirmed, pending, gaveUp,
        run.superseded + superseded, atMs, o.toString());
  }
}
