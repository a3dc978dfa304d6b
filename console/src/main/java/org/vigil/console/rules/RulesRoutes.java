package org.vigil.console.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Function;
import org.vigil.alerts.rules.Problem;
import org.vigil.alerts.rules.RuleSet;
import org.vigil.alerts.rules.RuleSetInvalidException;
import org.vigil.alerts.rules.RuleSetLoader;
import org.vigil.console.http.ApiException;
import org.vigil.console.http.Json;
import org.vigil.console.auth.Access;
import org.vigil.console.auth.Role;
import org.vigil.console.auth.User;
import org.vigil.console.live.LiveState;
import org.vigil.jobs.backtest.BacktestMode;
import org.vigil.jobs.backtest.BacktestOptions;
import org.vigil.alerts.rules.Mode;
import org.vigil.connectors.influx.InfluxCredentials;
import org.vigil.jobs.monitoring.AnalyticsOptions;
import org.vigil.jobs.rules.RulesFile;
import org.vigil.jobs.rules.RulesetUpdate;
import org.vigil.cli.rules.RulesPublisher;
import org.vigil.core.settings.JobSettings;
import org.vigil.core.settings.SettingsReader;
import org.vigil.core.settings.Durations;

/**
 * The rules page's API.
 *
 * <ul>
 *   <li>{@code GET /api/rules} (viewer): the ruleset in force (retained on the rules topic, else the job's start-up
 *       rules), where it came from, and the job's newest decision</li>
 *   <li>{@code POST /api/rules/validate} {@code {"yaml"}} (engineer): {@code {"valid", "problems": [{"line",
 *       "column", "message"}], "rules", "notes"}}</li>
 *   <li>{@code POST /api/rules/backtest} {@code {"yaml", "from", "to", "warmup"?}} (engineer): 202 with the run; the
 *       rules in force are the comparison; 409 while another runs; {@code GET /api/rules/backtest/{id}}: its state,
 *       the progress while running and the report when done</li>
 *   <li>{@code POST /api/rules/publish} {@code {"yaml", "comment"}} (engineer): {@link RulesPublisher} with the user
 *       as author; {@code {"outcome": "accepted"|"rejected"|"no-answer", "output"}}</li>
 * </ul>
 */
public final class RulesRoutes {

  private static final String FILE = "console-editor.yaml";

  private final LiveState state;
  private final Access access;
  private final BacktestRuns backtests;
  private final RulesPublisher publisher;
  private final Function<String, String> env;
  private final String influxUrl;
  private final String database;
  private final InfluxCredentials influx;

  public RulesRoutes(LiveState state, Access access, BacktestRuns backtests, RulesPublisher publisher,
      Function<String, String> env, String influxUrl, String database, InfluxCredentials influx) {
    this.state = state;
    this.access = access;
    this.backtests = backtests;
    this.publisher = publisher;
    this.env = env;
    this.influxUrl = influxUrl;
    this.database = database;
    this.influx = influx;
  }

  public void routing(Javalin app) {
    app.get("/api/rules", this::current);
    app.post("/api/rules/validate", this::validate);
    app.post("/api/rules/backtest", this::backtest);
    app.get("/api/rules/backtest/{id}", this::backtestState);
    app.post("/api/rules/publish", this::publish);
  }

  /** The yaml and source of the rules in force. */
  public String[] inForce() {
    String retained = state.rulesYaml();
    if (retained != null && !retained.isBlank()) {
      String by = state.rulesAuthor();
      return new String[] {retained, "the ruleset retained on the rules topic"
          + (by.isEmpty() ? "" : " (published by MQTT identity " + by + ")")};
    }
    RulesetUpdate start = RulesFile.load(new SettingsReader(env).raw(JobSettings.RULES_FILE));
    return new String[] {start.yaml(), "the job's start-up rules " + start.source()};
  }

