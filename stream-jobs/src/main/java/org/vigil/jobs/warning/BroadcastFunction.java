package org.vigil.jobs.warning;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.alerts.webhook.WebhookSigner;
import org.vigil.jobs.registry.RegistryCache;
import org.vigil.jobs.registry.RegistryGateFunction;
import org.vigil.jobs.registry.RegistryUpdate;
import org.vigil.registry.Registry;
import org.vigil.warning.broadcast.BroadcastMessage;
import org.vigil.warning.broadcast.Broadcaster;
import org.vigil.warning.broadcast.Delivery;
import org.vigil.warning.broadcast.Loudspeaker;

/**
 * Keyed by incident: broadcasts each public warning message to the loudspeakers of its area, keeping every delivery
 * in checkpointed keyed state, as the webhook delivery does: the HTTP requests are made beside the stream by the
 * subtask's {@link Broadcaster} (signed, retried with backoff and jitter, red first), its delivery events are
 * collected on a processing-time poll timer ({@link BroadcastOptions#pollInterval}) into state, so a checkpoint
 * never waits for HTTP and holds what is still pending. A job restored from it re-sends the latest message's
 * pending deliveries under the same request id (at least once: a loudspeaker may hear a request twice and drops the
 * second by its {@code webhook-id}); what was confirmed stays confirmed.
 *
 * <p>Targets: an {@code Alert} or {@code Update} reaches the loudspeakers of the region {@link
 * org.vigil.warning.broadcast.BroadcastPolicy} gives its level, plus everyone the incident's previous message
 * reached; a {@code Cancel} reaches those the previous message reached. A new message supersedes the deliveries
 * of the previous one not yet under way; those under way finish (their outcome is recorded). After a restore,
 * deliveries of earlier messages still unanswered are not re-sent: they are superseded by the latest one.
 *
 * <p>Output: the incident's coverage ({@link BroadcastPlan#coverage}) when the broadcast starts, when a count
 * changes (at most once per {@link BroadcastOptions#coverageInterval}) and when nothing is pending any more; every
 * failed attempt, confirmation, giving up and supersession on {@link #OUTCOMES}. A message already broadcast (a
 * replay) is not broadcast again. Metrics: {@code broadcastsStarted}, {@code broadcastsConfirmed}, {@code
 * broadcastsGaveUp}, {@code broadcastsRedispatched}.
 */
