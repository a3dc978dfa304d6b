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
    // Kept as the variable's name and read from the environment of the process that connects.
    assertThat(c.passwordVariable()).contains("VIGIL_INFLUX_PASSWORD");
    assertThat(c.passwordFile()).isEmpty();
    if (System.getenv("VIGIL_INFLUX_PASSWORD") == null) {
      assertThatThrownBy(c::password).hasMessageContaining("VIGIL_INFLUX_PASSWORD").hasMessageContaining("old");
    } else {
      assertThat(c.password()).isEqualTo(System.getenv("VIGIL_INFLUX_PASSWORD").strip());
    }
  }

  @Test
  void thePasswordIsReadFromItsFileWhenAClientIsMadeNotKept(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("pw"), "first\n");
    InfluxCredentials c = InfluxCredentials.fromLookup(
        Map.of("VIGIL_INFLUX_USERNAME", "vigil-job", "VIGIL_INFLUX_PASSWORD_FILE", f.toString())::get);
    Files.writeString(f, "rotated\n");
    assertThat(c.password()).isEqualTo("rotated");
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(c);
    }
    assertThat(new String(bytes.toByteArray(), java.nio.charset.StandardCharsets.ISO_8859_1))
        .contains(f.toString()).doesNotContain("rotated");
    Files.delete(f);
    assertThatThrownBy(c::password).hasMessageContaining(f.toString()).hasMessageContaining("no such file")
        .hasMessageContaining("VIGIL_INFLUX_PASSWORD_FILE");
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
    assertThat(InfluxCredentials.local(state, "vigil-job")).contains(InfluxCredentials.ofFile("vigil-job",
        state.resolve("secrets/influx-vigil-job.password")));
    assertThat(InfluxCredentials.local(state, "vigil-job").orElseThrow().password()).isEqualTo("abc");
  }
}
