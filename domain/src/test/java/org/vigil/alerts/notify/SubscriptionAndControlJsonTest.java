package org.vigil.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vigil.alerts.notify.SiteRun.MIN;
import static org.vigil.alerts.notify.SiteRun.T0;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.webhook.WebhookEndpoint;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;
import org.vigil.core.settings.ConfigException;

/** Endpoint subscriptions (sites, rules, states, level), the CloudEvents form, and the ack and silence JSON. */
class SubscriptionAndControlJsonTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final WebhookEndpoint ALL = WebhookEndpoint.of("all", "http://127.0.0.1:1/", SECRET);

  private static final AlertEvent RAIN = SiteRun.opened("rain-1h", "rg-1", Level.ORANGE, T0);
  private static final AlertEvent TILT = SiteRun.opened("slope-tangent", "tl-1", Level.YELLOW, T0 + 1000);
  private static final AlertEvent RAIN_OFF = SiteRun.resolved("rain-24h", "rg-2", Level.RED, T0 - MIN, T0 + 2000);

  private static Notification group(AlertEvent... members) {
    return new Notification("ntf_group", "hill-a", Level.RED, Notification.Kind.GROUP, List.of(members), T0 + 30_000,
        members.length + " alert changes at hill-a, highest level red");
  }

  @Test
  void aSingleTransitionPassesOnSiteRuleLevelAndStateGlobs() {
    assertThat(EndpointFilter.apply(Notification.single(RAIN), ALL)).isPresent();
    WebhookEndpoint rainOnly = ALL.withFilters(List.of("hill-?"), List.of("rain-*"), Set.of("opened"));
    assertThat(EndpointFilter.apply(Notification.single(RAIN), rainOnly)).isPresent();
    assertThat(EndpointFilter.apply(Notification.single(TILT), rainOnly)).isEmpty(); // rule
    assertThat(EndpointFilter.apply(Notification.single(RAIN_OFF), rainOnly)).isEmpty(); // state resolved
    assertThat(EndpointFilter.apply(Notification.single(RAIN), ALL.withFilters(List.of("valley-*"), null, null)))
        .isEmpty(); // site
    assertThat(EndpointFilter.apply(Notification.single(RAIN), ALL.withMinLevel(Level.RED))).isEmpty(); // level
    // A resolve is judged on the level it left (red), as before.
    assertThat(EndpointFilter.apply(Notification.single(RAIN_OFF), ALL.withMinLevel(Level.RED))).isPresent();
  }

  @Test
  void aGroupKeepsOnlyTheMembersThatPassWithItsOwnIdAndBecomesAPlainAlertWhenOneIsLeft() {
    Notification g = group(RAIN, TILT, RAIN_OFF);
    assertThat(EndpointFilter.apply(g, ALL)).contains(g);

    Notification rain = EndpointFilter.apply(g, ALL.withFilters(null, List.of("rain-*"), null)).orElseThrow();
    assertThat(rain.kind()).isEqualTo(Notification.Kind.GROUP);
    assertThat(rain.members()).containsExactly(RAIN, RAIN_OFF);
    assertThat(rain.id()).startsWith("ntf_").isNotEqualTo(g.id())
        .isEqualTo(EndpointFilter.apply(g, ALL.withFilters(null, List.of("rain-*"), null)).orElseThrow().id());
    assertThat(rain.level()).isEqualTo(Level.RED); // the resolve left red
    assertThat(rain.message()).isEqualTo("2 of 3 alert changes at hill-a, highest level red");

    Notification opened = EndpointFilter.apply(g, ALL.withFilters(null, null, Set.of("opened")).withMinLevel(
        Level.ORANGE)).orElseThrow();
    assertThat(opened.kind()).isEqualTo(Notification.Kind.ALERT);
    assertThat(opened.id()).isEqualTo(RAIN.eventId());

    assertThat(EndpointFilter.apply(g, ALL.withFilters(List.of("valley"), null, null))).isEmpty();
    // 'group' listed: members pass whatever their state; 'settled' alone does not take groups.
    assertThat(EndpointFilter.apply(g, ALL.withFilters(null, null, Set.of("group")))).contains(g);
    assertThat(EndpointFilter.apply(g, ALL.withFilters(null, null, Set.of("settled")))).isEmpty();
  }

  @Test
  void flappingAndSettledAreJudgedAsTheirKindOnTheFlappingAlert() {
    Notification flap = new Notification("ntf_f", "hill-a", Level.ORANGE, Notification.Kind.FLAPPING, List.of(RAIN),
        T0, "rain-1h on hill-a/rain/rg-1 is flapping");
    assertThat(EndpointFilter.apply(flap, ALL.withFilters(null, List.of("rain-1h"), Set.of("flapping")))).isPresent();
    assertThat(EndpointFilter.apply(flap, ALL.withFilters(null, null, Set.of("opened")))).isEmpty();
    assertThat(EndpointFilter.apply(flap, ALL.withFilters(null, List.of("slope-*"), null))).isEmpty();
  }

  @Test
  void endpointFiltersAndFormatAreReadPerEndpointAndBadValuesAreReported() {
    List<WebhookEndpoint> eps = WebhookEndpoint.fromLookup(Map.of(
        "VIGIL_WEBHOOK_URLS", "http://127.0.0.1:1/a,http://127.0.0.1:1/b", "VIGIL_WEBHOOK_ALLOW_NETWORKS", "loopback",
        "VIGIL_WEBHOOK_SECRET", SECRET,
        "VIGIL_WEBHOOK_2_SITES", "hill-*, valley",
        "VIGIL_WEBHOOK_2_RULES", "rain-*",
        "VIGIL_WEBHOOK_2_STATES", "Opened,escalated",
        "VIGIL_WEBHOOK_2_FORMAT", "cloudevents")::get);
    assertThat(eps.get(0).sites()).isEmpty();
    assertThat(eps.get(0).format()).isEqualTo(WebhookEndpoint.Format.STANDARD);
    assertThat(eps.get(1).sites()).containsExactly("hill-*", "valley");
    assertThat(eps.get(1).rules()).containsExactly("rain-*");
    assertThat(eps.get(1).states()).containsExactlyInAnyOrder("opened", "escalated");
    assertThat(eps.get(1).format()).isEqualTo(WebhookEndpoint.Format.CLOUDEVENTS);
    assertThat(eps.get(1).format().contentType()).isEqualTo("application/cloudevents+json");

    assertThatThrownBy(() -> WebhookEndpoint.fromLookup(Map.of("VIGIL_WEBHOOK_URLS", "http://hooks.example.org/a",
        "VIGIL_WEBHOOK_SECRET", SECRET, "VIGIL_WEBHOOK_STATES", "opened,closed",
        "VIGIL_WEBHOOK_FORMAT", "xml")::get))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("state 'closed' is not one of")
        .hasMessageContaining("VIGIL_WEBHOOK_FORMAT='xml': not one of standard, cloudevents");
  }

  /** CloudEvents 1.0 (spec section "Required Attributes"): id, source (URI-reference), specversion, type. */
  @Test
  void theCloudEventsFormHasTheRequiredAttributesAndTheSameDataAsTheStandardBody() throws Exception {
    Notification n = Notification.single(RAIN);
    JsonNode ce = JSON.readTree(NotificationJson.toCloudEvent(n));
    JsonNode std = JSON.readTree(NotificationJson.toWebhookBody(n));
    assertThat(ce.get("specversion").asText()).isEqualTo("1.0");
    assertThat(ce.get("id").asText()).isEqualTo(RAIN.eventId()).isNotBlank();
    assertThat(java.net.URI.create(ce.get("source").asText())).hasScheme("vigil").hasHost("hill-a");
    assertThat(ce.get("type").asText()).isEqualTo("org.vigil.alert.opened");
    // Optional attributes as the spec defines them: time RFC 3339, datacontenttype RFC 2046, subject a string.
    assertThat(Instant.parse(ce.get("time").asText()).toEpochMilli()).isEqualTo(T0);
    assertThat(ce.get("datacontenttype").asText()).isEqualTo("application/json");
    assertThat(ce.get("subject").asText()).isEqualTo("hill-a/rain/rg-1");
    assertThat(ce.get("data")).isEqualTo(std.get("data"));
    // Extension and attribute names: lower-case a-z and 0-9 only.
    ce.fieldNames().forEachRemaining(f -> assertThat(f).matches("[a-z0-9]+"));

    Notification g = group(RAIN, TILT);
    JsonNode gce = JSON.readTree(NotificationJson.toBody(g, WebhookEndpoint.Format.CLOUDEVENTS));
    assertThat(gce.get("type").asText()).isEqualTo("org.vigil.alert.group");
    assertThat(gce.has("subject")).isFalse();
    assertThat(gce.get("data").get("members")).hasSize(2);
    assertThat(NotificationJson.typeOf(gce.toString())).isEqualTo("alert.group");
    assertThat(NotificationJson.typeOf(NotificationJson.toWebhookBody(n))).isEqualTo("alert.opened");
  }

  @Test
  void anAckIsReadFromTheContractJsonAndBadOnesSayWhatIsWrong() {
    // 2026-11-29T10:00Z = T0 (2026-11-28T08:00Z) + 26 h = 1,795,852,800,000 + 93,600,000 ms.
    Ack a = AckJson.decode("{\"alertId\":\"alt_1\",\"site\":\"hill-a\",\"by\":\"maria\","
        + "\"at\":\"2026-11-29T10:00:00Z\",\"comment\":\"crew on the way\",\"extra\":1}");
    assertThat(a).isEqualTo(new Ack("alt_1", "hill-a", "maria", 1_795_946_400_000L, "crew on the way"));
    assertThat(AckJson.decode(AckJson.encode(a))).isEqualTo(a);
    assertThat(AckJson.decode("{\"alertId\":\"a\",\"site\":\"s\",\"by\":\"b\",\"at\":1795946400000}").comment())
        .isEmpty();

    assertThatThrownBy(() -> AckJson.decode("{\"alertId\":\"a\",\"site\":\"s\",\"at\":\"2026-11-29T10:00:00Z\"}"))
        .isInstanceOf(ControlMessageException.class).hasMessageStartingWith("'by' is missing or not a non-empty string");
    assertThatThrownBy(() -> AckJson.decode("{\"alertId\":\"a\",\"site\":\"s\",\"by\":\"b\",\"at\":\"yesterday\"}"))
        .hasMessageContaining("'at' is not an ISO-8601 UTC time");
    assertThatThrownBy(() -> AckJson.decode("not json")).hasMessageStartingWith("ack is not JSON");
    assertThatThrownBy(() -> AckJson.decode("[1]")).hasMessageStartingWith("ack is not a JSON object");

    AckDecision refused = AckDecision.refused(a.withAuthor("vigil-console"), "no alert alt_1 is known at site hill-a");
    assertThat(AckJson.decision(refused)).isEqualTo("{\"alertId\":\"alt_1\",\"site\":\"hill-a\",\"by\":\"maria\","
        + "\"author\":\"vigil-console\",\"at\":\"2026-11-29T10:00:00.000Z\",\"accepted\":false,\"reason\":\"no alert alt_1 is known at site hill-a\"}");
    assertThat(AckJson.decisionTopic("hill-a")).isEqualTo("vigil/hill-a/acks");
  }

  @Test
  void aSilenceIsReadFromItsRetainedTopicAnEmptyPayloadDeletesItAndBadOnesSayWhy() {
    String topic = "vigil/config/silences/s1";
    Silence s = SilenceJson.decode(topic, "{\"id\":\"s1\",\"sites\":[\"hill-a\"],\"sensors\":[],"
        + "\"startsAt\":\"2026-11-29T10:00:00Z\",\"endsAt\":\"2026-11-29T12:00:00Z\",\"createdBy\":\"maria\"}");
    assertThat(s).isEqualTo(new Silence("s1", List.of("hill-a"), List.of(), List.of(), 1_795_946_400_000L,
        1_795_953_600_000L, "maria", ""));
    assertThat(s.isDeletion()).isFalse();
    assertThat(SilenceJson.decode(topic, SilenceJson.encode(s))).isEqualTo(s);
    assertThat(SilenceJson.decode(topic, "")).satisfies(d -> {
      assertThat(d.isDeletion()).isTrue();
      assertThat(d.id()).isEqualTo("s1");
    });

    assertThatThrownBy(() -> SilenceJson.decode(topic, SilenceJson.encode(s).replace("\"s1\"", "\"s2\"")))
        .isInstanceOf(ControlMessageException.class)
        .hasMessage("silence id 's2' differs from its topic's 's1': publish it on vigil/config/silences/s2");
    assertThatThrownBy(() -> SilenceJson.decode(topic, "{\"id\":\"s1\",\"startsAt\":\"2026-11-29T10:00:00Z\","
        + "\"endsAt\":\"2026-11-29T09:00:00Z\",\"createdBy\":\"maria\"}"))
        .hasMessageContaining("matches nothing").hasMessageContaining("ends");
    assertThatThrownBy(() -> SilenceJson.decode(topic, "{\"id\":\"s1\",\"sites\":\"hill-a\"}"))
        .hasMessage("'sites' must be an array of globs, e.g. [\"hill-*\"]");
    assertThatThrownBy(() -> SilenceJson.decode("vigil/config/silences/", "{}"))
        .hasMessageContaining("is not vigil/config/silences/<id>");
  }

  @Test
  void aStateOfAlertStateWireNamesIsAccepted() {
    for (AlertState st : AlertState.values()) {
      assertThat(WebhookEndpoint.STATES).contains(st.wireName());
    }
  }
}
