package org.vigil.cli.launcher;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.vigil.registry.Region;
import org.vigil.registry.RegionLevel;
import org.vigil.registry.Registry;
import org.vigil.registry.Site;
import org.vigil.core.settings.Durations;
import picocli.CommandLine;

/**
 * The demo's scripted command mode switch. A county duty officer switches the township of the demo county's gorge
 * trail ({@value #SITE}, tagged {@code tourist}) to holiday mode some time after the devices start
 * ({@code --holiday-at}, default {@value #DEFAULT_AT}; {@code off}: never), through the console as the demo's county
 * user ({@link ModeSwitcher}): checked, audited in {@code console_audit}, taken by the job into {@code commands} and
 * retained on {@code vigil/mode/<region>}. From then on the gorge's crowd is judged with the holiday levels of the
 * ruleset in force, and the run says so.
 */
public final class ScriptedHoliday {

  /** The site whose township the demo switches: the demo county's scenic gorge trail, with its camera. */
  public static final String SITE = "lantern-pass-gorge";

  /** When the switch comes by default, after the devices start: seen in a two-minute run. */
  public static final String DEFAULT_AT = "PT60S";

  /** The mode switched to. */
  public static final String MODE = "holiday";

  private ScriptedHoliday() {}

  /** {@code --holiday-at}: a duration after the devices start ({@link Durations}), or {@code off} (null). */
  public static final class AtConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return parseAt(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /**
   * The time after the devices start, or null for {@code off}: a duration of the one syntax ({@link Durations}:
   * {@code 60s}, {@code 2m}, {@code PT60S}), 0 or more.
   */
  public static Duration parseAt(String value) {
    String v = value == null ? "" : value.strip();
    if (v.equalsIgnoreCase("off")) {
      return null;
    }
    String problem = Durations.problem(v);
    if (problem != null) {
      throw new IllegalArgumentException("'" + value + "' " + problem + ": give a time after the devices start, or off");
    }
    return Durations.parse(v);
  }

  /** The reason the switch carries (at most 200 characters, as the console asks): it says the demo made it. */
  public static String reason(Duration at) {
    return "demo: ./vigil run's scripted holiday switch, " + at.toSeconds() + " s after the devices started"
        + " (--holiday-at off turns it off)";
  }

  /**
   * What the run will do.
   *
   * @param region the region to switch (the township of the site), null when nothing is switched
   * @param regionName its name
   * @param siteTags the site's registry tags
   * @param at how long after the devices start
   * @param why why nothing is switched (null when something is)
   */
  public record Plan(String region, String regionName, List<String> siteTags, Duration at, String why) {

    /** Whether the run switches. */
    public boolean switches() {
      return region != null;
    }

    /** Milliseconds from {@code nowMs} until the switch, for devices started at {@code devicesStartedAtMs}. */
    public long delayMs(long devicesStartedAtMs, long nowMs) {
      return Math.max(0, devicesStartedAtMs + at.toMillis() - nowMs);
    }

    static Plan none(String why) {
      return new Plan(null, null, List.of(), null, why);
    }
  }

  /**
   * Whether and what the run switches.
   *
   * @param at {@code --holiday-at} (null: off)
   * @param runLength the run's {@code --duration} (null: until stopped)
   * @param registry the registry the job reads (null: none)
   * @param devices whether the simulator plays devices (a run without them has no demo to show)
   * @param noSwitcher why no console switches (e.g. a users file of the user's own has no demo user to log in
   *     as), null when one does
   */
  public static Plan plan(Duration at, Duration runLength, Registry registry, boolean devices, String noSwitcher) {
    if (at == null) {
      return Plan.none("holiday switch: off (--holiday-at off)");
    }
    if (!devices) {
      return Plan.none("holiday switch: none without the simulator");
    }
    if (noSwitcher != null) {
      return Plan.none("holiday switch: none, " + noSwitcher);
    }
    if (runLength != null && at.compareTo(runLength) >= 0) {
      return Plan.none("holiday switch: none, the run (--duration " + runLength + ") ends before --holiday-at "
          + at);
    }
    Site site = registry == null ? null : registry.sites().get(SITE);
    if (site == null) {
      return Plan.none("holiday switch: none, the registry has no site " + SITE + " (the demo county's gorge trail)");
    }
    List<Region> chain = registry.chain(site.region());
    Region target = chain.stream().filter(r -> r.level() == RegionLevel.TOWNSHIP).findFirst()
        .orElse(chain.isEmpty() ? null : chain.get(0));
    if (target == null) {
      return Plan.none("holiday switch: none, the region of " + SITE + " is not in the registry");
    }
    return new Plan(target.id(), target.name(), site.tags(), at, null);
  }

  /** The line printed at the start: what will happen, when, and how to turn it off. */
  public static String announce(Plan p, long devicesStartedAtMs) {
    return String.format(Locale.ROOT, "holiday switch: at %s (%d s after the devices started) the demo's county user"
        + " switches %s (%s, the township of %s) to %s mode through the console, as a duty officer would"
        + " (--holiday-at off: no switch)", time(devicesStartedAtMs + p.at().toMillis()), p.at().toSeconds(),
        p.regionName(), p.region(), SITE, MODE);
  }

  /** The lines printed once the switch is made: when, by whom, what the job took, what it changes at the site. */
  public static List<String> switched(Plan p, ModeSwitcher.Switched s) {
    String job = s.acceptedAtMs() > 0
        ? "the job took it at " + time(s.acceptedAtMs()) + " (commands, retained on vigil/mode/" + p.region() + ")"
        : "the job's switch had not reached the console after " + WAIT.toSeconds() + " s (see .vigil/vigil.log and"
            + " the dead letters: mode_request_refused)";
    // A restored job keeps an earlier run's mode (--fresh starts from daily): then the switch only confirms it.
    String change = MODE.equals(s.before())
        ? String.format(Locale.ROOT, "confirmed %s in %s mode, which it already was in (kept by the restored job from an"
            + " earlier run; ./vigil run --fresh starts in daily mode),", p.regionName(), MODE)
        : String.format(Locale.ROOT, "switched %s from %s to %s", p.regionName(), s.before(), MODE);
    return List.of(
        String.format(Locale.ROOT, "holiday switch: %s %s at %s through the console"
            + " (POST /api/modes, audited in console_audit); %s", s.user(), change, time(s.requestedAtMs()), job),
        "holiday switch: " + SITE + " (tags " + p.siteTags() + ") is now judged in holiday mode: " + s.changes()
            + "; its alerts carry mode=holiday");
  }

  /** How long the switcher waits for the job's switch. */
  public static final Duration WAIT = Duration.ofSeconds(30);

  /** UTC to the second, as the alert lines print it. */
  static String time(long ms) {
    return Instant.ofEpochMilli(ms).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /**
   * Starts the switch on a daemon thread: it waits until {@code devicesStartedAtMs + at}, switches, prints what
   * came of it and hands it to {@code done}. A failure is printed, not thrown: the run goes on.
   */
  public static Thread start(Plan p, ModeSwitcher switcher, long devicesStartedAtMs, Consumer<String> say,
      Consumer<ModeSwitcher.Switched> done) {
    Thread t = new Thread(() -> {
      try {
        Thread.sleep(p.delayMs(devicesStartedAtMs, System.currentTimeMillis()));
        ModeSwitcher.Switched s = switcher.switchMode(p.region(), MODE, reason(p.at()), p.siteTags());
        switched(p, s).forEach(say);
        done.accept(s);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        say.accept("holiday switch: failed: " + e.getMessage());
      }
    }, "vigil-holiday-switch");
    t.setDaemon(true);
    t.start();
    return t;
  }
}