public final class BroadcastFunction
    extends KeyedBroadcastProcessFunction<String, IssuedWarning, RegistryUpdate, BroadcastCoverage> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(BroadcastFunction.class);

  /** Every recorded change of a delivery. */
  public static final OutputTag<BroadcastOutcome> OUTCOMES = new OutputTag<>("broadcast-outcomes") {};

  static final ValueStateDescriptor<BroadcastRun> RUN = new ValueStateDescriptor<>("broadcast-run",
      TypeInformation.of(BroadcastRun.class));
  /** The latest message's deliveries, by loudspeaker id. */
  static final MapStateDescriptor<String, BroadcastTarget> TARGETS = new MapStateDescriptor<>("broadcast-targets",
      Types.STRING, TypeInformation.of(BroadcastTarget.class));
  /** Deliveries of earlier messages still under way, by {@code <identifier> <loudspeaker>}. */
  static final MapStateDescriptor<String, BroadcastTarget> EARLIER = new MapStateDescriptor<>("broadcast-earlier",
      Types.STRING, TypeInformation.of(BroadcastTarget.class));

  private final BroadcastOptions options;
  private final RegistryUpdate initial;

  private transient Broadcaster broadcaster;
  private transient Clock clock;
  private transient RegistryCache registries;
  /** Delivery events by incident, filled on the HTTP threads, drained on the task thread. */
  private transient Map<String, Queue<Delivery>> events;
  /** The incident of each message this instance's broadcaster knows. */
  private transient Map<String, String> incidentOf;
  /** Incidents whose state this instance has taken up (restored deliveries re-sent). Task thread only. */
  private transient Set<String> resumed;
  private transient ValueState<BroadcastRun> run;
  private transient MapState<String, BroadcastTarget> targets;
  private transient MapState<String, BroadcastTarget> earlier;
  private transient Counter started;
  private transient Counter confirmed;
  private transient Counter gaveUp;
  private transient Counter redispatched;

  /** @param initial the start-up registry, or null */
  public BroadcastFunction(BroadcastOptions options, RegistryUpdate initial) {
    this.options = options;
    this.initial = initial;
  }

  @Override
  public void open(OpenContext ctx) {
    clock = Clock.systemUTC();
    registries = new RegistryCache();
    events = new ConcurrentHashMap<>();
    incidentOf = new ConcurrentHashMap<>();
    resumed = new HashSet<>();
    broadcaster = new Broadcaster(new WebhookSigner(options.secrets()), options.broadcasterOptions(), clock,
        this::heard);
    run = getRuntimeContext().getState(RUN);
    targets = getRuntimeContext().getMapState(TARGETS);
    earlier = getRuntimeContext().getMapState(EARLIER);
    var g = getRuntimeContext().getMetricGroup();
    started = g.counter("broadcastsStarted");
    confirmed = g.counter("broadcastsConfirmed");
    gaveUp = g.counter("broadcastsGaveUp");
    redispatched = g.counter("broadcastsRedispatched");
  }

  /** On the broadcaster's threads. */
  private void heard(Delivery d) {
    String incident = incidentOf.get(d.identifier());
    if (incident != null) {
      events.computeIfAbsent(incident, k -> new ConcurrentLinkedQueue<>()).add(d);
    }
  }

  @Override
  public void processElement(IssuedWarning w, ReadOnlyContext ctx, Collector<BroadcastCoverage> out)
      throws Exception {
    String incident = ctx.getCurrentKey();
    resume(incident, ctx.timerService(), ctx);
    drain(incident, ctx);
    BroadcastRun before = run.value();
    if (before != null && number(w.identifier()) <= number(before.identifier)) {
      LOG.debug("broadcast {}: {} was broadcast already (the latest is {})", incident, w.identifier(),
          before.identifier);
      return;
    }
    Registry reg = registry(ctx.getBroadcastState(RegistryGateFunction.REGISTRY));
    Map<String, Loudspeaker> reach = new LinkedHashMap<>();
    Set<String> regions = new LinkedHashSet<>();
    BroadcastPlan.reach(w, options.policy(), reg).ifPresent(r -> {
      regions.add(r);
      BroadcastPlan.loudspeakers(r, reg).forEach(l -> reach.put(l.id(), l));
    });
    if (before != null) {
      regions.addAll(List.of(before.regions));
      for (BroadcastTarget t : targets.values()) {
        reach.putIfAbsent(t.loudspeaker, t.loudspeaker());
      }
    }
    String level = !w.level().isEmpty() ? w.level() : before != null ? before.level : "";
    if (reach.isEmpty() || level.isEmpty()) {
      LOG.debug("broadcast {}: {} reaches no loudspeaker", incident, w.identifier());
      return;
    }
    BroadcastRun next = new BroadcastRun();
    next.incident = incident;
    next.identifier = w.identifier();
    next.msgType = w.msgType();
    next.level = level;
    next.region = w.region();
    next.regions = regions.toArray(new String[0]);
    Map<String, String> texts = BroadcastPlan.texts(w);
    next.textKeys = texts.keySet().toArray(new String[0]);
    next.textValues = texts.values().toArray(new String[0]);
    next.sentMs = w.sentMs();
    next.superseded = before == null ? 0 : before.superseded;
    next.publishedAtMs = before == null ? 0 : before.publishedAtMs;
    BroadcastMessage m = next.message();
    incidentOf.put(m.identifier(), incident);
    broadcaster.start(m, List.copyOf(reach.values()));
    started.inc();
    LOG.info("broadcast {}: {} {} ({}) to {} loudspeakers in {}", incident, w.msgType(), w.identifier(), level,
        reach.size(), regions);
    // The previous message's deliveries the broadcaster superseded are in the queue now; the rest are under way.
    drain(incident, ctx);
    if (before != null) {
      for (Map.Entry<String, BroadcastTarget> e : targets.entries()) {
        BroadcastTarget t = e.getValue();
        if (t.is(Delivery.Status.SUPERSEDED)) {
          next.superseded++;
        } else if (!t.isFinal()) {
          earlier.put(t.identifier + " " + t.loudspeaker, t);
        }
      }
      targets.clear();
    }
    for (Loudspeaker l : reach.values()) {
      targets.put(l.id(), BroadcastTarget.of(l, m.identifier()));
    }
    run.update(next);
    publish(next, out);
    schedulePoll(ctx.timerService());
  }

  @Override
  public void processBroadcastElement(RegistryUpdate update, Context ctx, Collector<BroadcastCoverage> out)
      throws Exception {
    RegistryGateFunction.takeIfNewer(ctx.getBroadcastState(RegistryGateFunction.REGISTRY), initial, update);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<BroadcastCoverage> out) throws Exception {
    String incident = ctx.getCurrentKey();
    resume(incident, ctx.timerService(), ctx);
    drain(incident, ctx);
    BroadcastRun r = run.value();
    if (r == null || r.complete) {
      return;
    }
    long now = clock.millis();
    boolean pending;
    if (r.changed) {
      BroadcastCoverage c = BroadcastPlan.coverage(r, targets.values(), Math.max(now, r.publishedAtMs + 1));
      pending = c.pending() > 0;
      if (!pending || now - r.publishedAtMs >= options.coverageInterval().toMillis()) {
        emit(r, c, out);
      }
    } else {
      pending = BroadcastPlan.coverage(r, targets.values(), now).pending() > 0;
    }
    if (!pending && !r.changed && earlier.isEmpty()) {
      r.complete = true;
      run.update(r);
      forget(incident);
      if (r.msgType.equals("Cancel")) {
        targets.clear(); // the warning is lifted and every loudspeaker answered: only the run is kept (replays)
      }
      return;
    }
    schedulePoll(ctx.timerService());
  }

  @Override
  public void close() throws Exception {
    if (broadcaster != null) {
      broadcaster.close(); // what is pending stays in the last checkpoint's state
    }
  }

  /**
   * Takes up an incident's state the first time this instance meets it: after a restore, the latest message's
   * pending deliveries are sent again (same request ids), earlier messages' unanswered ones are superseded.
   */
  private void resume(String incident, TimerService timers, ReadOnlyContext ctx) throws Exception {
    if (!resumed.add(incident)) {
      return;
    }
    BroadcastRun r = run.value();
    if (r == null || r.complete) {
      return;
    }
    List<Loudspeaker> again = new ArrayList<>();
    for (BroadcastTarget t : targets.values()) {
      if (!t.isFinal()) {
        again.add(t.loudspeaker());
      }
    }
    long now = clock.millis();
    for (Map.Entry<String, BroadcastTarget> e : List.copyOf(earlierEntries())) {
      BroadcastTarget t = e.getValue();
      t.status = Delivery.Status.SUPERSEDED.name();
      t.reason = "the job restarted before it was answered; " + r.identifier + " replaced it";
      outcome(incident, t, 0, now, ctx);
      r.superseded++;
    }
    earlier.clear();
    if (!again.isEmpty()) {
      incidentOf.put(r.identifier, incident);
      broadcaster.start(r.message(), again);
      redispatched.inc(again.size());
      LOG.info("broadcast {}: re-sending {} deliveries of {} restored from a checkpoint (same request ids)", incident,
          again.size(), r.identifier);
    }
    r.changed = true;
    run.update(r);
    schedulePoll(timers);
  }

  private List<Map.Entry<String, BroadcastTarget>> earlierEntries() throws Exception {
    List<Map.Entry<String, BroadcastTarget>> out = new ArrayList<>();
    for (Map.Entry<String, BroadcastTarget> e : earlier.entries()) {
      out.add(Map.entry(e.getKey(), e.getValue()));
    }
    return out;
  }

  /** Takes the delivery events heard for the incident into state. */
  private void drain(String incident, ReadOnlyContext ctx) throws Exception {
    Queue<Delivery> q = events.get(incident);
    BroadcastRun r = run.value();
    if (q == null || r == null) {
      return;
    }
    boolean changed = false;
    for (Delivery d = q.poll(); d != null; d = q.poll()) {
      if (d.identifier().equals(r.identifier)) {
        BroadcastTarget t = targets.get(d.loudspeakerId());
        if (t == null || t.isFinal()) {
          continue;
        }
        t.apply(d);
        targets.put(t.loudspeaker, t);
        changed = true;
        outcome(incident, t, d.latencyMs(), d.atMs(), ctx);
      } else {
        String key = d.identifier() + " " + d.loudspeakerId();
        BroadcastTarget t = earlier.get(key);
        if (t == null) {
          continue;
        }
        t.apply(d);
        if (t.isFinal()) {
          earlier.remove(key);
          if (t.is(Delivery.Status.SUPERSEDED)) {
            r.superseded++;
            changed = true;
          }
        } else {
          earlier.put(key, t);
        }
        outcome(incident, t, d.latencyMs(), d.atMs(), ctx);
      }
    }
    if (changed) {
      r.changed = true;
      run.update(r);
    }
  }

  private void outcome(String incident, BroadcastTarget t, long latencyMs, long atMs, ReadOnlyContext ctx) {
    if (t.is(Delivery.Status.SENT)) {
      return;
    }
    if (t.is(Delivery.Status.CONFIRMED)) {
      confirmed.inc();
    } else if (t.is(Delivery.Status.GAVE_UP)) {
      gaveUp.inc();
    }
    ctx.output(OUTCOMES, new BroadcastOutcome(incident, t.identifier, t.loudspeaker, t.region,
        t.status.toLowerCase(java.util.Locale.ROOT), t.attempts, t.is(Delivery.Status.CONFIRMED) ? "" : t.reason,
        latencyMs, atMs));
  }

  private void publish(BroadcastRun r, Collector<BroadcastCoverage> out) throws Exception {
    emit(r, BroadcastPlan.coverage(r, targets.values(), Math.max(clock.millis(), r.publishedAtMs + 1)), out);
  }

  private void emit(BroadcastRun r, BroadcastCoverage c, Collector<BroadcastCoverage> out) throws Exception {
    r.publishedAtMs = c.updatedAtMs();
    r.changed = false;
    run.update(r);
    out.collect(c);
  }

  private void forget(String incident) {
    incidentOf.entrySet().removeIf(e -> {
      if (e.getValue().equals(incident)) {
        broadcaster.forget(e.getKey());
        return true;
      }
      return false;
    });
    events.remove(incident);
  }

  private Registry registry(ReadOnlyBroadcastState<String, RegistryUpdate> state) throws Exception {
    RegistryUpdate u = RegistryGateFunction.inForce(state, initial);
    return u == null ? null : registries.of(u);
  }

  private void schedulePoll(TimerService timers) {
    long interval = Math.max(1, options.pollInterval().toMillis());
    timers.registerProcessingTimeTimer((timers.currentProcessingTime() / interval + 1) * interval);
  }

  /** A message's number in its chain ({@code <base>.<n>}). */
  static long number(String identifier) {
    try {
      return Long.parseLong(identifier.substring(identifier.lastIndexOf('.') + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
