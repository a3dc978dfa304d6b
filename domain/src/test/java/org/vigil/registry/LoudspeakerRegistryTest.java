package org.vigil.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.rules.Problem;
import org.vigil.warning.broadcast.Loudspeaker;
import org.vigil.warning.broadcast.VoiceTemplate;

/** The registry's loudspeakers: what is read, and each mistake refused with its line. */
class LoudspeakerRegistryTest {

  private static final String HEAD = """
      regions:
        - {id: c, level: county}
        - {id: t1, level: township, parent: c}
        - {id: v1, level: village, parent: t1}
      sites: []
      loudspeakers:
      """;

  private static List<String> problems(String yaml) {
    RegistryInvalidException e = catchThrowableOfType(() -> RegistryLoader.parse(yaml, "reg.yaml"),
        RegistryInvalidException.class);
    assertThat(e).as("the registry is refused").isNotNull();
    return e.problems().stream().map(Problem::toString).toList();
  }

  @Test
  void readsLoudspeakersWithTheirLanguageAndVoice() {
    Registry r = RegistryLoader.parse(HEAD + """
          - {id: ls-v1-1, region: v1, url: "http://10.0.0.7:8080/play", language: zh-CN}
          - {id: ls-t1-1, region: t1, url: "https://horns.example/t1", language: en-US, voice: repeat}
        """, "reg.yaml");
    assertThat(r.loudspeakers().values()).containsExactly(
        new Loudspeaker("ls-v1-1", "v1", URI.create("http://10.0.0.7:8080/play"), "zh-CN", VoiceTemplate.STANDARD),
        new Loudspeaker("ls-t1-1", "t1", URI.create("https://horns.example/t1"), "en-US", VoiceTemplate.REPEAT));
    assertThat(r.summary()).isEqualTo("3 regions, 0 sites, 0 devices, 2 loudspeakers");
    assertThat(r.within("v1", "t1")).isTrue();
    assertThat(r.within("t1", "v1")).isFalse();
    assertThat(r.within("v1", "nowhere")).isFalse();
  }

  @Test
  void withoutLoudspeakersTheListIsEmpty() {
    Registry r = RegistryLoader.parse(HEAD.replace("loudspeakers:\n", ""), "reg.yaml");
    assertThat(r.loudspeakers()).isEmpty();
    assertThat(r.summary()).isEqualTo("3 regions, 0 sites, 0 devices");
  }

  @Test
  void everyMistakeIsReportedWithItsLine() {
    // HEAD has 6 lines; the loudspeakers start on line 7.
    List<String> p = problems(HEAD + """
          - {id: a, region: v2, url: "http://10.0.0.1/a", language: zh-CN}
          - {id: b, region: v1, url: "ftp://10.0.0.1/b", language: zh-CN}
          - {id: a, region: v1, url: "http://10.0.0.1/c", language: zh-CN}
          - {id: d, region: v1, url: "/relative", language: zh-CN}
          - {id: e, region: v1, url: "http://10.0.0.1/e", language: "zh CN", voice: shout}
          - {id: "f/g", region: v1, url: "http://10.0.0.1/f", language: en}
          - {id: h, region: v1, language: en, colour: red}
        """);
    assertThat(p).anySatisfy(s -> assertThat(s).startsWith("reg.yaml:7:").contains("region 'v2' is not a region")
        .contains("did you mean v1"));
    assertThat(p).anySatisfy(s -> assertThat(s).startsWith("reg.yaml:8:").contains("must be an absolute http"));
    assertThat(p).anySatisfy(s -> assertThat(s).startsWith("reg.yaml:9:")
        .contains("loudspeaker id 'a' is used twice (first at line 7)"));
    assertThat(p).anySatisfy(s -> assertThat(s).startsWith("reg.yaml:10:").contains("must be an absolute http"));
    assertThat(p).anySatisfy(s -> assertThat(s).startsWith("reg.yaml:11:").contains("is not a language tag"));
    assertThat(p).anySatisfy(s -> assertThat(s).startsWith("reg.yaml:11:").contains("voice 'shout'"));
    assertThat(p).anySatisfy(s -> assertThat(s).startsWith("reg.yaml:12:").contains("id 'f/g' must be"));
    assertThat(p).anySatisfy(s -> assertThat(s).startsWith("reg.yaml:13:").contains("missing field 'url'"));
    assertThat(p).anySatisfy(s -> assertThat(s).startsWith("reg.yaml:13:").contains("colour"));
    assertThat(p).hasSize(9);
  }

  @Test
  void voiceTemplatesPutTheWordsTogether() {
    assertThat(VoiceTemplate.STANDARD.speak("Red landslide warning.", "Leave now.")).isEqualTo(
        "Red landslide warning. Leave now.");
    assertThat(VoiceTemplate.BRIEF.speak("Red landslide warning.", "Leave now.")).isEqualTo("Red landslide warning.");
    assertThat(VoiceTemplate.REPEAT.speak("Lifted.", null)).isEqualTo("Lifted. Lifted.");
  }
}
