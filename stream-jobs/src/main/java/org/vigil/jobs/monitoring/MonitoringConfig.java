package org.vigil.jobs.monitoring;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.vigil.alerts.notify.NotifyConfigException;
import org.vigil.alerts.notify.NotifyOptions;
import org.vigil.alerts.rules.RuleSetLoader;
import org.vigil.alerts.webhook.WebhookConfigException;
import org.vigil.alerts.webhook.WebhookEndpoint;
import org.vigil.decode.DecoderOptions;
import org.vigil.connectors.mqtt.security.MqttClientSecurity;
import org.vigil.jobs.crowd.CrowdOptions;
import org.vigil.connectors.influx.InfluxCredentials;
import org.vigil.jobs.registry.RegistryFile;
import org.vigil.jobs.registry.RegistryUpdate;
import org.vigil.jobs.rules.RulesFile;
import org.vigil.jobs.rules.RulesetUpdate;
import org.vigil.jobs.webhook.WebhookDeliveryOptions;

/**
 * Settings of the monitoring job, read from a lookup (the environment and {@code -D} system properties by
 * default; tests pass {@code Map::get}). Every setting, its meaning and default are listed in {@link #KEYS}.
 */
public record MonitoringConfig(
    String mqttUrl,
    List<String> topicFilters,
    List<String> frameTopicFilters,
    String sharedGroup,
    String clientIdPrefix,
    long sessionExpirySeconds,
    int maxUnacked,
    MqttClientSecurity mqttSecurity,
    String influxUrl,
    String influxDatabase,
    InfluxCredentials influxCredentials,
    Set<String> sites,
    RulesetUpdate rules,
    String rulesTopic,
    AnalyticsOptions analytics,
    long maxOutOfOrderMs,
    long duplicateHorizonMs,
    long watermarkIdlenessMs,
    long analyticsMaxWaitMs,
    long analyticsFreshMs,
    long maxReadingAgeMs,
    int maxFrameBytes,
    long checkpointIntervalMs,
    long bufferTimeoutMs,
    String checkpointDir,
    int parallelism,
    boolean restore,
    Duration mqttReconnectTimeout,
    Duration influxMaxOutage,
    long influxMaxBufferedLines,
    Duration influxFlushWait,
    long influxCheckpointBacklog,
    WebhookDeliveryOptions webhookDelivery,
    CrowdOptions crowd,
    NotifyOptions notifyOptions,
    String ackTopic,
    String silencesTopic,
    RegistryUpdate registry,
    String registryTopic)
    implements Serializable {

  /** Setting, default, description. */
  public static final String[][] KEYS = {
    {"VIGIL_MQTT_URL", "tcp://127.0.0.1:18830", "MQTT broker the readings come from and alerts go to"},
    {"VIGIL_MQTT_TOPICS", "vigil/+/+/+/data", "comma-separated topic filters of readings"},
    {"VIGIL_MQTT_FRAME_TOPICS", "vigil/+/camera/+/frame",
        "comma-separated topic filters of camera frames (JPEG); 'none' subscribes none"},
    {"VIGIL_MQTT_GROUP", "vigil", "MQTT 5 shared-subscription group ($share/<group>/...)"},
    {"VIGIL_MQTT_CLIENT_PREFIX", "vigil-monitor", "client id prefix of the readers (+ -<split>)"},
    {"VIGIL_MQTT_SESSION_EXPIRY_S", "3600", "how long the broker keeps a reader's session (and its messages) while the job is down"},
    {"VIGIL_MQTT_MAX_UNACKED", "50000", "per reader: messages emitted but not yet acknowledged before reading pauses"},
    {"VIGIL_INFLUX_URL", "http://127.0.0.1:18086", "InfluxDB 1.x HTTP API"},
    {"VIGIL_INFLUX_DB", "vigil", "database (created if missing)"},
    {"VIGIL_INFLUX_USERNAME", "", "InfluxDB user (empty: no authentication); VIGIL_INFLUX_USER, its former name, is"
        + " still read"},
    {"VIGIL_INFLUX_PASSWORD_FILE", "", "a file whose first line is the InfluxDB password (local services:"
        + " .vigil/<instance>/secrets/influx-<user>.password)"},
    {"VIGIL_INFLUX_PASSWORD", "", "the InfluxDB password itself, in the environment where the job connects (every"
        + " taskmanager), when there is no password file"},
    {"VIGIL_RULES_FILE", "",
        "the ruleset the job starts with (YAML); empty: the default rules (infra/rules/default.yaml)"},
    {"VIGIL_RULES_TOPIC", "vigil/config/rules",
        "retained topic a new ruleset is published on (vigil rules publish); 'none': rules are fixed"},
    {"VIGIL_REGISTRY_FILE", "",
        "the registry of regions, sites and devices the job starts with (YAML); empty or 'none': no registry (every"
            + " site and device accepted, no region roll-up, no no-data watch)"},
    {"VIGIL_REGISTRY_TOPIC", "vigil/config/registry",
        "retained topic a new registry version is published on (<topic>/<identity>); 'none': the registry is fixed"},
    {"VIGIL_SITES", "", "comma-separated known site ids; readings from other sites are dead-lettered (empty: any site)"},
    {"VIGIL_MAX_OUT_OF_ORDER_MS", "300000",
        "noise control's event time (the watermark): how far it trails the newest device time; lateness, duplicates"
            + " and order are judged per sensor and do not use it"},
    {"VIGIL_DUPLICATE_HORIZON_MS", "3600000",
        "a copy of a reading (same sensor, device time and seq) is recognised this far behind the sensor's newest"
            + " device time: dead-lettered as duplicate, not stored again"},
    {"VIGIL_WATERMARK_IDLENESS_MS", "60000", "a reader without readings for this long stops holding back event time"},
    {"VIGIL_ANALYTICS_MAX_WAIT_MS", "5000",
        "a sensor's held reading (a backfill, a replay: readings arriving close together) waits this long after its"
            + " arrival for older ones still on their way through the other reader, then goes on with every older one,"
            + " oldest first; keep it above the readers' skew (a checkpoint interval and its duration)"},
    {"VIGIL_ANALYTICS_FRESH_MS", "3000",
        "a reading whose device time is within this of the job's clock goes to the analytics at once when it is in "
            + "order, even if it arrives right after the sensor's previous one (0: only VIGIL_ANALYTICS_BURST_GAP_MS)"},
    {"VIGIL_MAX_READING_AGE_MS", "2592000000", "readings older than this before the receiving clock are rejected (30 d)"},
    {"VIGIL_MAX_FRAME_BYTES", "2097152", "camera frames larger than this are rejected"},
    {"VIGIL_CHECKPOINT_INTERVAL_MS", "2000", "checkpoint interval; MQTT acks and InfluxDB flushes follow it"},
    {"VIGIL_BUFFER_TIMEOUT_MS", "25",
        "longest a record waits in a network buffer between operators (Flink's default 100 ms, per hop, delays alerts)"},
    {"VIGIL_CHECKPOINT_DIR", ".vigil/checkpoints", "where checkpoints are kept (local runs)"},
    {"VIGIL_PARALLELISM", "2", "parallelism of the job (local runs)"},
    {"VIGIL_MQTT_RECONNECT_TIMEOUT", "5m",
        "a reader without a broker connection this long fails the job (restart strategy takes over); 0: retry forever"},
    {"VIGIL_SECRETS_DIR", "",
        "folder of ca.crt and mqtt-<identity>.password (infra/services.sh makes them): the job then connects as"
            + " vigil-job with that password file and trusts that CA"},
    {"VIGIL_MQTT_JOB_USERNAME", "", "the job's MQTT identity, when not vigil-job of VIGIL_SECRETS_DIR"},
    {"VIGIL_MQTT_JOB_PASSWORD_FILE", "", "file whose first line is that identity's password (or VIGIL_MQTT_JOB_PASSWORD)"},
    {"VIGIL_MQTT_CA_FILE", "", "PEM file of the CA that signed the broker's certificate (ssl:// URLs)"},
    {"VIGIL_INFLUX_MAX_OUTAGE", "10m",
        "InfluxDB failing this long without one success fails the job; until then writes are retried with backoff"},
    {"VIGIL_INFLUX_MAX_BUFFERED_LINES", "500000",
        "per sink subtask: unwritten lines kept (in memory and checkpoints) before input is slowed down"},
    {"VIGIL_INFLUX_FLUSH_WAIT", "2s", "how long a checkpoint waits for a healthy InfluxDB to confirm buffered lines"},
    {"VIGIL_INFLUX_CHECKPOINT_BACKLOG", "5000",
        "per sink subtask: unconfirmed lines a checkpoint carries instead of waiting for InfluxDB (0: wait for all)"},
    {"VIGIL_RESTORE", "true",
        "local runs: resume from the newest completed checkpoint in VIGIL_CHECKPOINT_DIR (false: start empty)"},
    {"VIGIL_ACK_TOPIC", "vigil/control/ack",
        "operators' acknowledgements (JSON, not retained), each sender on <topic>/<its MQTT identity> (the job reads"
            + " <topic>/#); answers go to vigil/{site}/acks; 'none': no acks"},
    {"VIGIL_SILENCES_TOPIC", "vigil/config/silences/#",
        "retained silences (maintenance windows) on vigil/config/silences/<MQTT identity>/<id>; an empty retained"
            + " message lifts one; 'none': no silences"},
    {"VIGIL_NOTIFY_GROUP_WINDOW", "30s",
        "notifications: a site's group of alert changes closes this long (device time) after its newest member"},
    {"VIGIL_NOTIFY_GROUP_MAX_WAIT", "2m", "... and at the latest this long (device time) after its first member"},
    {"VIGIL_NOTIFY_GROUP_WALL_WAIT", "10s",
        "... and at the latest this long (wall clock) after its first member arrived, even when event time, which"
            + " trails the newest reading by VIGIL_MAX_OUT_OF_ORDER_MS, has not got there; 0: event time only"},
    {"VIGIL_NOTIFY_FLAP_CHANGES", "4", "changes of direction (up, down) of one alert within the flap window that mark it flapping"},
    {"VIGIL_NOTIFY_FLAP_WINDOW", "1h", "the window flap changes are counted in (device time)"},
    {"VIGIL_NOTIFY_FLAP_SETTLE", "30m",
        "a flapping alert's notifications are held until it has gone this long without a change; then one"
            + " alert.settled"},
    {"VIGIL_NOTIFY_IMMEDIATE_LEVEL", "red",
        "transitions at or above this level are sent at once, ahead of their site's group (none: all are grouped)"},
    {"VIGIL_NOTIFY_INHIBITING_RULES", "",
        "comma-separated rule ids whose open alert on a sensor mutes that sensor's other notifications; empty: the"
            + " deadman rules of the start-up ruleset"},
  };

  public DecoderOptions decoderOptions() {
    return DecoderOptions.defaults(sites).withMaxAgeMs(maxReadingAgeMs).withMaxFrameBytes(maxFrameBytes);
  }

  /** Every filter the source subscribes: readings, then frames. */
  public List<String> allTopicFilters() {
    List<String> all = new ArrayList<>(topicFilters);
    all.addAll(frameTopicFilters);
    return all;
  }

  /** The environment, with {@code -D} system properties of the same names taking precedence. */
  public static Function<String, String> environment() {
    return key -> {
      String v = System.getProperty(key);
      return v != null ? v : System.getenv(key);
    };
  }

  private static WebhookDeliveryOptions webhookDelivery(Function<String, String> lookup, List<String> problems) {
    try {
      return WebhookDeliveryOptions.fromLookup(lookup).validate();
    } catch (WebhookConfigException e) {
      problems.add(e.getMessage());
      return WebhookDeliveryOptions.defaults();
    }
  }

  /** Reads every setting, reporting every problem at once. */
  public static MonitoringConfig from(Function<String, String> lookup) {
    List<String> problems = new ArrayList<>();
    Reader r = new Reader(lookup, problems);
    RulesetUpdate rules = null;
    try {
      rules = RulesFile.load(lookup.apply("VIGIL_RULES_FILE"));
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    for (String old : List.of("VIGIL_RAIN_1H_LEVELS", "VIGIL_RAIN_24H_LEVELS", "VIGIL_SLOPE_TANGENT_LEVELS",
        "VIGIL_WATER_LEVELS", "VIGIL_COMPOUND_RAIN_24H_MM")) {
      if (lookup.apply(old) != null) {
        problems.add(old + " is gone: rule thresholds now live in the ruleset (VIGIL_RULES_FILE, default "
            + "infra/rules/default.yaml), changed live with `vigil rules publish`");
      }
    }
    RegistryUpdate registry = null;
    try {
      registry = RegistryFile.load(lookup.apply("VIGIL_REGISTRY_FILE"));
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    AnalyticsOptions analytics = null;
    try {
      analytics = AnalyticsOptions.fromLookup(lookup);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    if (lookup.apply("VIGIL_RAIN_LATENESS_MS") != null || lookup.apply("VIGIL_ALLOWED_LATENESS_MS") != null) {
      problems.add("VIGIL_ALLOWED_LATENESS_MS (formerly VIGIL_RAIN_LATENESS_MS) is gone: lateness is judged per sensor"
          + " by what its analytics can take; VIGIL_DUPLICATE_HORIZON_MS sets how far back copies are recognised");
    }
    List<String> frameTopics = r.list("VIGIL_MQTT_FRAME_TOPICS");
    if (frameTopics.equals(List.of("none"))) {
      frameTopics = List.of();
    }
    long maxFrameBytes = r.positiveLong("VIGIL_MAX_FRAME_BYTES");
    if (maxFrameBytes > Integer.MAX_VALUE) {
      problems.add("VIGIL_MAX_FRAME_BYTES: " + maxFrameBytes + " is above " + Integer.MAX_VALUE);
    }
    InfluxCredentials influx = InfluxCredentials.NONE;
    try {
      influx = InfluxCredentials.fromLookup(lookup);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    MonitoringConfig c =
        new MonitoringConfig(
            r.url("VIGIL_MQTT_URL", "tcp://", "ssl://"),
            r.list("VIGIL_MQTT_TOPICS"),
            frameTopics,
            r.get("VIGIL_MQTT_GROUP"),
            r.get("VIGIL_MQTT_CLIENT_PREFIX"),
            r.positiveLong("VIGIL_MQTT_SESSION_EXPIRY_S"),
            (int) r.positiveLong("VIGIL_MQTT_MAX_UNACKED"),
            MqttClientSecurity.forIdentity(lookup, MqttClientSecurity.JOB),
            r.url("VIGIL_INFLUX_URL", "http://", "https://"),
            r.get("VIGIL_INFLUX_DB"),
            influx,
            new LinkedHashSet<>(r.list("VIGIL_SITES")),
            rules,
            r.get("VIGIL_RULES_TOPIC"),
            analytics,
            r.positiveLong("VIGIL_MAX_OUT_OF_ORDER_MS"),
            r.positiveLong("VIGIL_DUPLICATE_HORIZON_MS"),
            r.positiveLong("VIGIL_WATERMARK_IDLENESS_MS"),
            r.positiveLong("VIGIL_ANALYTICS_MAX_WAIT_MS"),
            r.nonNegativeLong("VIGIL_ANALYTICS_FRESH_MS"),
            r.positiveLong("VIGIL_MAX_READING_AGE_MS"),
            (int) Math.min(maxFrameBytes, Integer.MAX_VALUE),
            r.positiveLong("VIGIL_CHECKPOINT_INTERVAL_MS"),
            r.positiveLong("VIGIL_BUFFER_TIMEOUT_MS"),
            Path.of(r.get("VIGIL_CHECKPOINT_DIR")).toAbsolutePath().toString(),
            (int) r.positiveLong("VIGIL_PARALLELISM"),
            r.bool("VIGIL_RESTORE"),
            r.duration("VIGIL_MQTT_RECONNECT_TIMEOUT"),
            r.duration("VIGIL_INFLUX_MAX_OUTAGE"),
            r.positiveLong("VIGIL_INFLUX_MAX_BUFFERED_LINES"),
            r.duration("VIGIL_INFLUX_FLUSH_WAIT"),
            r.nonNegativeLong("VIGIL_INFLUX_CHECKPOINT_BACKLOG"),
            webhookDelivery(lookup, problems),
            crowd(lookup, problems),
            notify(lookup, rules, problems),
            r.get("VIGIL_ACK_TOPIC"),
            r.get("VIGIL_SILENCES_TOPIC"),
            registry,
            r.get("VIGIL_REGISTRY_TOPIC"));
    if (c.topicFilters.isEmpty()) {
      problems.add("VIGIL_MQTT_TOPICS: at least one topic filter is needed");
    }
    if (c.influxDatabase.isBlank() || !c.influxDatabase.matches("[A-Za-z0-9_-]+")) {
      problems.add("VIGIL_INFLUX_DB: '" + c.influxDatabase + "' must be letters, digits, _ or -");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid configuration:\n  - " + String.join("\n  - ", problems) + "\n(settings: see README, Configuration)");
    }
    return c;
  }

  /** Noise control's settings ({@code VIGIL_NOTIFY_*}, see {@link NotifyOptions#fromLookup}). */
  private static NotifyOptions notify(Function<String, String> lookup, RulesetUpdate rules, List<String> problems) {
    try {
      NotifyOptions o = NotifyOptions.fromLookup(lookup);
      String inhibiting = lookup.apply("VIGIL_NOTIFY_INHIBITING_RULES");
      if ((inhibiting == null || inhibiting.isBlank()) && rules != null) {
        o = o.withInhibitingRules(NotifyOptions.deadmanRules(RuleSetLoader.parse(rules.yaml(), rules.source())));
      }
      return o;
    } catch (NotifyConfigException e) {
      problems.addAll(e.problems());
      return NotifyOptions.defaults();
    } catch (RuntimeException e) {
      problems.add("the start-up ruleset: " + e.getMessage());
      return NotifyOptions.defaults();
    }
  }

  /** The crowd pipeline's settings ({@code VIGIL_CAMERAS_FILE}, {@code VIGIL_CROWD_*}, see {@link CrowdOptions}). */
  private static CrowdOptions crowd(Function<String, String> lookup, List<String> problems) {
    try {
      return CrowdOptions.fromLookup(lookup);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
      return CrowdOptions.defaults();
    }
  }

  /** The InfluxDB user, empty when requests do not authenticate. */
  public String influxUser() {
    return influxCredentials.username();
  }

  @Override
  public String toString() {
    return "MonitoringConfig[mqtt=" + mqttUrl + " " + allTopicFilters() + " group=" + sharedGroup
        + (mqttSecurity.hasIdentity() ? " as " + mqttSecurity.username() : "") + ", influx=" + influxUrl
        + "/" + influxDatabase + (influxCredentials.present() ? " user=" + influxCredentials.username() + " password=****" : "") + ", sites="
        + (sites.isEmpty() ? "any" : sites) + ", rules " + rules.source() + " (" + rules.summary() + ", live from "
        + rulesTopic + "), registry " + (registry == null ? "none" : registry.source() + " (" + registry.summary()
        + ", live from " + registryTopic + ")") + ", out-of-order " + maxOutOfOrderMs
        + " ms, duplicate horizon " + duplicateHorizonMs + " ms, checkpoints every "
        + checkpointIntervalMs + " ms in " + checkpointDir + (restore ? " (restoring the newest)" : " (not restored)")
        + ", parallelism " + parallelism + "]";
  }

  private record Reader(Function<String, String> lookup, List<String> problems) {
    String get(String key) {
      String v = lookup.apply(key);
      if (v == null || v.isBlank()) {
        for (String[] k : KEYS) {
          if (k[0].equals(key)) {
            return k[1];
          }
        }
        throw new IllegalStateException("no default for " + key);
      }
      return v.trim();
    }

    List<String> list(String key) {
      return Arrays.stream(get(key).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    long positiveLong(String key) {
      return longAtLeast(key, 1, "a positive whole number");
    }

    long nonNegativeLong(String key) {
      return longAtLeast(key, 0, "a whole number >= 0");
    }

    private long longAtLeast(String key, long min, String what) {
      String v = get(key);
      try {
        long n = Long.parseLong(v);
        if (n >= min) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      problems.add(key + ": '" + v + "' is not " + what);
      return min;
    }

    Duration duration(String key) {
      String v = get(key);
      try {
        Duration d = v.equals("0") ? Duration.ZERO : WebhookEndpoint.parseDuration(v);
        if (!d.isNegative()) {
          return d;
        }
      } catch (RuntimeException e) {
        // reported below
      }
      problems.add(key + ": '" + v + "' is not a duration (e.g. 500ms, 30s, 5m, 1h or PT5M)");
      return Duration.ZERO;
    }

    boolean bool(String key) {
      String v = get(key);
      if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
        return Boolean.parseBoolean(v);
      }
      problems.add(key + ": '" + v + "' must be true or false");
      return false;
    }

    String url(String key, String... schemes) {
      String v = get(key);
      for (String s : schemes) {
        if (v.startsWith(s) && v.length() > s.length()) {
          return v;
        }
      }
      problems.add(key + ": '" + v + "' must start with " + String.join(" or ", schemes));
      return v;
    }
  }
}
