package org.vigil.jobs.notify;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Hostile control messages, as anyone on the field network could publish them: acknowledgements on the ack topic,
 * retained silences on {@code vigil/config/silences/<id>} and rulesets on the rules topic. Each must be refused with
 * a dead letter of its reason and must never fail the job. Among them every case found by trying the job as an
 * attacker: times that overflow epoch milliseconds ({@code +300000000-01-01T00:00:00Z}), a ruleset version of
 * {@code 1e300}, and ids that would inject levels into the topics the job publishes on.
 *
 * @see ControlCorpusTest the cases through the job's decoding operators
 * @see ControlCorpusIT the cases through the real job
 */
final class HostileControlCorpus {

  enum Kind { ACK, SILENCE, RULES }

  /**
   * One case.
   *
   * @param id a name for reports
   * @param kind which control input it is published on
   * @param silenceId for {@link Kind#SILENCE}: the last topic level (the case's payload may claim another)
   * @param payload the bytes published
   */
  record Case(String id, Kind kind, String silenceId, byte[] payload) {

    String expectedReason() {
      return switch (kind) {
        case ACK -> "ack_invalid";
        case SILENCE -> "silence_invalid";
        case RULES -> "ruleset_invalid";
      };
    }

    @Override
    public String toString() {
      return id;
    }
  }

  static final String ALERT_ID = "alt_0123456789abcdef0123";

  private HostileControlCorpus() {}

  /** A valid ack but for the given field replaced by {@code json} (a JSON value), or removed when null. */
  static String ack(String field, String json) {
    StringBuilder b = new StringBuilder("{");
    String[][] fields = {{"alertId", "\"" + ALERT_ID + "\""}, {"site", "\"hill-a\""}, {"by", "\"maria\""},
        {"at", "\"2026-11-29T10:00:00Z\""}, {"comment", "\"crew on the way\""}};
    for (String[] f : fields) {
      String value = f[0].equals(field) ? json : f[1];
      if (value != null) {
        b.append(b.length() > 1 ? "," : "").append('"').append(f[0]).append("\":").append(value);
      }
    }
    return b.append('}').toString();
  }

  /** A valid silence of id {@code id} but for the given field replaced by {@code json}, or removed when null. */
  static String silence(String id, String field, String json) {
    StringBuilder b = new StringBuilder("{");
    String[][] fields = {{"id", "\"" + id + "\""}, {"sites", "[\"hill-a\"]"}, {"sensors", "[]"}, {"rules", "[]"},
        {"startsAt", "\"2026-11-29T10:00:00Z\""}, {"endsAt", "\"2026-11-29T12:00:00Z\""},
        {"createdBy", "\"maria\""}, {"comment", "\"maintenance\""}};
    for (String[] f : fields) {
      String value = f[0].equals(field) ? json : f[1];
      if (value != null) {
        b.append(b.length() > 1 ? "," : "").append('"').append(f[0]).append("\":").append(value);
      }
    }
    return b.append('}').toString();
  }

  /** A valid ruleset of one threshold rule, with the given top-level version line (none when null). */
  static String ruleset(String versionLine) {
    return (versionLine == null ? "" : versionLine + "\n") + "author: maria\ncomment: test\nrules:\n"
        + "  - id: rain-1h\n    scope: {kinds: [rain]}\n    metric: rain_1h\n    condition: {type: threshold}\n"
        + "    levels:\n      orange: {raise: 20, clear: 15}\n";
  }

  private static String repeat(String s, int n) {
    return s.repeat(n);
  }

  private static String quoted(String s) {
    return "\"" + s + "\"";
  }

