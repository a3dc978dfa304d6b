package org.vigil.alerts.notify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything {@link NoiseControl} remembers about one site: one {@link AlertTrack} per rule and subject, and the
 * group being collected. Kept as one keyed value per site by the job; a Flink POJO (public no-argument constructor,
 * public fields, collections declared as {@code Map} and {@code List}, no records). Not thread-safe.
 */
public class SiteNotifyState {

  /** Per {@code rule|subject}. */
  public Map<String, AlertTrack> tracks = new HashMap<>();

  /** The transitions collected for the next notification, in arrival order. */
  public List<EventSnapshot> groupMembers = new ArrayList<>();

  /** Device time the group's first member was added; UNSET when no group is open. */
  public long groupFirstAtMs = AlertTrack.UNSET;

  /** Newest device time a member was added at. */
  public long groupLastAtMs = AlertTrack.UNSET;

  /**
   * Wall-clock deadline of the open group ({@link NotifyOptions#groupWallWait()}), set and cleared by the job's
   * operator; UNSET when none.
   */
  public long groupWallDeadlineMs = AlertTrack.UNSET;

  public SiteNotifyState() {}

  /** Device time the open group is due to be sent; UNSET when none is open. */
  public long groupDueMs(NotifyOptions o) {
    if (groupMembers.isEmpty()) {
      return AlertTrack.UNSET;
    }
    return Math.min(groupLastAtMs + o.groupWindow().toMillis(), groupFirstAtMs + o.groupMaxWait().toMillis());
  }

  /** True when nothing is remembered: the job may clear the site's state. */
  public boolean isEmpty() {
    return tracks.isEmpty() && groupMembers.isEmpty();
  }
}
