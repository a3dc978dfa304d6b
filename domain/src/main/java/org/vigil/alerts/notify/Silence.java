package org.vigil.alerts.notify;

import java.util.ArrayList;
import java.util.List;
import org.vigil.core.AlertEvent;
import org.vigil.core.Globs;

/**
 * A silence (maintenance window): transitions it matches between {@code startsAtMs} (inclusive) and {@code endsAtMs}
 * (exclusive), judged on the transition's device time, are stored and published on the live feed as usual but not
 * notified. A silence with the id of an earlier one replaces it; to lift one early, send it again with
 * {@code endsAtMs} set to the lift time.
 *
 * <p>Matchers: each list is a set of globs ({@code *} any characters, {@code ?} one); an empty list matches
 * anything, and a transition must match every non-empty list. {@code sites} match the site id; {@code sensors} match
 * the subject ({@code site/kind/sensorId}) or the sensor id alone; {@code rules} match the rule id. At least one list
 * must be non-empty (use {@code ["*"]} to silence everything).
 *
 * @param id the silence's id
 * @param sites site globs
 * @param sensors sensor globs
 * @param rules rule globs
 * @param startsAtMs start, epoch ms
 * @param endsAtMs end, epoch ms, after the start
 * @param createdBy who set it
 * @param comment why, may be empty
 */
public record Silence(
    String id,
    List<String> sites,
    List<String> sensors,
    List<String> rules,
    long startsAtMs,
    long endsAtMs,
    String createdBy,
    String comment) {

  /** Normalizes null lists and comment to empty; {@link #problems()} says whether the silence is usable. */
  public Silence {
    sites = sites == null ? List.of() : List.copyOf(sites);
    sensors = sensors == null ? List.of() : List.copyOf(sensors);
    rules = rules == null ? List.of() : List.copyOf(rules);
    comment = comment == null ? "" : comment;
  }

  /**
   * The deletion of silence {@code id} (an empty retained message on its topic): matches nothing, and the job removes
   * the silence of that id when it gets one. {@link #isDeletion()} tells it apart.
   */
  public static Silence deletion(String id) {
    return new Silence(id, List.of(), List.of(), List.of(), 0, 0, "", "");
  }

  /** True for a {@link #deletion}. */
  public boolean isDeletion() {
    return sites.isEmpty() && sensors.isEmpty() && rules.isEmpty() && startsAtMs == 0 && endsAtMs == 0;
  }

  /** Every reason this silence cannot be used; empty when it can. */
  public List<String> problems() {
    List<String> p = new ArrayList<>();
    if (id == null || id.isBlank()) {
      p.add("silence has no id");
    }
    if (sites.isEmpty() && sensors.isEmpty() && rules.isEmpty()) {
      p.add("silence " + id + " matches nothing: give sites, sensors or rules (['*'] for everything)");
    }
    if (endsAtMs <= startsAtMs) {
      p.add("silence " + id + " ends (" + endsAtMs + ") at or before it starts (" + startsAtMs + ")");
    }
    if (createdBy == null || createdBy.isBlank()) {
      p.add("silence " + id + " has no createdBy");
    } else if (!ControlFields.PERSON.matcher(createdBy).matches()) {
      p.add("silence " + id + ": createdBy '" + ControlFields.shorten(createdBy)
          + "' is not a name of 1-64 letters, digits, spaces or . _ @ -");
    }
    if (id != null && !ControlFields.SILENCE_ID.matcher(id).matches()) {
      p.add("silence id '" + ControlFields.shorten(id) + "' is not 1-64 letters, digits, '_', '.' or '-'");
    }
    for (List<String> globs : List.of(sites, sensors, rules)) {
      if (globs.size() > ControlFields.MAX_GLOBS) {
        p.add("silence " + id + " has a list of " + globs.size() + " globs; at most " + ControlFields.MAX_GLOBS);
      }
      globs.stream().filter(g -> !ControlFields.GLOB.matcher(g).matches()).findFirst().ifPresent(g -> p.add(
          "silence " + id + ": '" + ControlFields.shorten(g) + "' is not a glob of 1-64 letters, digits, _ . / - * ?"));
    }
    if (!ControlFields.inRange(startsAtMs) || !ControlFields.inRange(endsAtMs)) {
      p.add("silence " + id + " starts or ends outside " + ControlFields.EARLIEST + " .. " + ControlFields.LATEST);
    }
    if (comment.length() > ControlFields.MAX_COMMENT_CHARS) {
      p.add("silence " + id + " has a comment of " + comment.length() + " characters; at most "
          + ControlFields.MAX_COMMENT_CHARS);
    }
    return p;
  }

  /** Whether the silence is in force at device time {@code atMs}. */
  public boolean activeAt(long atMs) {
    return atMs >= startsAtMs && atMs < endsAtMs;
  }

  /** Whether the silence is in force at {@code atMs} and its matchers all match the event. */
  public boolean mutes(AlertEvent e, long atMs) {
    return activeAt(atMs) && matches(e.site(), e.subject(), e.rule());
  }

  /** Whether the matchers (ignoring time) match a transition of this site, subject and rule. */
  public boolean matches(String site, String subject, String rule) {
    String sensorId = subject.substring(subject.lastIndexOf('/') + 1);
    return anyGlob(sites, site) && (anyGlob(sensors, subject) || anyGlob(sensors, sensorId))
        && anyGlob(rules, rule);
  }

  static boolean anyGlob(List<String> globs, String value) {
    if (globs.isEmpty()) {
      return true;
    }
    for (String g : globs) {
      if (Globs.matches(g, value)) {
        return true;
      }
    }
    return false;
  }
}
