package org.vigil.vision;

/**
 * One person followed from frame to frame by the analyser's tracker.
 *
 * @param id track id, unique per analyser instance and never reused
 * @param x left column of the person's box, image pixels
 * @param y top row of the box
 * @param w box width in pixels
 * @param h box height in pixels
 * @param footX column of the foot point (bottom centre, where the person stands), filtered by the motion model
 * @param footY row of the foot point
 * @param state {@link #MOVING}, {@link #STILL} (stopped but still there) or {@link #LOST} (coasting on the motion
 *     model: not seen in this frame)
 * @param firstSeenMs capture time of the frame the person was first seen in, epoch ms
 * @param zoneId the zone the foot point is in, null when outside every zone
 * @param inZoneSinceMs capture time the person entered that zone (or was first seen in it), epoch ms; the first
 *     seen time when outside every zone
 */
public record Track(
    long id, int x, int y, int w, int h, double footX, double footY, String state, long firstSeenMs,
    String zoneId, long inZoneSinceMs) {

  /** Seen in this frame and moving. */
  public static final String MOVING = "moving";
  /** Seen in this frame (or kept by its appearance) and not moving. */
  public static final String STILL = "still";
  /** Not seen in this frame; position predicted by the motion model. */
  public static final String LOST = "lost";
}
