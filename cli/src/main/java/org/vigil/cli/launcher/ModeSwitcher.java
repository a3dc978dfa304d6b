package org.vigil.cli.launcher;

import java.util.List;

/**
 * How {@code ./vigil run} switches a region's command mode as an authorised user does: through the console beside
 * the job ({@code POST /api/modes}, logged in as a user who may), so that the switch is checked, audited and sent to
 * the job like any other. The console's module provides it; without a console the run switches nothing.
 */
@FunctionalInterface
public interface ModeSwitcher {

  /**
   * Switches {@code region} to {@code mode} and waits (a bounded time) until the job's switch reaches the console.
   *
   * @param siteTags the registry tags of the site whose rules the run shows ({@code changes} describes the mode's
   *     overrides that apply there)
   */
  Switched switchMode(String region, String mode, String reason, List<String> siteTags) throws Exception;

  /**
   * What came of a switch.
   *
   * @param user the console user who switched
   * @param before the region's effective mode before the switch
   * @param requestedAtMs when the console took the request (202)
   * @param acceptedAtMs when the job set the mode (its retained {@code vigil/mode/<region>}, {@code setAtMs}); 0 when
   *     it had not arrived within the wait
   * @param changes what the mode changes at the site in the ruleset in force, e.g. {@code crowd-density at
   *     [tourist]: yellow 0.8/0.7, ... (daily: yellow 1.08/0.9, ...)}; {@code no changes} when nothing
   */
  record Switched(String user, String before, long requestedAtMs, long acceptedAtMs, String changes) {}
}
