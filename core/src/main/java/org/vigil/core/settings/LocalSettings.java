package org.vigil.core.settings;

import static org.vigil.core.settings.SettingType.intRange;

import java.nio.file.Path;

/** The local services ({@code infra/services.sh}, {@code ./vigil run}): where they keep state and listen. */
public final class LocalSettings {

  public static final Setting<Path> STATE_DIR = Setting.of("VIGIL_STATE_DIR", SettingType.path(), ".vigil/local",
      "state of the local services: data, logs, certificates and passwords (`secrets/`)");
  public static final Setting<Integer> MQTT_PORT = Setting.of("VIGIL_MQTT_PORT", intRange(1, 65535), "18830",
      "port of the local Mosquitto");
  public static final Setting<Integer> INFLUX_PORT = Setting.of("VIGIL_INFLUX_PORT", intRange(1, 65535), "18086",
      "HTTP port of the local InfluxDB");
  public static final Setting<Integer> INFLUX_RPC_PORT = Setting.of("VIGIL_INFLUX_RPC_PORT", intRange(1, 65535),
      "18088", "RPC (backup) port of the local InfluxDB");
  public static final Setting<String> MQTT_SECURITY = Setting.of("VIGIL_MQTT_SECURITY", SettingType.oneOf("on", "off"),
      "", "TLS, identities and topic rights on the local broker (Broker identities, below)")
      .shownDefault("`on` for `./vigil run`, `off` for `infra/services.sh` alone and `./vigil test`'s main broker");

  private LocalSettings() {}
}
