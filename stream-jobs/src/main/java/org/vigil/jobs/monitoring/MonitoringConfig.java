package org.vigil.jobs.monitoring;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.vigil.alerts.notify.NotifyOptions;
import org.vigil.connectors.influx.InfluxCredentials;
import org.vigil.connectors.mqtt.security.MqttClientSecurity;
import org.vigil.core.settings.InfluxSettings;
import org.vigil.core.settings.JobSettings;
import org.vigil.core.settings.MqttSettings;
import org.vigil.core.settings.NotifySettings;
import org.vigil.core.settings.SettingsReader;
import org.vigil.decode.DecoderOptions;
import org.vigil.jobs.crowd.CrowdOptions;
import org.vigil.jobs.registry.RegistryFile;
import org.vigil.jobs.registry.RegistryUpdate;
import org.vigil.jobs.rules.RulesFile;
import org.vigil.jobs.rules.RulesetUpdate;
import org.vigil.jobs.warning.PublicWarningOptions;
import org.vigil.jobs.webhook.WebhookDeliveryOptions;

/**
 * Settings of the monitoring job, read from a lookup (the environment and {@code -D} system properties by
 * default; tests pass {@code Map::get}). Every setting, its meaning and default are declared in the settings
 * registry ({@link org.vigil.core.settings.Settings}).
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
    PublicWarningOptions warnings,
    RegistryUpdate registry,
    String registryTopic,
    long deviceHealthIntervalMs)
    implements Serializable {

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
    return SettingsReader.environment();
  }

  /** Reads every setting ({@link org.vigil.core.settings.Settings}), reporting every problem at once. */
  public static MonitoringConfig from(Function<String, String> lookup) {
    SettingsReader r = new SettingsReader(lookup);
    r.refuseRemoved();
    RulesetUpdate rules = null;
    try {
      rules = RulesFile.load(r.raw(JobSettings.RULES_FILE));
    } catch (IllegalArgumentException e) {
      r.problem(e.getMessage());
    }
    RegistryUpdate registry = null;
    try {
      registry = RegistryFile.load(r.raw(JobSettings.REGISTRY_FILE));
    } catch (IllegalArgumentException e) {
      r.problem(e.getMessage());
    }
    AnalyticsOptions analytics = AnalyticsOptions.read(r);
    List<String> frameTopics = r.get(MqttSettings.FRAME_TOPICS);
    if (frameTopics.equals(List.of("none"))) {
      frameTopics = List.of();
    }
    InfluxCredentials influx = InfluxCredentials.NONE;
    try {
      influx = InfluxCredentials.fromLookup(lookup);
    } catch (IllegalArgumentException e) {
      r.problem(e.getMessage());
    }
    WebhookDeliveryOptions webhooks = r.part(() -> WebhookDeliveryOptions.read(r).validate(),
        WebhookDeliveryOptions.defaults());
    CrowdOptions crowd = r.part(() -> CrowdOptions.read(r), CrowdOptions.defaults());
    MonitoringConfig c =
        new MonitoringConfig(
            r.get(MqttSettings.URL).toString(),
            r.get(MqttSettings.TOPICS),
            frameTopics,
            r.get(MqttSettings.GROUP),
            r.get(MqttSettings.CLIENT_PREFIX),
            r.get(MqttSettings.SESSION_EXPIRY_S),
            r.get(MqttSettings.MAX_UNACKED).intValue(),
            MqttClientSecurity.forIdentity(lookup, MqttClientSecurity.JOB),
            r.get(InfluxSettings.URL).toString(),
            r.get(InfluxSettings.DB),
            influx,
            new LinkedHashSet<>(r.get(JobSettings.SITES)),
            rules,
            r.get(JobSettings.RULES_TOPIC),
            analytics,
            r.get(JobSettings.MAX_OUT_OF_ORDER_MS),
            r.get(JobSettings.DUPLICATE_HORIZON_MS),
            r.get(JobSettings.WATERMARK_IDLENESS_MS),
            r.get(JobSettings.ANALYTICS_MAX_WAIT_MS),
            r.get(JobSettings.ANALYTICS_FRESH_MS),
            r.get(JobSettings.MAX_READING_AGE_MS),
            r.get(JobSettings.MAX_FRAME_BYTES),
            r.get(JobSettings.CHECKPOINT_INTERVAL_MS),
            r.get(JobSettings.BUFFER_TIMEOUT_MS),
            r.get(JobSettings.CHECKPOINT_DIR).toAbsolutePath().toString(),
            r.get(JobSettings.PARALLELISM),
            r.get(JobSettings.RESTORE),
            r.get(MqttSettings.RECONNECT_TIMEOUT),
            r.get(InfluxSettings.MAX_OUTAGE),
            r.get(InfluxSettings.MAX_BUFFERED_LINES),
            r.get(InfluxSettings.FLUSH_WAIT),
            r.get(InfluxSettings.CHECKPOINT_BACKLOG),
            webhooks,
            crowd,
            notify(r, rules),
            r.get(JobSettings.ACK_TOPIC),
            r.get(JobSettings.SILENCES_TOPIC),
            PublicWarningOptions.read(r),
            registry,
            r.get(JobSettings.REGISTRY_TOPIC),
            r.get(JobSettings.DEVICE_HEALTH_INTERVAL).toMillis());
    if (c.topicFilters.isEmpty()) {
      r.problem(MqttSettings.TOPICS, "no topic filter", "give at least one, e.g. " + MqttSettings.TOPICS.defaultText());
    }
    if (c.influxDatabase.isBlank() || !c.influxDatabase.matches("[A-Za-z0-9_-]+")) {
      r.problem(InfluxSettings.DB, "not a database name", "use letters, digits, _ or -");
    }
    return r.checked(c);
  }

  /** Noise control's settings ({@code VIGIL_NOTIFY_*}, see {@link NotifyOptions#read}). */
  private static NotifyOptions notify(SettingsReader r, RulesetUpdate rules) {
    NotifyOptions o = NotifyOptions.read(r);
    if (!r.isSet(NotifySettings.INHIBITING_RULES) && rules != null) {
      try {
        o = o.withInhibitingRules(NotifyOptions.deadmanRules(rules.ruleSet()));
      } catch (RuntimeException e) {
        r.problem("the start-up ruleset: " + e.getMessage());
      }
    }
    return o;
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
}
