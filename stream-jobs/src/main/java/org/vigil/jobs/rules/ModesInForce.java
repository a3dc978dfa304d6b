package org.vigil.jobs.rules;

import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The sites' modes in force in an operator's broadcast state (one entry, the newest table; every site daily until
 * one arrives), and the lookup of it, built once per table.
 */
public final class ModesInForce {

  /** The descriptor of the broadcast state that holds the table. */
  public static final MapStateDescriptor<String, SiteModes> MODES =
      new MapStateDescriptor<>("site-modes", Types.STRING, TypeInformation.of(SiteModes.class));

  private static final String IN_FORCE = "in-force";

  private transient SiteModes.Lookup cached;

  /** Takes {@code update} when it is newer than the table in force; true when it did. */
  public static boolean takeIfNewer(BroadcastState<String, SiteModes> state, SiteModes update) throws Exception {
    SiteModes now = state.get(IN_FORCE);
    if (now != null && update.seq() <= now.seq()) {
      return false;
    }
    state.put(IN_FORCE, update);
    return true;
  }

  /** The table in force, looked up. */
  public SiteModes.Lookup lookup(ReadOnlyBroadcastState<String, SiteModes> state) throws Exception {
    SiteModes now = state.get(IN_FORCE);
    if (now == null) {
      now = SiteModes.NONE;
    }
    if (cached == null || cached.table().seq() != now.seq()) {
      cached = now.lookup();
    }
    return cached;
  }
}
