package org.vigil.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.vigil.decode.DecodeException;
import org.vigil.decode.DecoderOptions;
import org.vigil.decode.FrameDecoder;
import org.vigil.decode.ReadingDecoder;
import org.vigil.decode.RejectReason;

/**
 * The corpus against the Flink-free decoders: every decode-level case gets its reason, and the cases whose outcome
 * is decided after decoding (duplicate, late, accepted) decode cleanly. {@link BadInputCorpusIT} sends the same
 * corpus through the running job.
 */
class BadInputCorpusTest {

  private static final long NOW = 1_795_852_800_000L;
  private static final Set<String> AFTER_DECODE = Set.of("duplicate", "late", BadInputCorpus.ACCEPTED);

  @Test
  void everyCaseHasItsReasonAtTheDecoder() {
    List<BadInputCorpus.Case> cases = BadInputCorpus.load(NOW, "hill-a", "r1");
    DecoderOptions options = DecoderOptions.defaults(Set.of("hill-a")).withMaxFrameBytes(65_536);
    ReadingDecoder readings = new ReadingDecoder(options);
    FrameDecoder frames = new FrameDecoder(options);
    List<String> wrong = new ArrayList<>();
    for (BadInputCorpus.Case c : cases) {
      String got;
      try {
        if (FrameDecoder.isFrameTopic(c.topic())) {
          frames.decode(c.topic(), c.payload(), NOW);
        } else {
          readings.decode(c.topic(), c.payload(), NOW);
        }
        got = "decoded";
      } catch (DecodeException e) {
        got = e.reason().code();
      }
      String want = AFTER_DECODE.contains(c.expected()) ? "decoded" : c.expected();
      if (!got.equals(want)) {
        wrong.add(c.id() + ": expected " + want + ", got " + got);
      }
    }
    assertThat(wrong).as("cases with another outcome").isEmpty();
  }

  @Test
  void theCorpusCoversEveryCategoryAndEveryReason() {
    List<BadInputCorpus.Case> cases = BadInputCorpus.load(NOW, "hill-a", "r1");
    assertThat(cases).hasSizeGreaterThanOrEqualTo(50);
    assertThat(cases).extracting(BadInputCorpus.Case::id).doesNotHaveDuplicates();
    assertThat(cases).extracting(BadInputCorpus.Case::topic).doesNotHaveDuplicates();
    Map<String, Long> byReason =
        cases.stream().collect(Collectors.groupingBy(BadInputCorpus.Case::expected, TreeMap::new, Collectors.counting()));
    // Every reason code the job can produce has at least one case.
    assertThat(byReason.keySet())
        .containsAll(Arrays.stream(RejectReason.values()).map(RejectReason::code).toList())
        .contains(BadInputCorpus.ACCEPTED);
    // The categories of the issue, by case-id prefix.
    assertThat(cases).extracting(BadInputCorpus.Case::id)
        .anyMatch(id -> id.startsWith("json-"))
        .anyMatch(id -> id.startsWith("type-"))
        .anyMatch(id -> id.startsWith("nan-") || id.contains("infinity"))
        .anyMatch(id -> id.startsWith("huge-"))
        .anyMatch(id -> id.startsWith("empty-"))
        .anyMatch(id -> id.startsWith("oversize-"))
        .anyMatch(id -> id.startsWith("site-"))
        .anyMatch(id -> id.startsWith("dup-"))
        .anyMatch(id -> id.startsWith("order-"))
        .anyMatch(id -> id.startsWith("late-"))
        .anyMatch(id -> id.startsWith("ts-future"))
        .anyMatch(id -> id.startsWith("ts-too-old"))
        .anyMatch(id -> id.startsWith("utf8-"))
        .anyMatch(id -> id.startsWith("frame-"))
        .anyMatch(id -> id.startsWith("topic-"));
  }
}
