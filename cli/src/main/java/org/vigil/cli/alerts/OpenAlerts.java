package org.vigil.cli.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigil.core.Level;

/**
 * The open alerts as the InfluxDB {@code alerts} measurement tells them: per alert id the newest transition, open when
 * it is not a resolve; acknowledged when an {@code acknowledged} transition came after its last opening or
 * escalation (an escalation re-arms it, as noise control does).
 */
final class OpenAlerts {

  /** One open alert. */
  record Open(String id, String site, String rule, String subject, Level level, String state, long sinceMs,
      long updatedMs, String ackedBy, String ackComment) {}

  private OpenAlerts() {}

  /** Folds rows of {@code SELECT * FROM alerts} (time-ordered) into the open alerts, highest level first. */
  static List<Open> fold(JsonNode response) {
    Map<String, Open> open = new LinkedHashMap<>();
    for (JsonNode series : response.path("results").path(0).path("series")) {
      Map<String, Integer> col = new HashMap<>();
      JsonNode columns = series.path("columns");
      for (int i = 0; i < columns.size(); i++) {
        col.put(columns.get(i).asText(), i);
      }
      List<JsonNode> rows = new ArrayList<>();
      series.path("values").forEach(rows::add);
      rows.sort(Comparator.comparingLong(r -> r.path(col.get("time")).asLong()));
      for (JsonNode r : rows) {
        String id = text(r, col, "id");
        String state = text(r, col, "state");
        if (id.isEmpty()) {
          continue;
        }
        Open before = open.get(id);
        long t = r.path(col.get("time")).asLong();
        switch (state) {
          case "resolved" -> open.remove(id);
          case "acknowledged" -> {
            if (before != null) {
              open.put(id, new Open(id, before.site(), before.rule(), before.subject(), before.level(),
                  before.state(), before.sinceMs(), before.updatedMs(), text(r, col, "acked_by"),
                  text(r, col, "ack_comment")));
            }
          }
          default -> {
            boolean rearm = state.equals("opened") || state.equals("escalated");
            long since = col.containsKey("started_at") && !r.path(col.get("started_at")).isNull()
                ? r.path(col.get("started_at")).asLong() : t;
            open.put(id, new Open(id, text(r, col, "site"), text(r, col, "rule"), subject(r, col),
                Level.fromWire(text(r, col, "level")), state, since, t,
                rearm || before == null ? "" : before.ackedBy(), rearm || before == null ? "" : before.ackComment()));
          }
        }
      }
    }
    List<Open> out = new ArrayList<>(open.values());
    out.sort(Comparator.comparing(Open::level).reversed().thenComparingLong(Open::sinceMs));
    return out;
  }

  /**
   * The subject: a tag. In a database that also holds points from before it was a tag (a field then), {@code SELECT *}
   * names the field {@code subject} and the tag {@code subject_1}; a new point has only the tag.
   */
  private static String subject(JsonNode row, Map<String, Integer> col) {
    String s = text(row, col, "subject");
    return s.isEmpty() ? text(row, col, "subject_1") : s;
  }

  private static String text(JsonNode row, Map<String, Integer> col, String name) {
    Integer i = col.get(name);
    if (i == null || row.path(i).isNull() || row.path(i).isMissingNode()) {
      return "";
    }
    return row.path(i).asText();
  }
}
