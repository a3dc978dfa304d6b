package org.vigil.core.settings;

import static org.vigil.core.settings.SettingType.intRange;
import static org.vigil.core.settings.SettingType.longRange;
import static org.vigil.core.settings.SettingType.path;

import java.nio.file.Path;

/** The crowd pipeline: cameras and frame analysis. */
public final class CrowdSettings {

  public static final Setting<Path> CAMERAS_FILE = Setting.of("VIGIL_CAMERAS_FILE", path(), "",
      "JSON array of camera configs (zones, gating, detector; `vision/README.md`); unlisted cameras get one"
          + " whole-frame zone");
  public static final Setting<Double> DEFAULT_AREA_M2 = Setting.of("VIGIL_CROWD_DEFAULT_AREA_M2",
      SettingType.decimal(0, true, Double.MAX_VALUE), "100", "area of that whole-frame zone").unit("m²");
  public static final Setting<Integer> DEFAULT_CAPACITY = Setting.of("VIGIL_CROWD_DEFAULT_CAPACITY",
      intRange(0, Integer.MAX_VALUE), "0", "capacity of that whole-frame zone (`0`: no capacity rule)")
      .unit("people");
  public static final Setting<Long> MAX_FRAME_AGE_MS = Setting.of("VIGIL_CROWD_MAX_FRAME_AGE_MS",
      longRange(0, Long.MAX_VALUE), "2000", "frames captured longer ago than this are dropped unanalysed (`0`: no"
          + " limit)").unit("ms");
  public static final Setting<Integer> ANALYSIS_THREADS = Setting.of("VIGIL_CROWD_ANALYSIS_THREADS", intRange(1, 64),
      "1", "analysis threads per subtask");

  private CrowdSettings() {}
}