  /**
   * Every case. {@code run} makes silence ids unique to a test run; {@code versionInForce} is the published ruleset
   * version the job holds when the rules cases arrive (the jump case exceeds it by more than the allowed step).
   */
  static List<Case> cases(String run, long versionInForce) {
    List<Case> c = new ArrayList<>();
    // Acknowledgements.
    ack(c, "ack-at-year-300000000", ack("at", quoted("+300000000-01-01T00:00:00Z")));
    ack(c, "ack-at-year-minus-300000000", ack("at", quoted("-300000000-01-01T00:00:00Z")));
    ack(c, "ack-at-1e300", ack("at", "1e300"));
    ack(c, "ack-at-beyond-long", ack("at", "99999999999999999999999"));
    ack(c, "ack-at-long-max", ack("at", "9223372036854775807"));
    ack(c, "ack-at-long-min", ack("at", "-9223372036854775808"));
    ack(c, "ack-at-fraction", ack("at", "1795946400000.5"));
    ack(c, "ack-at-month-13", ack("at", quoted("2026-13-45T00:00:00Z")));
    ack(c, "ack-at-boolean", ack("at", "true"));
    ack(c, "ack-at-object", ack("at", "{}"));
    ack(c, "ack-at-missing", ack("at", null));
    ack(c, "ack-at-1999", ack("at", quoted("1999-12-31T23:59:59Z")));
    ack(c, "ack-at-2100", ack("at", quoted("2100-01-01T00:00:00Z")));
    ack(c, "ack-alert-id-missing", ack("alertId", null));
    ack(c, "ack-alert-id-number", ack("alertId", "42"));
    ack(c, "ack-alert-id-10k", ack("alertId", quoted(repeat("a", 10_000))));
    ack(c, "ack-alert-id-wildcard", ack("alertId", quoted("alt_x/#")));
    ack(c, "ack-site-topic-injection", ack("site", quoted("hill-a/#")));
    ack(c, "ack-site-plus", ack("site", quoted("+")));
    ack(c, "ack-site-nul", ack("site", quoted("\\u0000")));
    ack(c, "ack-site-65-chars", ack("site", quoted(repeat("s", 65))));
    ack(c, "ack-site-empty", ack("site", quoted("")));
    ack(c, "ack-by-missing", ack("by", null));
    ack(c, "ack-by-forged-log-line", ack("by", quoted("x\\n[ERROR] forged line")));
    ack(c, "ack-by-100-chars", ack("by", quoted(repeat("b", 100))));
    ack(c, "ack-comment-2000-chars", ack("comment", quoted(repeat("c", 2000))));
    ack(c, "ack-comment-bell", ack("comment", quoted("ring \\u0007")));
    ack(c, "ack-comment-number", ack("comment", "42"));
    ack(c, "ack-not-json", "ack");
    ack(c, "ack-json-array", "[1,2]");
    ack(c, "ack-json-null", "null");
    ack(c, "ack-empty", "");
    ack(c, "ack-nested-5000", repeat("{\"a\":", 5000) + "1" + repeat("}", 5000));
    ack(c, "ack-number-2000-digits", ack("at", repeat("9", 2000)));
    ack(c, "ack-duplicate-key-bad-last", ack("at", quoted("2026-11-29T10:00:00Z") + ",\"at\":\"+999999999-01-01T00:00:00Z\""));
    c.add(new Case("ack-invalid-utf8", Kind.ACK, null, new byte[] {'{', '"', 'a', '"', ':', (byte) 0xC3, (byte) 0x28, '}'}));
    ack(c, "ack-70k", ack("comment", quoted(repeat("x", 70_000))));
    // Silences, each on a topic of its own (retained).
    silence(c, run, "silence-ends-year-300000000", "endsAt", quoted("+300000000-01-01T00:00:00Z"));
    silence(c, run, "silence-starts-year-minus-300000000", "startsAt", quoted("-300000000-01-01T00:00:00Z"));
    silence(c, run, "silence-ends-long-max", "endsAt", "9223372036854775807");
    silence(c, run, "silence-ends-9999", "endsAt", quoted("9999-12-31T23:59:59Z"));
    silence(c, run, "silence-ends-before-start", "endsAt", quoted("2026-11-29T09:00:00Z"));
    silence(c, run, "silence-sites-string", "sites", quoted("*"));
    silence(c, run, "silence-sites-number", "sites", "[1]");
    silence(c, run, "silence-sites-101", "sites", "[" + String.join(",", java.util.Collections.nCopies(101, "\"a\"")) + "]");
    silence(c, run, "silence-glob-65-chars", "sites", "[" + quoted(repeat("*a", 32) + "b") + "]");
    silence(c, run, "silence-glob-space", "sites", "[\"hill a\"]");
    silence(c, run, "silence-glob-newline", "rules", "[\"a\\nb\"]");
    silence(c, run, "silence-created-by-missing", "createdBy", null);
    silence(c, run, "silence-created-by-newline", "createdBy", quoted("m\\n[WARN] forged"));
    silence(c, run, "silence-comment-5000", "comment", quoted(repeat("c", 5000)));
    silence(c, run, "silence-matches-nothing", "sites", "[]");
    String mismatch = "silence-id-mismatch-" + run;
    c.add(new Case("silence-id-mismatch", Kind.SILENCE, mismatch, bytes(silence("other-" + run, null, null))));
    String badTopic = "bad%id-" + run;
    c.add(new Case("silence-topic-id-percent", Kind.SILENCE, badTopic, bytes(silence(badTopic, null, null))));
    String notJson = "silence-not-json-" + run;
    c.add(new Case("silence-not-json", Kind.SILENCE, notJson, bytes("{\"id\":")));
    String big = "silence-80k-" + run;
    c.add(new Case("silence-80k", Kind.SILENCE, big, bytes(silence(big, "comment", quoted(repeat("x", 80_000))))));
    // Rulesets.
    rules(c, "rules-version-1e300", ruleset("version: 1e300"));
    rules(c, "rules-version-long-max", ruleset("version: 9223372036854775807"));
    rules(c, "rules-version-2-pow-53", ruleset("version: 9007199254740992"));
    rules(c, "rules-version-negative", ruleset("version: -1"));
    rules(c, "rules-version-zero", ruleset("version: 0"));
    rules(c, "rules-version-fraction", ruleset("version: " + versionInForce + ".5"));
    rules(c, "rules-version-text", ruleset("version: abc"));
    rules(c, "rules-no-version", ruleset(null));
    rules(c, "rules-version-jump", ruleset("version: " + (versionInForce + 5_000)));
    rules(c, "rules-alias-bomb", "version: " + (versionInForce + 1) + "\na: &a [x,x,x,x,x,x,x,x,x]\n"
        + "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
        + "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
        + "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nrules: *g\n");
    rules(c, "rules-java-type-tag", "version: " + (versionInForce + 1)
        + "\nrules: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://127.0.0.1:1/\"]]]]\n");
    rules(c, "rules-nested-200", "version: " + (versionInForce + 1) + "\nrules: " + repeat("[", 200) + repeat("]", 200) + "\n");
    rules(c, "rules-not-yaml", "{{{{ :::: ]]");
    rules(c, "rules-empty", "");
    rules(c, "rules-threshold-nan", ruleset("version: " + (versionInForce + 1)).replace("raise: 20", "raise: .nan"));
    rules(c, "rules-threshold-inf", ruleset("version: " + (versionInForce + 1)).replace("clear: 15", "clear: .inf"));
    rules(c, "rules-pending-overflow", ruleset("version: " + (versionInForce + 1))
        + "    pending: 99999999999999999999999d\n");
    rules(c, "rules-pending-iso-overflow", ruleset("version: " + (versionInForce + 1))
        + "    pending: PT9999999999999999999H\n");
    rules(c, "rules-not-a-list", "version: " + (versionInForce + 1) + "\nrules: 42\n");
    c.add(new Case("rules-binary", Kind.RULES, null, new byte[] {0, 1, 2, (byte) 0xFF, (byte) 0xFE, 0x7F, 10, 0}));
    rules(c, "rules-2-mib", ruleset("version: " + (versionInForce + 1)) + "# " + repeat("x", 2 * 1024 * 1024) + "\n");
    return c;
  }

  private static void ack(List<Case> c, String id, String payload) {
    c.add(new Case(id, Kind.ACK, null, bytes(payload)));
  }

  private static void silence(List<Case> c, String run, String id, String field, String json) {
    String sid = id + "-" + run;
    c.add(new Case(id, Kind.SILENCE, sid, bytes(silence(sid, field, json))));
  }

  private static void rules(List<Case> c, String id, String yaml) {
    c.add(new Case(id, Kind.RULES, null, bytes(yaml)));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
