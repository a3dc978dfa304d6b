package org.vigil.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vigil.alerts.notify.SiteRun.T0;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.webhook.AlertJson;
import org.vigil.core.AlertEvent;
import org.vigil.core.Level;
import org.vigil.core.settings.ConfigException;

/** Silence matching, options and the notification JSON. */
class NotifyPartsTest {

  private static final AlertEvent RAIN = SiteRun.opened("rain-1h", "rg-12", Level.ORANGE, T0);

  @Test
  void silenceGlobsMatchSiteSubjectOrSensorIdAndRuleAndAllGivenListsMustMatch() {
    Silence bySensor = new Silence("a", List.of(), List.of("rg-1?"), List.of(), T0, T0 + 1, "ops", null);
    assertThat(bySensor.mutes(RAIN, T0)).isTrue();
    assertThat(bySensor.mutes(RAIN, T0 + 1)).isFalse(); // the end is exclusive
    assertThat(bySensor.mutes(RAIN, T0 - 1)).isFalse();
    assertThat(new Silence("b", List.of(), List.of("hill-a/rain/*"), List.of(), T0, T0 + 1, "o", "").mutes(RAIN, T0))
        .isTrue();
    assertThat(new Silence("c", List.of("hill-a"), List.of(), List.of("tilt*"), T0, T0 + 1, "o", "").mutes(RAIN, T0))
        .isFalse(); // site matches, rule does not
    assertThat(new Silence("d", List.of("hill-?"), List.of(), List.of("rain-1h"), T0, T0 + 1, "o", "")
        .mutes(RAIN, T0)).isTrue();
    assertThat(new Silence("e", List.of("hill.a"), List.of(), List.of(), T0, T0 + 1, "o", "").mutes(RAIN, T0))
        .isFalse(); // '.' is literal, not a regex wildcard
  }

  @Test
  void aSilenceWithoutMatchersTimeOrAuthorIsReportedWithEveryProblem() {
    assertThat(new Silence("x", List.of(), List.of(), List.of(), T0, T0, " ", "").problems())
        .hasSize(3).anyMatch(p -> p.contains("matches nothing")).anyMatch(p -> p.contains("ends"))
        .anyMatch(p -> p.contains("createdBy"));
    assertThat(new Silence("y", List.of("*"), null, null, T0, T0 + 1, "ops", "").problems()).isEmpty();
  }

  @Test
  void optionsHaveDocumentedDefaultsAndReportEveryProblem() {
    NotifyOptions d = NotifyOptions.fromLookup(Map.<String, String>of()::get);
    assertThat(d).isEqualTo(NotifyOptions.defaults());
    assertThat(d.flapChanges()).isEqualTo(4);
    assertThat(d.flapWindow()).isEqualTo(Duration.ofHours(1));
    assertThat(d.flapSettle()).isEqualTo(Duration.ofMinutes(30));
    assertThat(d.groupWindow()).isEqualTo(Duration.ofSeconds(30));
    assertThat(d.groupMaxWait()).isEqualTo(Duration.ofMinutes(2));
    assertThat(d.inhibitingRules()).isEmpty();

    NotifyOptions set = NotifyOptions.fromLookup(Map.of("VIGIL_NOTIFY_FLAP_CHANGES", "6",
        "VIGIL_NOTIFY_GROUP_WINDOW", "10s", "VIGIL_NOTIFY_INHIBITING_RULES", "offline, deadman-gnss")::get);
    assertThat(set.flapChanges()).isEqualTo(6);
    assertThat(set.groupWindow()).isEqualTo(Duration.ofSeconds(10));
    assertThat(set.inhibitingRules()).containsExactlyInAnyOrder("offline", "deadman-gnss");

    assertThatThrownBy(() -> NotifyOptions.fromLookup(Map.of("VIGIL_NOTIFY_FLAP_CHANGES", "x",
        "VIGIL_NOTIFY_FLAP_SETTLE", "soon", "VIGIL_NOTIFY_GROUP_MAX_WAIT", "5s")::get))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(3))
        .hasMessageContaining("VIGIL_NOTIFY_FLAP_CHANGES").hasMessageContaining("VIGIL_NOTIFY_FLAP_SETTLE")
        .hasMessageContaining("VIGIL_NOTIFY_GROUP_MAX_WAIT must be at least");
  }

  @Test
  void aLoneAlertIsThePlainAlertBodyAndAGroupListsItsMembersWithTheHighestLevel() throws Exception {
    Notification single = new Notification(RAIN.eventId(), "hill-a", Level.ORANGE, Notification.Kind.ALERT,
        List.of(RAIN), T0, RAIN.message());
    assertThat(NotificationJson.toWebhookBody(single)).isEqualTo(AlertJson.toWebhookBody(RAIN));

    AlertEvent red = SiteRun.opened("rain-1h", "rg-2", Level.RED, T0 + 1000);
    Notification group = new Notification("ntf_x", "hill-a", Level.RED, Notification.Kind.GROUP, List.of(RAIN, red),
        T0 + 31_000, "2 alert changes at hill-a, highest level red");
    JsonNode json = new ObjectMapper().readTree(NotificationJson.toWebhookBody(group));
    assertThat(json.get("type").asText()).isEqualTo("alert.group");
    assertThat(json.get("timestamp").asText()).isEqualTo("2026-11-28T08:00:31.000Z");
    JsonNode data = json.get("data");
    assertThat(data.get("id").asText()).isEqualTo("ntf_x");
    assertThat(data.get("kind").asText()).isEqualTo("group");
    assertThat(data.get("level").asText()).isEqualTo("red");
    assertThat(data.get("count").asInt()).isEqualTo(2);
    assertThat(data.get("members").get(1).get("subject").asText()).isEqualTo("hill-a/rain/rg-2");
    assertThat(AlertJson.fromJson(data.get("members").get(0).toString())).isEqualTo(RAIN);
  }

  @Test
  void notificationIdsAreStableAndDifferForDifferentParts() {
    assertThat(NotificationIds.of("group", "hill-a", "e1,e2")).isEqualTo(NotificationIds.of("group", "hill-a", "e1,e2"))
        .isNotEqualTo(NotificationIds.of("group", "hill-a", "e1,e3")).matches("ntf_[0-9a-f]{20}");
  }
}
