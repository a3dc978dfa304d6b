package org.vigil.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything a bench run measured, written as a Markdown table and as JSON (bench/results/&lt;date&gt;.{md,json}). */
final class Results {

  /** One line of the table: a figure, its value, the target it is held to (or empty) and whether it is met. */
  record Row(String figure, String value, String target, String verdict) {}

  /** One phase: what it did, its figures, and what the run saw of the machine's load while it ran. */
  static final class Phase {
    final String id;
    final String title;
    final List<String> method = new ArrayList<>();
    final Map<String, Object> figures = new LinkedHashMap<>();
    final List<Row> rows = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    String loadBefore;
    String loadAfter;
    double seconds;
    String error;

    Phase(String id, String title) {
      this.id = id;
      this.title = title;
    }

    void method(String line) {
      method.add(line);
      Log.method("%s", line);
    }

    void row(String figure, String value, String target, String verdict) {
      rows.add(new Row(figure, value, target, verdict));
      Log.say("  %-48s %s%s", figure, value, target.isEmpty() ? "" : "   (target " + target + ": " + verdict + ")");
    }

    void row(String figure, String value) {
      row(figure, value, "", "");
    }

    void note(String line) {
      notes.add(line);
      Log.say("  note: %s", line);
    }
  }

  final Map<String, Object> run = new LinkedHashMap<>();
  final List<Phase> phases = new ArrayList<>();

  Phase phase(String id, String title) {
    Phase p = new Phase(id, title);
    phases.add(p);
    return p;
  }

  Phase find(String id) {
    return phases.stream().filter(p -> p.id.equals(id)).findFirst().orElse(null);
  }

  void write(Path md, Path json) throws IOException {
    Files.createDirectories(md.getParent());
    Map<String, Object> all = new LinkedHashMap<>(run);
    List<Map<String, Object>> ps = new ArrayList<>();
    for (Phase p : phases) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", p.id);
      m.put("title", p.title);
      m.put("seconds", Stats.round(p.seconds, 1));
      m.put("loadBefore", p.loadBefore);
      m.put("loadAfter", p.loadAfter);
      m.put("method", p.method);
      m.put("figures", p.figures);
      m.put("table", p.rows);
      m.put("notes", p.notes);
      if (p.error != null) {
        m.put("error", p.error);
      }
      ps.add(m);
    }
    all.put("phases", ps);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), all);
    Files.writeString(md, markdown());
  }

  String markdown() {
    StringBuilder s = new StringBuilder();
    s.append("# Vigil benchmark ").append(run.get("date")).append(" (").append(run.get("mode")).append(")\n\n");
    @SuppressWarnings("unchecked")
    Map<String, Object> machine = (Map<String, Object>) run.get("machine");
    if (machine != null) {
      s.append("Machine: ").append(machine.get("cpu")).append(", ").append(machine.get("cores")).append(" cores, ")
          .append(machine.get("memoryMb")).append(" MB; ").append(machine.get("os")).append("; ")
          .append(machine.get("java")).append(". Load average at start: ").append(machine.get("loadAtStart"))
          .append(". Total ").append(run.get("totalSeconds")).append(" s.\n\n");
    }
    s.append("| phase | figure | value | target | met |\n|---|---|---|---|---|\n");
    for (Phase p : phases) {
      for (Row r : p.rows) {
        s.append("| ").append(p.id).append(' ').append(p.title).append(" | ").append(r.figure()).append(" | ")
            .append(r.value()).append(" | ").append(r.target()).append(" | ").append(r.verdict()).append(" |\n");
      }
      if (p.error != null) {
        s.append("| ").append(p.id).append(' ').append(p.title).append(" | failed | ").append(p.error.replace('|', '/'))
            .append(" | | |\n");
      }
    }
    s.append("\n");
    for (Phase p : phases) {
      s.append("## ").append(p.id).append(". ").append(p.title).append("\n\n");
      s.append(String.format(java.util.Locale.ROOT, "%.0f s, load average %s before, %s after.%n%n", p.seconds,
          p.loadBefore, p.loadAfter));
      for (String m : p.method) {
        s.append("- ").append(m).append('\n');
      }
      for (String n : p.notes) {
        s.append("- note: ").append(n).append('\n');
      }
      s.append('\n');
    }
    return s.toString();
  }
}
