package org.vigil.console;

import org.vigil.console.http.Json;
import org.vigil.console.http.ApiException;
import org.vigil.console.http.InfluxAnswers;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.alerts.notify.CommandTopics;
import org.vigil.connectors.mqtt.security.MqttClientSecurity;
import org.vigil.console.alerts.AlertRoutes;
import org.vigil.console.alerts.CommentStore;
import org.vigil.console.audit.AuditLog;
import org.vigil.console.auth.Access;
import org.vigil.console.auth.AuthRoutes;
import org.vigil.console.auth.Role;
import org.vigil.console.auth.Sessions;
import org.vigil.console.auth.UserDirectory;
import org.vigil.console.history.HistoryRoutes;
import org.vigil.console.live.ConsoleMqtt;
import org.vigil.console.live.EventHub;
import org.vigil.console.live.LiveRoutes;
import org.vigil.console.warnings.WarningRoutes;
import org.vigil.console.modes.ModeRoutes;
import org.vigil.console.warnings.WarningRequestRoutes;
import org.vigil.console.health.HealthRoutes;
import org.vigil.console.auth.Duty;
import org.vigil.console.auth.RegionTree;
import org.vigil.console.auth.User;
import org.vigil.core.settings.WarningSettings;
import org.vigil.core.settings.SettingsReader;
import org.vigil.console.live.LiveState;
import org.vigil.console.rules.BacktestRuns;
import org.vigil.console.rules.RulesRoutes;
import org.vigil.console.security.LoginThrottle;
import org.vigil.console.security.RequestGuard;
import org.vigil.console.security.SecurityHeaders;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.cli.rules.RulesPublisher;

/**
 * The console: a Javalin server with the single-page UI (class path {@code /console}), the JSON API, the event
 * stream, {@code /metrics} (Prometheus) and {@code /health}; one MQTT connection for the live feeds and control
 * messages; InfluxDB for history and the audit trail. Only wires the parts; each route class owns its resource.
 */
