package org.vigil.connectors.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfluxCredentialsTest {

  @Test
  void noUserMeansNoAuthentication() {
    assertThat(InfluxCredentials.fromLookup(Map.<String, String>of()::get).present()).isFalse();
  }

  @Test
  void thePasswordComesFromTheFirstLineOfTheFile(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("pw"), "  s3cret+/=  \nsecond line\n");
    InfluxCredentials c = InfluxCredentials.fromLookup(
        Map.of("VIGIL_INFLUX_USERNAME", "vigil-job", "VIGIL_INFLUX_PASSWORD_FILE", f.toString())::get);
    assertThat(c.username()).isEqualTo("vigil-job");
    assertThat(c.password()).isEqualTo("s3cret+/=");
    assertThat(c.toString()).contains("vigil-job").contains("****").doesNotContain("s3cret");
  }

  @Test
  void thePasswordMayComeFromTheEnvironmentAndTheFormerUserNameIsRead() {
    InfluxCredentials c = InfluxCredentials.fromLookup(
        Map.of("VIGIL_INFLUX_USER", "old", "VIGIL_INFLUX_PASSWORD", "pw")::get);
    assertThat(c.username()).isEqualTo("old");
    assertThat(c.password()).isEqualTo("pw");
  }

  @Test
  void settingsThatDoNotFitSayWhatToSet(@TempDir Path dir) {
    assertThatThrownBy(() -> InfluxCredentials.fromLookup(Map.of("VIGIL_INFLUX_USERNAME", "u")::get))
        .hasMessageContaining("VIGIL_INFLUX_PASSWORD_FILE");
    assertThatThrownBy(() -> InfluxCredentials.fromLookup(Map.of("VIGIL_INFLUX_PASSWORD", "pw")::get))
        .hasMessageContaining("set VIGIL_INFLUX_USERNAME");
    assertThatThrownBy(() -> InfluxCredentials.fromLookup(Map.of("VIGIL_INFLUX_USERNAME", "u",
        "VIGIL_INFLUX_PASSWORD_FILE", dir.resolve("missing").toString())::get))
        .hasMessageContaining("cannot read").hasMessageContaining("missing");
    assertThatThrownBy(() -> InfluxCredentials.fromLookup(Map.of("VIGIL_INFLUX_USERNAME", "a",
        "VIGIL_INFLUX_USER", "b", "VIGIL_INFLUX_PASSWORD", "pw")::get))
        .hasMessageContaining("differ");
  }

  @Test
  void localUsersLiveInTheSecretsFolder(@TempDir Path state) throws Exception {
    assertThat(InfluxCredentials.local(state, "vigil-job")).isEmpty();
    Files.createDirectories(state.resolve("secrets"));
    Files.writeString(state.resolve("secrets/influx-vigil-job.password"), "abc\n");
    assertThat(InfluxCredentials.local(state, "vigil-job")).contains(new InfluxCredentials("vigil-job", "abc"));
  }
}
