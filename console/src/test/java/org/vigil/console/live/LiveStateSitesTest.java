package org.vigil.console.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Which sites the console keeps: every registered one, however large the county, and at most {@link
 * LiveState#MAX_SITES} more that only messages name (a forged flood of site ids stays bounded).
 */
class LiveStateSitesTest {

  private static final byte[] RISK = "{\"level\":\"yellow\",\"openAlerts\":1}".getBytes(StandardCharsets.UTF_8);

  private static List<String> ids(String prefix, int n) {
    return IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
  }

  @Test
  void everyRegisteredSiteOfACountyOf2000IsKept() {
    LiveState state = new LiveState(new EventHub(10), List.of());
    state.addSites(ids("site-", 2_000));
    assertThat(state.sites()).hasSize(2_000);
    assertThat(state.snapshot().path("sites")).hasSize(2_000);
  }

  @Test
  void sitesOnlyMessagesNameStopAtTheLimitBesideTheRegisteredOnes() {
    LiveState state = new LiveState(new EventHub(10), List.of());
    state.addSites(ids("site-", 2_000));
    for (String forged : ids("forged-", 1_500)) {
      state.onMessage("vigil/" + forged + "/risk", RISK);
    }
    assertThat(state.sites()).hasSize(2_000 + 1_000);
    assertThat(state.sites()).contains("forged-999").doesNotContain("forged-1000");
    // a registered site's risk is still taken past the limit, a forged one's is not kept
    state.onMessage("vigil/site-1999/risk", RISK);
    state.onMessage("vigil/forged-1400/risk", RISK);
    assertThat(state.snapshot().path("risks").has("site-1999")).isTrue();
    assertThat(state.snapshot().path("risks").has("forged-1400")).isFalse();
  }

  @Test
  void aSiteHeardOfBeforeItWasRegisteredNoLongerCountsAgainstTheLimit() {
    LiveState state = new LiveState(new EventHub(10), List.of());
    for (String early : ids("early-", 1_000)) {
      state.onMessage("vigil/" + early + "/risk", RISK);
    }
    state.onMessage("vigil/late-0/risk", RISK);
    assertThat(state.sites()).doesNotContain("late-0");
    state.addSites(ids("early-", 1_000)); // the registry lists them after all
    state.onMessage("vigil/late-0/risk", RISK);
    assertThat(state.sites()).hasSize(1_001).contains("late-0");
  }
}
