package org.vigil.jobs.registry;

import org.vigil.core.topics.Topics;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.vigil.connectors.influx.DistinctTimes;
import org.vigil.connectors.influx.InfluxEncoder;
import org.vigil.connectors.influx.LineProtocol;
import org.vigil.connectors.mqtt.MqttMessageEncoder;
import org.vigil.core.Level;
import org.vigil.registry.RegionRisk;

/** How a region's risk is published (MQTT, retained) and stored (InfluxDB {@code region_risk}). */
public final class RegionRiskEncoders {

  /** Topic of a region's risk. */
  public static String topic(String region) {
    return Topics.regionRisk(region);
  }

  private RegionRiskEncoders() {}

  /**
   * Retained on {@code vigil/region/{region}/risk}: level, counts of sites per level, the driver; a region that left
   * the registry gets an empty retained message, which clears the topic.
   */
  public static final class Messages implements MqttMessageEncoder<RegionRisk> {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String topic(RegionRisk r) {
      return RegionRiskEncoders.topic(r.region());
    }

    @Override
    public byte[] payload(RegionRisk r) {
      if (r.removed()) {
        return new byte[0];
      }
      ObjectNode n = JSON.createObjectNode();
      n.put("region", r.region());
      n.put("name", r.name());
      n.put("regionLevel", r.regionLevel());
      n.put("parent", r.parent());
      n.put("level", r.level().wireName());
      n.put("previousLevel", r.previousLevel().wireName());
      n.put("sites", r.sites());
      ObjectNode counts = n.putObject("sitesByLevel");
      for (Level l : Level.values()) {
        counts.put(l.wireName(), r.sitesAt(l));
      }
      n.put("peopleAtRisk", r.peopleAtRisk());
      n.put("site", r.site());
      n.put("rule", r.rule());
      n.put("subject", r.subject());
      n.put("at", Instant.ofEpochMilli(r.timestampMs()).toString());
      return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean retained(RegionRisk r) {
      return true;
    }
  }

  /**
   * Measurement {@code region_risk}, tag {@code region} (ids are unique in the registry, so every region is a series
   * of its own) and {@code region_level}; a second change of one region in the same millisecond moves to the next
   * free one (one writer: the roll-up has parallelism 1).
   */
  public static final class Points implements InfluxEncoder<RegionRisk> {
    private static final long serialVersionUID = 1L;
    private transient DistinctTimes times;

    @Override
    public void encode(RegionRisk r, LineProtocol.Builder out) {
      if (times == null) {
        times = new DistinctTimes(10_000);
      }
      out.measurement("region_risk")
          .tag("region", r.region())
          .tag("region_level", r.regionLevel().isEmpty() ? "unknown" : r.regionLevel())
          .field("level", r.level().wireName())
          .field("level_rank", (long) r.level().ordinal())
          .field("previous_level", r.previousLevel().wireName())
          .field("sites", (long) r.sites())
          .field("sites_none", (long) r.sitesNone())
          .field("sites_blue", (long) r.sitesBlue())
          .field("sites_yellow", (long) r.sitesYellow())
          .field("sites_orange", (long) r.sitesOrange())
          .field("sites_red", (long) r.sitesRed())
          .field("people_at_risk", (long) r.peopleAtRisk())
          .field("site", r.site())
          .field("rule", r.rule())
          .field("subject", r.subject())
          .field("removed", r.removed())
          .timestamp(times.claim(r.region(), r.timestampMs()));
    }
  }
}
