package org.vigil.connectors.mqtt.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class MqttSourceBuilderTest {

  private static MqttSourceBuilder valid() {
    return MqttSource.builder()
        .serverUri("tcp://127.0.0.1:18830")
        .topicFilters("vigil/+/+/+/data")
        .sharedGroup("vigil")
        .clientIdPrefix("vigil-monitor");
  }

  @Test
  void buildsWithDefaultsFromTheOptions() {
    MqttSource source = valid().build();
    MqttSourceConfig c = source.config();
    assertThat(c.sessionExpirySeconds()).isEqualTo(MqttSourceOptions.SESSION_EXPIRY_SECONDS.defaultValue());
    assertThat(c.maxUnackedMessages()).isEqualTo(50_000);
    assertThat(c.receiveQueueCapacity()).isEqualTo(MqttSourceOptions.RECEIVE_QUEUE_CAPACITY.defaultValue());
    assertThat(c.reconnectInitialDelay()).isEqualTo(MqttSourceOptions.RECONNECT_INITIAL_DELAY.defaultValue());
    assertThat(c.reconnectTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(MqttSourceOptions.RECONNECT_TIMEOUT.key()).isEqualTo("mqtt.source.reconnect-timeout");
    assertThat(c.username()).isNull();
    assertThat(source.getBoundedness()).isEqualTo(Boundedness.CONTINUOUS_UNBOUNDED);
  }

  @Test
  void derivesSharedFiltersAndClientIds() {
    MqttSourceConfig c =
        valid().topicFilters("vigil/+/+/+/data", "vigil/+/camera/+/frame").sharedGroup("g1").build().config();
    assertThat(c.sharedSubscriptionFilters())
        .containsExactly("$share/g1/vigil/+/+/+/data", "$share/g1/vigil/+/camera/+/frame");
    assertThat(c.clientId(0)).isEqualTo("vigil-monitor-0");
    assertThat(c.clientId(12)).isEqualTo("vigil-monitor-12");
    assertThat(c.receiveMaximum()).isEqualTo(60_000);
  }

  @Test
  void anEmptyBuilderNamesEveryRequiredField() {
    MqttSourceConfigException e =
        catchThrowableOfType(MqttSourceConfigException.class, () -> MqttSource.builder().sharedGroup(null).build());
    assertThat(e.problems())
        .hasSize(4)
        .anySatisfy(p -> assertThat(p).startsWith("serverUri:"))
        .anySatisfy(p -> assertThat(p).startsWith("topicFilters:"))
        .anySatisfy(p -> assertThat(p).startsWith("sharedGroup:"))
        .anySatisfy(p -> assertThat(p).startsWith("clientIdPrefix:"));
    assertThat(e).hasMessageContaining("serverUri").hasMessageContaining("clientIdPrefix");
  }

  @Test
  void namesEveryBadFieldInOneException() {
    MqttSourceConfigException e =
        catchThrowableOfType(
            MqttSourceConfigException.class,
            () ->
                MqttSource.builder()
                    .serverUri("http://broker:1883")
                    .topicFilters("vigil/#/data", "$share/x/vigil/#", "a/b+/c", "")
                    .sharedGroup("a/b")
                    .clientIdPrefix("has space")
                    .sessionExpirySeconds(0)
                    .maxUnackedMessages(0)
                    .receiveQueueCapacity(-1)
                    .username("")
                    .password("")
                    .connectionTimeoutSeconds(0)
                    .keepAliveSeconds(70_000)
                    .reconnectBackoff(Duration.ZERO, Duration.ofSeconds(1))
                    .reconnectTimeout(Duration.ofSeconds(-1))
                    .build());
    assertThat(e.problems().stream().map(p -> p.substring(0, p.indexOf(':'))).toList())
        .containsExactlyInAnyOrder(
            "serverUri",
            "topicFilters",
            "topicFilters",
            "topicFilters",
            "topicFilters",
            "sharedGroup",
            "clientIdPrefix",
            "sessionExpirySeconds",
            "maxUnackedMessages",
            "receiveQueueCapacity",
            "username",
            "password",
            "connectionTimeoutSeconds",
            "keepAliveSeconds",
            "reconnectInitialDelay",
            "reconnectTimeout");
  }

  @Test
  void aZeroReconnectTimeoutMeansRetryForever() {
    assertThat(valid().reconnectTimeout(Duration.ZERO).build().config().reconnectTimeout()).isZero();
    assertThatThrownBy(() -> valid().reconnectTimeout(null).build())
        .isInstanceOf(MqttSourceConfigException.class)
        .hasMessageContaining("reconnectTimeout: must be zero (retry forever) or positive, was null");
  }

  @Test
  void rejectsMoreUnackedMessagesThanPacketIds() {
    assertThatThrownBy(() -> valid().maxUnackedMessages(60_000).build())
        .isInstanceOf(MqttSourceConfigException.class)
        .hasMessageContaining("maxUnackedMessages: plus receiveQueueCapacity must be at most 65535");
    assertThat(valid().maxUnackedMessages(60_000).receiveQueueCapacity(5_535).build().config().receiveMaximum())
        .isEqualTo(65_535);
  }

  @Test
  void rejectsDuplicateFiltersAndABackoffMaxBelowItsStart() {
    MqttSourceConfigException e =
        catchThrowableOfType(
            MqttSourceConfigException.class,
            () ->
                valid()
                    .topicFilters(List.of("a/+", "a/+"))
                    .reconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1))
                    .build());
    assertThat(e.problems())
        .containsExactly(
            "topicFilters: 'a/+' is listed twice",
            "reconnectMaxDelay: must be at least reconnectInitialDelay (PT2S), was PT1S");
  }

  @Test
  void acceptsTheWildcardFormsMqttAllows() {
    for (String filter : List.of("#", "+", "vigil/#", "vigil/+/+/+/data", "+/+", "vigil//x", "/x")) {
      assertThat(MqttSourceConfig.topicFilterProblem(filter)).as(filter).isNull();
    }
    assertThat(valid().serverUri("ssl://broker.example:8883").build().config().serverUri()).startsWith("ssl://");
  }

  @Test
  void masksThePasswordAndKeepsCredentialsOptional() {
    MqttSource source = valid().username("monitor").password("s3cret-pw").build();
    assertThat(source.config().password()).isEqualTo("s3cret-pw");
    assertThat(source.toString()).contains("username=monitor").contains("password=******").doesNotContain("s3cret");
    assertThat(valid().build().toString()).contains("password=null");
    // MQTT 5 allows a password without a user name
    assertThat(valid().password("token").build().config().username()).isNull();
  }

  /** Every key a Flink Configuration sets reaches the source's config; the ones it does not set keep the builder's. */
  @Test
  void takesEveryOptionAFlinkConfigurationSets() {
    Configuration conf = new Configuration();
    conf.setString("mqtt.source.server-uri", "ssl://broker.example:8883");
    conf.setString("mqtt.source.topic-filters", "vigil/+/rain/+/data;vigil/+/gnss/+/data");
    conf.setString("mqtt.source.shared-group", "county");
    conf.setString("mqtt.source.session-expiry-seconds", "7200");
    conf.setString("mqtt.source.max-unacked-messages", "1000");
    conf.setString("mqtt.source.receive-queue-capacity", "500");
    conf.setString("mqtt.source.username", "vigil-job");
    conf.setString("mqtt.source.password", "s3cret");
    conf.setString("mqtt.source.connection-timeout-seconds", "7");
    conf.setString("mqtt.source.keep-alive-seconds", "20");
    conf.setString("mqtt.source.reconnect-initial-delay", "250 ms");
    conf.setString("mqtt.source.reconnect-max-delay", "8 s");
    conf.setString("mqtt.source.reconnect-timeout", "2 min");
    MqttSourceConfig c = MqttSource.builder().clientIdPrefix("p").configure(conf).build().config();
    assertThat(c.serverUri()).isEqualTo("ssl://broker.example:8883");
    assertThat(c.topicFilters()).containsExactly("vigil/+/rain/+/data", "vigil/+/gnss/+/data");
    assertThat(c.sharedGroup()).isEqualTo("county");
    assertThat(c.sessionExpirySeconds()).isEqualTo(7200);
    assertThat(c.maxUnackedMessages()).isEqualTo(1000);
    assertThat(c.receiveQueueCapacity()).isEqualTo(500);
    assertThat(c.username()).isEqualTo("vigil-job");
    assertThat(c.password()).isEqualTo("s3cret");
    assertThat(c.connectionTimeoutSeconds()).isEqualTo(7);
    assertThat(c.keepAliveSeconds()).isEqualTo(20);
    assertThat(c.reconnectInitialDelay()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.reconnectMaxDelay()).isEqualTo(Duration.ofSeconds(8));
    assertThat(c.reconnectTimeout()).isEqualTo(Duration.ofMinutes(2));

    MqttSourceConfig partly = valid().keepAliveSeconds(45)
        .configure(new Configuration()).build().config();
    assertThat(partly.keepAliveSeconds()).isEqualTo(45);
    assertThat(partly.serverUri()).isEqualTo("tcp://127.0.0.1:18830");
  }
}
