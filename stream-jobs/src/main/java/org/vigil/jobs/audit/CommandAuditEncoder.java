package org.vigil.jobs.audit;

import org.vigil.connectors.influx.DistinctTimes;
import org.vigil.connectors.influx.InfluxEncoder;
import org.vigil.connectors.influx.LineProtocol;

/**
 * Measurement {@code commands}: tags {@code kind} and {@code identity}, fields {@code user}, {@code subject},
 * {@code topic}, {@code detail}; time: when the job accepted it (moved to the next free millisecond on a clash of
 * kind and identity, so two commands never overwrite each other). Written by one subtask.
 */
public final class CommandAuditEncoder implements InfluxEncoder<CommandAudit> {
  private static final long serialVersionUID = 1L;
  private transient DistinctTimes times;

  @Override
  public void encode(CommandAudit c, LineProtocol.Builder out) {
    if (times == null) {
      times = new DistinctTimes(10_000);
    }
    out.measurement("commands")
        .tag("kind", c.kind())
        .tag("identity", c.identity())
        .field("user", c.user())
        .field("subject", c.subject())
        .field("topic", c.topic())
        .field("detail", c.detail())
        .timestamp(times.claim(c.kind() + "/" + c.identity(), c.atMs()));
  }
}
