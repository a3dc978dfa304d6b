package org.vigil.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * What a flight recording of the job says about where its CPU went: execution samples ({@code jdk.ExecutionSample},
 * what {@code jfr print --events jdk.ExecutionSample} lists) counted by top frame, by the first Vigil frame on the
 * stack, and by thread (Flink names task threads after their operators).
 */
final class JfrSummary {

  private JfrSummary() {}

  static List<String> summarise(Path recording, int top, long fromMs, long toMs) throws IOException {
    Map<String, Integer> topFrames = new HashMap<>();
    Map<String, Integer> vigilFrames = new HashMap<>();
    Map<String, Integer> threads = new HashMap<>();
    int total = 0;
    try (RecordingFile f = new RecordingFile(recording)) {
      while (f.hasMoreEvents()) {
        RecordedEvent e = f.readEvent();
        if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
          continue;
        }
        long at = e.getStartTime().toEpochMilli();
        if (at < fromMs || at > toMs) {
          continue;
        }
        RecordedStackTrace st = e.getStackTrace();
        if (st == null || st.getFrames().isEmpty()) {
          continue;
        }
        total++;
        topFrames.merge(name(st.getFrames().get(0)), 1, Integer::sum);
        String vigil = "(no Vigil frame)";
        for (RecordedFrame fr : st.getFrames()) {
          if (fr.getMethod() != null && fr.getMethod().getType().getName().startsWith("org.vigil")) {
            vigil = name(fr);
            break;
          }
        }
        vigilFrames.merge(vigil, 1, Integer::sum);
        var thread = e.getThread("sampledThread");
        String tn = thread == null ? "?" : thread.getJavaName();
        threads.merge(tn == null ? "?" : tn.replaceAll("\\(\\d+/\\d+\\)#\\d+", "").replaceAll("\\d+$", "#"), 1,
            Integer::sum);
      }
    }
    List<String> out = new ArrayList<>();
    out.add(String.format(Locale.ROOT, "%,d execution samples while the readings flowed", total));
    add(out, "top frames", topFrames, total, top);
    add(out, "first Vigil frame on the stack", vigilFrames, total, top);
    add(out, "threads", threads, total, top);
    return out;
  }

  private static void add(List<String> out, String title, Map<String, Integer> counts, int total, int top) {
    out.add(title + ":");
    counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(top).forEach(e ->
        out.add(String.format(Locale.ROOT, "  %5.1f %%  %s", 100.0 * e.getValue() / Math.max(1, total), e.getKey())));
  }

  private static String name(RecordedFrame f) {
    if (f.getMethod() == null) {
      return "?";
    }
    String type = f.getMethod().getType().getName();
    return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
  }
}
