package org.vigil.jobs.modes;

/**
 * A region's own command mode as the job keeps it (keyed state of {@link ModeFunction}, a Flink POJO): who set it,
 * when and why.
 */
public class RegionMode {
  /** The region's id. */
  public String region;
  /** {@code daily}, {@code holiday} or {@code emergency}. */
  public String mode;
  /** The console user who set it. */
  public String setBy;
  /** When the job took the switch, epoch ms. */
  public long setAtMs;
  /** The operator's words. */
  public String reason;
  /** The request's id. */
  public String request;

  public RegionMode() {}

  public RegionMode(String region, String mode, String setBy, long setAtMs, String reason, String request) {
    this.region = region;
    this.mode = mode;
    this.setBy = setBy;
    this.setAtMs = setAtMs;
    this.reason = reason;
    this.request = request;
  }
}
