package org.vigil.console.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** What the console keeps of feed messages: closed sets, numbers, ids and sizes. */
class FeedDataTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode j(String s) throws Exception {
    return JSON.readTree(s);
  }

  @Test
  void riskAndAlertLevelsAndStatesComeFromTheirSets() throws Exception {
    assertThat(FeedData.risk(j("{\"level\":\"red\",\"openAlerts\":3,\"rule\":\"rain-1h\"}")).path("level").asText())
        .isEqualTo("red");
    assertThatThrownBy(() -> FeedData.risk(j("{\"level\":\"<img src=x onerror=alert(1)>\"}")))
        .hasMessageContaining("level is not one of");
    assertThatThrownBy(() -> FeedData.risk(j("{\"level\":\"red\",\"openAlerts\":\"<b>3</b>\"}")))
        .hasMessageContaining("openAlerts is not a whole number");
    assertThatThrownBy(() -> FeedData.alert(j("{\"id\":\"alt_1\",\"site\":\"s\",\"level\":\"red\","
        + "\"state\":\"<script>\"}"))).hasMessageContaining("state is not one of");
    assertThatThrownBy(() -> FeedData.alert(j("{\"id\":\"a\\\" onmouseover=\\\"x\",\"level\":\"red\"}")))
        .hasMessageContaining("id is not an id");
    // The job's referral of an unacknowledged alert up the region tree (the duty board's middle column) is kept.
    assertThat(FeedData.alert(j("{\"id\":\"alt_1\",\"site\":\"s\",\"level\":\"red\",\"state\":\"referred\","
        + "\"referral\":1,\"referredTo\":\"east\"}")).path("state").asText()).isEqualTo("referred");
  }

  @Test
  void detectionsHoldNumbersWhereNumbersBelong() throws Exception {
    assertThat(FeedData.detections(j("{\"people\":4,\"zones\":[{\"id\":\"gate\",\"people\":2,\"densityPerM2\":0.1,"
        + "\"levelOfService\":\"A\"}],\"boxes\":[{\"x\":1,\"y\":2,\"w\":3,\"h\":4}]}")).path("people").asInt())
        .isEqualTo(4);
    assertThatThrownBy(() -> FeedData.detections(j("{\"people\":\"<img>\"}"))).hasMessageContaining("people");
    assertThatThrownBy(() -> FeedData.detections(j("{\"zones\":[{\"levelOfService\":\"<i>\"}]}")))
        .hasMessageContaining("levelOfService");
  }

  @Test
  void tracksLinesAndZoneFlowsHoldNumbersAndStatesFromTheirSet() throws Exception {
    JsonNode ok = FeedData.detections(j("{\"tracks\":[{\"id\":1,\"x\":1,\"y\":2,\"w\":3,\"h\":4,\"footX\":2.5,"
        + "\"footY\":6,\"state\":\"still\",\"zone\":null,\"dwellS\":3}],\"tracksTotal\":1,"
        + "\"lines\":[{\"id\":\"door\",\"in\":3,\"out\":1,\"from\":[430,140],\"to\":[430,440]}],"
        + "\"zones\":[{\"id\":\"gate\",\"entries\":4,\"exits\":1,\"netInflowPerMin\":null,"
        + "\"minutesToCapacity\":12.5}]}"));
    assertThat(ok.path("lines").get(0).path("to").get(1).asInt()).isEqualTo(440);
    assertThatThrownBy(() -> FeedData.detections(j("{\"tracks\":[{\"state\":\"<script>\"}]}")))
        .hasMessageContaining("state is not one of");
    assertThatThrownBy(() -> FeedData.detections(j("{\"tracks\":[{\"footX\":\"1);alert(1\"}]}")))
        .hasMessageContaining("footX");
    assertThatThrownBy(() -> FeedData.detections(j("{\"tracks\":[7]}"))).hasMessageContaining("a track");
    assertThatThrownBy(() -> FeedData.detections(j("{\"lines\":[{\"from\":[1],\"to\":[1,2]}]}")))
        .hasMessageContaining("from is not two numbers");
    assertThatThrownBy(() -> FeedData.detections(j("{\"lines\":[{\"from\":[1,2],\"to\":[\"x\",2]}]}")))
        .hasMessageContaining("to is not two numbers");
    assertThatThrownBy(() -> FeedData.detections(j("{\"zones\":[{\"entries\":\"many\"}]}")))
        .hasMessageContaining("entries");
  }

  @Test
  void readingValuesAreFewNamedFieldsOfNumbersOrShortText() throws Exception {
    assertThat(FeedData.values(j("{\"rain_mm\":0.5,\"status\":\"ok\"}")).size()).isEqualTo(2);
    assertThatThrownBy(() -> FeedData.values(j("{\"rain_mm\":{\"nested\":1}}"))).hasMessageContaining("rain_mm");
    assertThatThrownBy(() -> FeedData.values(j("{\"Bad-Name\":1}"))).hasMessageContaining("Bad-Name");
    StringBuilder many = new StringBuilder("{");
    for (int i = 0; i < 33; i++) {
      many.append(i > 0 ? "," : "").append("\"f").append(i).append("\":1");
    }
    assertThatThrownBy(() -> FeedData.values(j(many.append('}').toString()))).hasMessageContaining("at most 32");
    assertThat(FeedData.time(j("\"" + "x".repeat(41) + "\"")).isNull()).isTrue();
  }

  @Test
  void anyMessageIsBoundedInDepthFieldsArraysAndText() throws Exception {
    assertThatThrownBy(() -> FeedData.bounded(j("{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":1}}}}}")))
        .hasMessageContaining("nested deeper");
    assertThatThrownBy(() -> FeedData.bounded(j("{\"a\":\"" + "x".repeat(1001) + "\"}")))
        .hasMessageContaining("1000 characters");
    assertThatThrownBy(() -> FeedData.bounded(j("{\"a\":[" + "1,".repeat(500) + "1]}")))
        .hasMessageContaining("more than 500");
    assertThat(FeedData.isId("hill-a")).isTrue();
    assertThat(FeedData.isId("hill a")).isFalse();
    assertThat(FeedData.isId("<b>")).isFalse();
  }
}