  /** The parsed rules in force, or null when they do not parse. */
  public RuleSet inForceRules() {
    try {
      String[] f = inForce();
      return RuleSetLoader.parse(f[0], f[1]);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private void current(Context ctx) {
    access.require(ctx, Role.VIEWER, "read");
    String[] f = inForce();
    ObjectNode n = Json.MAPPER.createObjectNode().put("yaml", f[0]).put("source", f[1]);
    n.set("status", state.rulesStatus());
    ctx.contentType("application/json").result(n.toString());
  }

  private void validate(Context ctx) {
    User u = access.require(ctx, Role.ENGINEER, "rules.validate");
    String yaml = yaml(ctx);
    ObjectNode n = Json.MAPPER.createObjectNode();
    try {
      RuleSetLoader.Loaded loaded = RuleSetLoader.load(yaml, FILE, null);
      n.put("valid", true).put("rules", loaded.ruleSet().rules().size());
      n.putArray("problems");
      ArrayNode notes = n.putArray("notes");
      loaded.notes().forEach(notes::add);
      access.record(ctx, u, "rules.validate", "ok", "", loaded.ruleSet().rules().size() + " rules");
    } catch (RuleSetInvalidException e) {
      n.put("valid", false);
      n.set("problems", problems(e));
      access.record(ctx, u, "rules.validate", "invalid", "", e.problems().size() + " problem(s): "
          + e.problems().get(0));
    }
    ctx.contentType("application/json").result(n.toString());
  }

  private void backtest(Context ctx) {
    User u = access.require(ctx, Role.ENGINEER, "rules.backtest");
    JsonNode body = Json.body(ctx);
    String yaml = Json.text(body, "yaml", true);
    Instant from = instant(body, "from");
    Instant to = instant(body, "to");
    if (!to.isAfter(from)) {
      throw ApiException.badRequest("'to' must be after 'from'");
    }
    if (Duration.between(from, to).toDays() > 31) {
      throw ApiException.badRequest("a console backtest covers at most 31 days (use ./vigil rules backtest)");
    }
    Duration warmup = BacktestOptions.DEFAULT_WARMUP;
    String w = Json.text(body, "warmup", false);
    if (w != null) {
      warmup = Durations.parse(w);
      if (warmup == null) {
        throw ApiException.badRequest("warmup must be " + Durations.SYNTAX + ", e.g. 1d or P11D");
      }
      if (warmup.isNegative() || warmup.toDays() > 30) {
        throw ApiException.badRequest("warmup must be 0 to 30 days");
      }
    }
    RuleSet newRules;
    try {
      newRules = RuleSetLoader.parse(yaml, FILE);
    } catch (RuleSetInvalidException e) {
      access.record(ctx, u, "rules.backtest", "invalid", "", e.problems().size() + " problem(s)");
      ObjectNode n = Json.MAPPER.createObjectNode().put("error", "the rules are not valid");
      n.set("problems", problems(e));
      ctx.status(400).contentType("application/json").result(n.toString());
      return;
    }
    String[] against = inForce();
    RuleSet againstRules = RuleSetLoader.parse(against[0], against[1]);
    BacktestOptions o = new BacktestOptions(influxUrl, database, influx, from.toEpochMilli(),
        to.toEpochMilli(), warmup, BacktestOptions.DEFAULT_CHUNK, 1, BacktestOptions.DEFAULT_MATCH_WITHIN,
        AnalyticsOptions.fromLookup(env)).validate()
        // Health rules are replayed against the registry in force (none known: they are named as not replayed).
        .withRegistry(access.duty().tree().registry())
        // judged as often as the job judges them
        .withHealthInterval(new SettingsReader(env).get(JobSettings.DEVICE_HEALTH_INTERVAL)).validate();
    String modeName = Json.text(body, "mode", false);
    String region = Json.text(body, "region", false);
    if (modeName != null || region != null) {
      // The proposed rules judged in a command mode (optionally only in a region of the registry in force).
      Mode m = Mode.fromWire(modeName == null ? "daily" : modeName);
      if (m == null) {
        throw ApiException.badRequest("mode must be daily, holiday or emergency");
      }
      if (region != null) {
        access.requireRegion(ctx, u, "rules.backtest", region, region);
      }
      try {
        o = o.inMode(BacktestMode.of(m, region, access.duty().tree().registry()));
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest(e.getMessage());
      }
    }
    String period = from + ".." + to + (o.mode() == null ? "" : " in mode " + o.mode().describe());
    BacktestRuns.Run run = backtests.start(u.name(), o, "the console editor", newRules, against[1],
        againstRules, done -> access.record(ctx, u, "rules.backtest." + done.state(), done.state()
            .equals("done") ? "ok" : "failed", done.id(), done.error() == null ? period : done.error()))
        .orElseThrow(() -> new ApiException(409, "a backtest is already running: wait for it to finish"));
    access.record(ctx, u, "rules.backtest", "ok", run.id(), period);
    ctx.status(202).json(run);
  }

  private void backtestState(Context ctx) {
    access.require(ctx, Role.ENGINEER, "rules.backtest");
    BacktestRuns.Run r = backtests.get(ctx.pathParam("id"))
        .orElseThrow(() -> new ApiException(404, "no backtest '" + ctx.pathParam("id") + "'"));
    ObjectNode n = Json.MAPPER.valueToTree(r);
    n.remove("reportJson");
    if (r.reportJson() != null) {
      try {
        n.set("report", Json.MAPPER.readTree(r.reportJson()));
      } catch (java.io.IOException e) {
        n.put("report", r.reportJson());
      }
    }
    if (r.state().equals("running")) {
      n.set("progress", Json.MAPPER.valueToTree(BacktestRuns.progress()));
    }
    ctx.contentType("application/json").result(n.toString());
  }

  private void publish(Context ctx) throws InterruptedException {
    User u = access.require(ctx, Role.ENGINEER, "rules.publish");
    JsonNode body = Json.body(ctx);
    String yaml = Json.text(body, "yaml", true);
    String comment = Json.text(body, "comment", true);
    if (comment.length() > 300 || comment.contains("\n")) {
      throw ApiException.badRequest("comment must be one line of at most 300 characters");
    }
    try {
      RuleSetLoader.parse(yaml, FILE);
    } catch (RuleSetInvalidException e) {
      access.record(ctx, u, "rules.publish", "invalid", "", e.problems().size() + " problem(s)");
      ObjectNode n = Json.MAPPER.createObjectNode().put("error", "the rules are not valid: nothing published");
      n.set("problems", problems(e));
      ctx.status(400).contentType("application/json").result(n.toString());
      return;
    }
    StringWriter out = new StringWriter();
    int code;
    try (PrintWriter w = new PrintWriter(out)) {
      code = publisher.publish(yaml, FILE, u.name(), comment, w);
    } catch (RuntimeException e) {
      access.record(ctx, u, "rules.publish", "failed", "", e.getMessage());
      throw new ApiException(503, "publishing failed: " + e.getMessage());
    }
    String outcome = code == RulesPublisher.ACCEPTED ? "accepted" : code == RulesPublisher.REJECTED ? "rejected"
        : "no-answer";
    access.record(ctx, u, "rules.publish", code == RulesPublisher.ACCEPTED ? "ok" : outcome, "", comment);
    ctx.contentType("application/json").result(Json.MAPPER.createObjectNode().put("outcome", outcome)
        .put("output", out.toString()).toString());
  }

  private static String yaml(Context ctx) {
    return Json.text(Json.body(ctx), "yaml", true);
  }

  private static Instant instant(JsonNode body, String field) {
    String v = Json.text(body, field, true);
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest("'" + field + "' must be an ISO-8601 UTC time such as 2026-11-29T00:00:00Z");
    }
  }

  private static ArrayNode problems(RuleSetInvalidException e) {
    ArrayNode a = Json.MAPPER.createArrayNode();
    for (Problem p : e.problems()) {
      a.addObject().put("line", p.line()).put("column", p.column()).put("message", p.message())
          .put("text", p.toString());
    }
    return a;
  }
}
