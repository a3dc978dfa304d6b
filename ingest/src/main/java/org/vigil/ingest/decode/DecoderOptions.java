package org.vigil.ingest.decode;

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
 */
public record DecoderOptions(int maxPayloadBytes, long maxFutureSkewMs, Set<String> sites) implements Serializable {

  public static final int DEFAULT_MAX_PAYLOAD_BYTES = 16 * 1024;
  public static final long DEFAULT_MAX_FUTURE_SKEW_MS = 5 * 60_000L;

  public DecoderOptions {
    sites = Set.copyOf(sites);
    List<String> problems = new ArrayList<>();
    if (maxPayloadBytes <= 0) {
      problems.add("maxPayloadBytes must be > 0 (was " + maxPayloadBytes + ")");
    }
    if (maxFutureSkewMs < 0) {
      problems.add("maxFutureSkewMs must be >= 0 (was " + maxFutureSkewMs + ")");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid decoder options: " + String.join("; ", problems));
    }
  }

  public static DecoderOptions defaults(Set<String> sites) {
    return new DecoderOptions(DEFAULT_MAX_PAYLOAD_BYTES, DEFAULT_MAX_FUTURE_SKEW_MS, sites);
  }
}
