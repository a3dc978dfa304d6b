package org.vigil.jobs.backtest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigil.core.Level;

/**
 * How the alerts of the new rules differ from those of the rules compared against, span by span ({@link LevelSpan}).
 *
 * <p><b>Matching.</b> Spans are compared only within the same rule id, subject and level. Within such a group:
 *
 * <ol>
 *   <li>by overlap: taking the new spans in order of start, each is paired with the earliest-starting unpaired
 *       against-span that overlaps it in time (ends inclusive; a span still open at the end of the period runs to
 *       infinity);
 *   <li>then by nearest opening: each still unpaired new span, in order of start, is paired with the unpaired
 *       against-span whose start is nearest to its own, if no more than {@code matchWithin} apart (on a tie, the
 *       earlier one).
 * </ol>
 *
 * A pair is {@link Kind#EARLIER} when the new span starts before the against-span, {@link Kind#LATER} when after,
 * {@link Kind#SAME} when at the same millisecond; {@code shiftMs} = new start - against start. An unpaired new span
 * is {@link Kind#NEW} (it would fire only under the new rules), an unpaired against-span {@link Kind#GONE}.
 *
 * @param kind what the difference is
 * @param rule rule id
 * @param subject subject
 * @param level level
 * @param now the span under the new rules, null for GONE
 * @param against the span under the rules compared against, null for NEW
 * @param shiftMs new start - against start for EARLIER/LATER/SAME, else 0
 */
public record AlertMatch(Kind kind, String rule, String subject, Level level, LevelSpan now, LevelSpan against,
    long shiftMs) {

  /** The kinds of difference. */
  public enum Kind {
    NEW, GONE, EARLIER, LATER, SAME
  }

  /** Matches the spans of the two runs as described on the class; result ordered by time, then rule and subject. */
  public static List<AlertMatch> match(List<LevelSpan> now, List<LevelSpan> against, long matchWithinMs) {
    Map<String, List<LevelSpan>> newBy = group(now);
    Map<String, List<LevelSpan>> oldBy = group(against);
    List<AlertMatch> out = new ArrayList<>();
    for (String key : union(newBy, oldBy)) {
      List<LevelSpan> a = newBy.getOrDefault(key, List.of());
      List<LevelSpan> b = oldBy.getOrDefault(key, List.of());
      LevelSpan[] pairOfNew = new LevelSpan[a.size()];
      boolean[] taken = new boolean[b.size()];
      for (int i = 0; i < a.size(); i++) {
        for (int j = 0; j < b.size(); j++) {
          if (!taken[j] && a.get(i).overlaps(b.get(j))) {
            pairOfNew[i] = b.get(j);
            taken[j] = true;
            break;
          }
        }
      }
      for (int i = 0; i < a.size(); i++) {
        if (pairOfNew[i] != null) {
          continue;
        }
        int best = -1;
        long bestGap = Long.MAX_VALUE;
        for (int j = 0; j < b.size(); j++) {
          long gap = Math.abs(a.get(i).startMs() - b.get(j).startMs());
          if (!taken[j] && gap <= matchWithinMs && gap < bestGap) {
            best = j;
            bestGap = gap;
          }
        }
        if (best >= 0) {
          pairOfNew[i] = b.get(best);
          taken[best] = true;
        }
      }
      for (int i = 0; i < a.size(); i++) {
        LevelSpan n = a.get(i);
        LevelSpan o = pairOfNew[i];
        if (o == null) {
          out.add(new AlertMatch(Kind.NEW, n.rule(), n.subject(), n.level(), n, null, 0));
        } else {
          long shift = n.startMs() - o.startMs();
          Kind k = shift < 0 ? Kind.EARLIER : shift > 0 ? Kind.LATER : Kind.SAME;
          out.add(new AlertMatch(k, n.rule(), n.subject(), n.level(), n, o, shift));
        }
      }
      for (int j = 0; j < b.size(); j++) {
        if (!taken[j]) {
          LevelSpan o = b.get(j);
          out.add(new AlertMatch(Kind.GONE, o.rule(), o.subject(), o.level(), null, o, 0));
        }
      }
    }
    out.sort(Comparator.comparingLong(AlertMatch::startMs).thenComparing(AlertMatch::rule)
        .thenComparing(AlertMatch::subject).thenComparing(AlertMatch::level));
    return out;
  }

  /** The start of the span that exists (the new one when both do). */
  public long startMs() {
    return now != null ? now.startMs() : against.startMs();
  }

  private static Map<String, List<LevelSpan>> group(List<LevelSpan> spans) {
    Map<String, List<LevelSpan>> out = new LinkedHashMap<>();
    spans.stream().sorted(Comparator.comparingLong(LevelSpan::startMs))
        .forEach(s -> out.computeIfAbsent(s.rule() + "\u0000" + s.subject() + "\u0000" + s.level(),
            k -> new ArrayList<>()).add(s));
    return out;
  }

  private static List<String> union(Map<String, ?> a, Map<String, ?> b) {
    List<String> keys = new ArrayList<>(a.keySet());
    b.keySet().stream().filter(k -> !a.containsKey(k)).forEach(keys::add);
    return keys;
  }
}
