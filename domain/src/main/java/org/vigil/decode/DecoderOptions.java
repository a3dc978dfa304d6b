package org.vigil.decode;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Options of the {@link ReadingDecoder}.
 *
 * @param maxPayloadBytes payloads above this size are rejected (default 16 KiB; a reading is ~200 bytes)
 * @param maxFutureSkewMs timestamps further than this ahead of the receiving clock are rejected (default 5 min)
 * @param sites known site ids; readings from other sites are rejected. Empty means every site is accepted.
 * @param maxAgeMs timestamps older than this before the receiving clock are rejected (default 30 days, the raw
 *     retention of the design: InfluxDB would drop such points anyway)
 * @param maxFrameBytes camera frames above this size are rejected (default 2 MiB)
 */
public record DecoderOptions(int maxPayloadBytes, long maxFutureSkewMs, Set<String> sites, long maxAgeMs, int maxFrameBytes)
    implements Serializable {

  public static final int DEFAULT_MAX_PAYLOAD_BYTES = 16 * 1024;
  public static final long DEFAULT_MAX_FUTURE_SKEW_MS = 5 * 60_000L;
  public static final long DEFAULT_MAX_AGE_MS = 30L * 24 * 3_600_000L;
  public static final int DEFAULT_MAX_FRAME_BYTES = 2 * 1024 * 1024;

  public DecoderOptions {
    sites = Set.copyOf(sites);
    List<String> problems = new ArrayList<>();
    if (maxPayloadBytes <= 0) {
      problems.add("maxPayloadBytes must be > 0 (was " + maxPayloadBytes + ")");
    }
    if (maxFutureSkewMs < 0) {
      problems.add("maxFutureSkewMs must be >= 0 (was " + maxFutureSkewMs + ")");
    }
    if (maxAgeMs <= 0) {
      problems.add("maxAgeMs must be > 0 (was " + maxAgeMs + ")");
    }
    if (maxFrameBytes <= 0) {
      problems.add("maxFrameBytes must be > 0 (was " + maxFrameBytes + ")");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid decoder options: " + String.join("; ", problems));
    }
  }

  public static DecoderOptions defaults(Set<String> sites) {
    return new DecoderOptions(
        DEFAULT_MAX_PAYLOAD_BYTES, DEFAULT_MAX_FUTURE_SKEW_MS, sites, DEFAULT_MAX_AGE_MS, DEFAULT_MAX_FRAME_BYTES);
  }

  public DecoderOptions withMaxAgeMs(long ms) {
    return new DecoderOptions(maxPayloadBytes, maxFutureSkewMs, sites, ms, maxFrameBytes);
  }

  public DecoderOptions withMaxFrameBytes(int bytes) {
    return new DecoderOptions(maxPayloadBytes, maxFutureSkewMs, sites, maxAgeMs, bytes);
  }
}