public final class ConsoleServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);

  private final Javalin app;
  private final ConsoleMqtt mqtt;
  private final AuditLog audit;
  private final CommentStore comments;
  private final LiveState state;
  private final EventHub hub;
  private final ScheduledExecutorService ticker;
  private final PrometheusMeterRegistry meters;
  private final String bind;

  private ConsoleServer(String bind, Javalin app, ConsoleMqtt mqtt, AuditLog audit, CommentStore comments,
      LiveState state, EventHub hub, ScheduledExecutorService ticker, PrometheusMeterRegistry meters) {
    this.bind = bind;
    this.comments = comments;
    this.app = app;
    this.mqtt = mqtt;
    this.audit = audit;
    this.state = state;
    this.hub = hub;
    this.ticker = ticker;
    this.meters = meters;
  }

  /**
   * Starts the console.
   *
   * @param env the process settings (VIGIL_* keys) for the analytics of a backtest and the start-up rules file
   */
  public static ConsoleServer start(ConsoleConfig c, Function<String, String> env) throws MqttException {
    return start(c, env, BacktestRuns.local());
  }

  /** Starts the console with the given backtest runner. */
  public static ConsoleServer start(ConsoleConfig c, Function<String, String> env, BacktestRuns backtests)
      throws MqttException {
    UserDirectory users = UserDirectory.load(c.usersFile());
    Clock clock = Clock.systemUTC();
    InfluxClient influx = c.influx().client(c.influxUrl(), Duration.ofSeconds(10));
    checkDatabase(influx, c.influxDb());
    AuditLog audit = new AuditLog(influx, c.influxDb(), 10_000, hostName() + ":" + c.port());
    Sessions sessions = new Sessions(c.sessionIdle(), clock);
    Duty duty = new Duty(c.registryTopic());
    if (c.registryFile() != null) {
      duty.loadFile(c.registryFile());
    }
    Access access = new Access(sessions, audit, clock, duty);
    EventHub hub = new EventHub(c.replay());
    LiveState state = new LiveState(hub, c.sites());
    CommentStore comments = new CommentStore(influx, c.influxDb(), 10_000, hostName() + ":" + c.port());
    loadComments(comments, state);
    state.addSites(duty.tree().sitesWithin(RegionTree.ROOT));
    state.modes().useTree(duty::tree);
    duty.onChange(() -> {
      state.addSites(duty.tree().sitesWithin(RegionTree.ROOT));
      hub.publish("registry", "registry", Json.MAPPER.createObjectNode().put("version", duty.tree().version())
          .toString());
      warnUnknownRegions(users, duty);
    });
    warnUnknownRegions(users, duty);
    // The console's own MQTT identity (vigil-console) and CA, from its settings (MqttClientSecurity.forIdentity).
    MqttClientSecurity mqttSecurity = MqttClientSecurity.forIdentity(env, MqttClientSecurity.CONSOLE);
    ConsoleMqtt mqtt = new ConsoleMqtt(c.mqttUrl(), mqttSecurity,
        "vigil-console-" + Long.toString(System.nanoTime(), 36), state, duty);

    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Gauge.builder("console.sse.clients", hub, EventHub::clients).register(meters);
    Gauge.builder("console.events.published", hub, EventHub::published).register(meters);
    Gauge.builder("console.mqtt.messages", state, LiveState::messages).register(meters);
    Gauge.builder("console.mqtt.unreadable", state, LiveState::badMessages).register(meters);
    Gauge.builder("console.mqtt.connected", mqtt, m -> m.connected() ? 1 : 0).register(meters);
    Gauge.builder("console.sensors", state, LiveState::sensorCount).register(meters);
    Gauge.builder("console.sessions", sessions, Sessions::size).register(meters);
    Gauge.builder("console.audit.dropped", audit, AuditLog::dropped).register(meters);
    Gauge.builder("console.audit.written", audit, AuditLog::written).register(meters);
    Gauge.builder("console.comments.dropped", comments, CommentStore::dropped).register(meters);
    Gauge.builder("console.comments.written", comments, CommentStore::written).register(meters);
    Gauge.builder("console.registry.version", duty, d -> d.tree().version()).register(meters);
    Gauge.builder("console.registry.refused", duty, Duty::refused).register(meters);
    Gauge.builder("console.warnings.refused", state, s -> s.warnings().refused()).register(meters);
    Gauge.builder("console.broadcasts.refused", state, s -> s.broadcasts().refused()).register(meters);

    RulesPublisher publisher = new RulesPublisher(c.mqttUrl(), mqttSecurity, c.rulesTopic(), Duration.ofSeconds(2),
        Duration.ofSeconds(15));
    RulesRoutes rules = new RulesRoutes(state, access, backtests, publisher, env, c.influxUrl(), c.influxDb(),
        c.influx());
    LiveRoutes live = new LiveRoutes(state, hub, access, c.clientQueue(), c.heartbeat(), c.camerasFile());
    Gauge.builder("console.sse.dropped", live, LiveRoutes::droppedTotal).register(meters);

    Javalin app = Javalin.create(cfg -> {
      cfg.showJavalinBanner = false;
      cfg.staticFiles.add(sf -> {
        sf.directory = "/console";
        sf.location = Location.CLASSPATH;
        // Jetty names no charset for these types and Javalin then writes "charset=null": say UTF-8.
        sf.mimeTypes.add("text/html; charset=utf-8", "html");
        sf.mimeTypes.add("text/javascript; charset=utf-8", "js");
        sf.mimeTypes.add("text/css; charset=utf-8", "css");
      });
      cfg.http.defaultContentType = "application/json";
    });
    app.exception(ApiException.class, (e, ctx) ->
        ctx.status(e.status()).contentType("application/json").result(
            Json.MAPPER.createObjectNode().put("error", e.getMessage()).toString()));
    app.exception(Exception.class, (e, ctx) -> {
      LOG.warn("console request {} {} failed", ctx.method(), ctx.path(), e);
      ctx.status(500).contentType("application/json").result(
          Json.MAPPER.createObjectNode().put("error", "internal error (" + e.getClass().getSimpleName()
              + "); the console's log has the details").toString());
    });
    app.before(SecurityHeaders::before);
    app.before(RequestGuard::before);
    app.beforeMatched(ctx -> ctx.attribute("vigil.started", System.nanoTime()));
    app.after(ctx -> {
      Long t0 = ctx.attribute("vigil.started");
      if (t0 != null && ctx.path().startsWith("/api/") && !ctx.path().equals("/api/events")) {
        Timer.builder("console.http.requests").tag("method", ctx.method().name())
            .tag("status", Integer.toString(ctx.statusCode())).register(meters)
            .record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
      }
    });
    app.get("/health", ctx -> {
      boolean up = mqtt.connected();
      ctx.status(up ? 200 : 503).json(Map.of("status", up ? "UP" : "DEGRADED", "mqtt", up ? "connected"
          : "not connected", "sseClients", hub.clients(), "sensors", state.sensorCount()));
    });
    app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(meters.scrape()));
    new AuthRoutes(users, sessions, access, (int) Math.min(Integer.MAX_VALUE, c.sessionIdle().toSeconds()),
        new LoginThrottle(clock)).routing(app);
    live.routing(app);
    new AlertRoutes(state, mqtt, access, clock, CommandTopics.identityOf(mqttSecurity.username()), comments)
        .routing(app);
    new HistoryRoutes(influx, c.influxDb(), access, rules::inForceRules).routing(app);
    rules.routing(app);
    String warningWeb = new SettingsReader(env).get(WarningSettings.WEB);
    new WarningRoutes(state.warnings(), state.broadcasts(), access, clock, () -> warningWeb != null && !warningWeb.isBlank()
        ? warningWeb.strip() : "http://" + c.bind() + ":" + app.port()).routing(app);
    String identity = CommandTopics.identityOf(mqttSecurity.username());
    new WarningRequestRoutes(state.warnings(), state.broadcasts(), access, mqtt, clock, identity).routing(app);
    new ModeRoutes(state.modes(), access, mqtt, clock, identity).routing(app);
    new HealthRoutes(influx, c.influxDb(), access).routing(app);
    new org.vigil.console.map.MapRoutes(access).routing(app);
    app.get("/api/regions", ctx -> {
      User u = access.require(ctx, Role.VIEWER, "read");
      RegionTree t = duty.tree();
      var out = Json.MAPPER.createObjectNode();
      out.put("version", t.version()).put("region", Duty.regionLabel(u));
      var list = out.putArray("regions");
      for (String r : t.regionsWithin(u.region())) {
        list.addObject().put("id", r).put("name", t.name(r)).put("level", t.level(r));
      }
      var sites = out.putArray("sites");
      t.sitesWithin(u.region()).forEach(x -> sites.addObject().put("id", x).put("region", t.regionOfSite(x)));
      ctx.contentType("application/json").result(out.toString());
    });
    app.get("/api/audit", ctx -> {
      access.require(ctx, Role.ENGINEER, "audit.read");
      ctx.json(audit.recent());
    });
    app.start(c.bind(), c.port());

    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "console-readings");
      t.setDaemon(true);
      return t;
    });
    long period = c.readingsPeriod().toMillis();
    ticker.scheduleAtFixedRate(() -> {
      try {
        state.flushReadings();
      } catch (RuntimeException e) {
        LOG.warn("sending sensor values failed: {}", e.toString());
      }
    }, period, period, TimeUnit.MILLISECONDS);
    mqtt.start();
    LOG.info("console listening on {}, {} users, broker {}, InfluxDB {}", "http://" + c.bind() + ":" + app.port(),
        users.size(), c.mqttUrl(), c.influxUrl());
    return new ConsoleServer(c.bind(), app, mqtt, audit, comments, state, hub, ticker, meters);
  }

  /**
   * The comments kept from before this start, into the live state; while InfluxDB cannot be asked, asked again every
   * 10 s from a background thread (comments made meanwhile are merged with them).
   */
  private static void loadComments(CommentStore comments, LiveState state) {
    try {
      List<ObjectNode> stored = comments.load();
      state.restoreComments(stored);
      LOG.info("{} alert comments read back from InfluxDB", stored.size());
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (RuntimeException e) {
      LOG.warn("cannot read the alert comments back from InfluxDB ({}); trying again every 10 s", e.getMessage());
    }
    Thread t = new Thread(() -> {
      while (true) {
        try {
          Thread.sleep(10_000);
          List<ObjectNode> stored = comments.load();
          state.restoreComments(stored);
          LOG.info("{} alert comments read back from InfluxDB", stored.size());
          return;
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException e) {
          LOG.debug("alert comments still not readable: {}", e.getMessage());
        }
      }
    }, "console-comment-loader");
    t.setDaemon(true);
    t.start();
  }

  /** Logs the users whose region the registry in force does not have: they see no site until it does. */
  private static void warnUnknownRegions(UserDirectory users, Duty duty) {
    for (User u : users.all()) {
      if (!u.region().isEmpty() && !duty.tree().hasRegion(u.region())) {
        LOG.warn("console user {} answers for region {}, which the registry in force (version {}) does not have: "
            + "they see no site until it does", u.name(), u.region(), duty.tree().version());
      }
    }
  }

  /** This machine's name, for the audit trail's {@code console} tag; {@code localhost} when it has none. */
  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "localhost";
    }
  }

  /**
   * Says at start whether the console's database is there. The console runs no DDL, as the job does not: the database
   * is set up before it starts by {@code vigil influx setup} ({@code ./vigil run} runs it). Without it (or without
   * the console's user's privilege on it) the log says what is wrong and what to run, and the console serves all the
   * same: the live feed, alerts, warnings and rules; charts and device health answer 503 naming the command; the
   * audit trail and alert comments wait, as during an outage.
   */
  private static void checkDatabase(InfluxClient influx, String db) {
    try {
      if (!influx.databases().contains(db)) {
        LOG.error("{}. Until then charts and device health answer 503, and the audit trail and alert comments wait"
            + " in memory; the rest of the console works", InfluxAnswers.notSetUp(db, influx.username()));
      }
    } catch (RuntimeException e) {
      LOG.warn("InfluxDB not reachable at start ({}): history and the audit trail wait for it", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The address to open, e.g. {@code http://127.0.0.1:18092/}. */
  public URI url() {
    String host = bind.equals("0.0.0.0") || bind.equals("::") ? "127.0.0.1" : bind;
    return URI.create("http://" + host + ":" + app.port() + "/");
  }

  public int port() {
    return app.port();
  }

  public LiveState state() {
    return state;
  }

  public EventHub hub() {
    return hub;
  }

  public boolean mqttConnected() {
    return mqtt.connected();
  }

  public AuditLog audit() {
    return audit;
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    app.stop();
    mqtt.close();
    audit.close();
    comments.close();
    meters.close();
  }
}
