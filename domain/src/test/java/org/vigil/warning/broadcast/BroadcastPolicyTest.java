package org.vigil.warning.broadcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigil.core.Level;

class BroadcastPolicyTest {

  // county > t1 > {v1, v2}; county > t2 > v3
  static final RegionTree TREE = RegionTree.of(Map.of("t1", "county", "t2", "county", "v1", "t1", "v2", "t1",
      "v3", "t2"));

  static Loudspeaker at(String id, String region) {
    return new Loudspeaker(id, region, URI.create("http://127.0.0.1:1/" + id), "zh-CN");
  }

  @Test
  void redReachesTheTownshipOrangeTheVillageYellowNone() {
    BroadcastPolicy p = BroadcastPolicy.defaults();
    assertThat(p.reach("v1", Level.RED, TREE)).contains("t1");
    assertThat(p.reach("v1", Level.ORANGE, TREE)).contains("v1");
    assertThat(p.reach("v1", Level.YELLOW, TREE)).isEmpty();
    // Beyond the root it stays at the root.
    assertThat(new BroadcastPolicy(Map.of(Level.RED, 5)).reach("v1", Level.RED, TREE)).contains("county");
    assertThatThrownBy(() -> new BroadcastPolicy(Map.of(Level.RED, -1))).hasMessageContaining("0 or more");
  }

  @Test
  void aRegionsLoudspeakersAreItsOwnAndThoseBelowIt() {
    List<Loudspeaker> all = List.of(at("a", "v1"), at("b", "v2"), at("c", "v3"), at("d", "t1"), at("e", "county"));
    assertThat(BroadcastPolicy.within("t1", all, TREE)).extracting(Loudspeaker::id).containsExactly("a", "b", "d");
    assertThat(BroadcastPolicy.within("v3", all, TREE)).extracting(Loudspeaker::id).containsExactly("c");
    assertThat(BroadcastPolicy.within("county", all, TREE)).hasSize(5);
  }

  @Test
  void aLoudspeakerNeedsAnHttpEndpoint() {
    assertThatThrownBy(() -> new Loudspeaker("x", "v1", URI.create("file:///etc/passwd"), "en-US"))
        .hasMessageContaining("not an http(s) URL");
  }
}
