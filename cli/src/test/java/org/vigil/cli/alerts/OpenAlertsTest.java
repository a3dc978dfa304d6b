package org.vigil.cli.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.vigil.core.Level;

class OpenAlertsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void twoSubjectsOpenedAtOneInstantAreTwoOpenAlerts() throws Exception {
    // SELECT * FROM alerts as InfluxDB answers it with subject as a tag: one series, tags as columns.
    String response = """
        {"results":[{"series":[{"name":"alerts","columns":["time","id","level","previous_level","rule","site",
        "started_at","state","subject","value"],"values":[
        [1000,"alt_a","yellow","none","rain-1h","hill","1000","opened","hill/rain/rg-1",21.0],
        [1000,"alt_b","yellow","none","rain-1h","hill","1000","opened","hill/rain/rg-2",21.0],
        [2000,"alt_a","none","yellow","rain-1h","hill","1000","resolved","hill/rain/rg-1",1.0]]}]}]}
        """;
    assertThat(OpenAlerts.fold(JSON.readTree(response))).singleElement().satisfies(o -> {
      assertThat(o.id()).isEqualTo("alt_b");
      assertThat(o.subject()).isEqualTo("hill/rain/rg-2");
      assertThat(o.level()).isEqualTo(Level.YELLOW);
    });
  }

  @Test
  void inADatabaseWithOlderPointsTheTagColumnIsUsed() throws Exception {
    // Older points have a subject field, newer ones the tag: SELECT * names them subject and subject_1.
    String response = """
        {"results":[{"series":[{"name":"alerts","columns":["time","id","level","rule","site","state","subject",
        "subject_1"],"values":[
        [1000,"alt_old","orange","slope","hill","opened","hill/gnss/g-1",null],
        [2000,"alt_new","yellow","slope","hill","opened",null,"hill/gnss/g-2"]]}]}]}
        """;
    assertThat(OpenAlerts.fold(JSON.readTree(response))).extracting(OpenAlerts.Open::subject)
        .containsExactly("hill/gnss/g-1", "hill/gnss/g-2");
  }
}
