package org.vigil.jobs.warning;

import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.vigil.alerts.webhook.WebhookSigner;
import org.vigil.core.Level;
import org.vigil.core.settings.BroadcastSettings;
import org.vigil.core.settings.SettingsReader;
import org.vigil.warning.broadcast.BroadcastPolicy;
import org.vigil.warning.broadcast.Broadcaster;

/**
 * The loudspeaker broadcast's settings ({@code VIGIL_BROADCAST_*}, {@link BroadcastSettings}), read where the job
 * graph is built and shipped with it. {@link #toString()} masks the secrets.
 *
 * @param enabled whether warnings are broadcast at all
 * @param secrets the signing secrets ({@code whsec_…}); empty: nothing is broadcast
 * @param reach per level, the region levels above the warning's region ({@code red=1,orange=0})
 * @param timeout one request's deadline
 * @param maxAttempts attempts per loudspeaker and message
 * @param initialBackoff the first retry's backoff cap
 * @param maxBackoff the largest backoff
 * @param concurrency requests in flight per subtask
 * @param pollInterval how often finished deliveries are taken into state
 * @param coverageInterval the shortest time between two coverage publications of an incident while it changes
 * @param requestsTopic base of the requests by hand, or {@code none}
 */
public record BroadcastOptions(boolean enabled, List<String> secrets, String reach, Duration timeout, int maxAttempts,
    Duration initialBackoff, Duration maxBackoff, int concurrency, Duration pollInterval, Duration coverageInterval,
    String requestsTopic) implements Serializable {

  public BroadcastOptions {
    secrets = List.copyOf(secrets);
  }

  /** Reads the settings, adding any problem to {@code r} (the caller checks). */
  public static BroadcastOptions read(SettingsReader r) {
    String secret = r.get(BroadcastSettings.SECRET);
    List<String> secrets = secret == null || secret.isBlank() ? List.of()
        : Arrays.stream(secret.strip().split("\\s+")).toList();
    if (!secrets.isEmpty()) {
      try {
        if (secrets.stream().anyMatch(x -> !x.startsWith(WebhookSigner.SECRET_PREFIX))) {
          throw new IllegalArgumentException("not a " + WebhookSigner.SECRET_PREFIX + "... secret");
        }
        new WebhookSigner(secrets);
      } catch (IllegalArgumentException e) {
        r.problem(BroadcastSettings.SECRET, e.getMessage(), "give a whsec_ secret (e.g. from `./vigil run`)");
      }
    }
    String reach = r.get(BroadcastSettings.REACH);
    try {
      policy(reach);
    } catch (IllegalArgumentException e) {
      r.problem(BroadcastSettings.REACH, e.getMessage(), "write level=levels-up pairs, e.g. red=1,orange=0");
    }
    return new BroadcastOptions(r.get(BroadcastSettings.ENABLED), secrets, reach, r.get(BroadcastSettings.TIMEOUT),
        r.get(BroadcastSettings.MAX_ATTEMPTS), r.get(BroadcastSettings.INITIAL_BACKOFF),
        r.get(BroadcastSettings.MAX_BACKOFF), r.get(BroadcastSettings.CONCURRENCY),
        r.get(BroadcastSettings.POLL_INTERVAL), r.get(BroadcastSettings.COVERAGE_INTERVAL),
        r.get(BroadcastSettings.REQUESTS_TOPIC));
  }

  /** Whether the job broadcasts: enabled and a secret to sign with. */
  public boolean active() {
    return enabled && !secrets.isEmpty();
  }

  /** Whether the job reads requests by hand. */
  public boolean readsRequests() {
    return requestsTopic != null && !requestsTopic.isBlank() && !requestsTopic.equals("none");
  }

  public BroadcastPolicy policy() {
    return policy(reach);
  }

  /** {@code red=1,orange=0}: a level and its levels up per pair; an empty text broadcasts nothing. */
  static BroadcastPolicy policy(String text) {
    Map<Level, Integer> m = new EnumMap<>(Level.class);
    for (String pair : text.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      String[] kv = pair.split("=", 2);
      Level l;
      try {
        l = Level.fromWire(kv[0].strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("'" + kv[0].strip() + "' is not a level");
      }
      if (kv.length != 2 || !kv[1].strip().matches("[0-9]")) {
        throw new IllegalArgumentException("'" + pair.strip() + "': levels up must be a digit, e.g. red=1");
      }
      if (m.put(l, Integer.parseInt(kv[1].strip())) != null) {
        throw new IllegalArgumentException(kv[0].strip() + " is given twice");
      }
    }
    return new BroadcastPolicy(m);
  }

  public Broadcaster.Options broadcasterOptions() {
    return new Broadcaster.Options(timeout, initialBackoff, maxBackoff, maxAttempts, concurrency);
  }

  @Override
  public String toString() {
    return "BroadcastOptions[enabled=" + enabled + ", secrets=" + secrets.size() + " (masked), reach=" + reach
        + ", timeout=" + timeout + ", maxAttempts=" + maxAttempts + ", backoff=" + initialBackoff + ".." + maxBackoff
        + ", concurrency=" + concurrency + ", poll=" + pollInterval + ", coverage=" + coverageInterval
        + ", requests=" + requestsTopic + "]";
  }
}
