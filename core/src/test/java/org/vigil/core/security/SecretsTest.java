package org.vigil.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one password-file reader: first line, stripped; errors name the file and the remedy, never the secret. */
class SecretsTest {

  @Test
  void theSecretIsTheFirstLineStripped(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("pw"), "  s3cret+/=  \r\nsecond line\n");
    assertThat(Secrets.readFirstLine(f, "the password", "check X")).isEqualTo("s3cret+/=");
    Path noNewline = Files.writeString(dir.resolve("pw2"), "abc");
    assertThat(Secrets.readFirstLine(noNewline, "the password", "check X")).isEqualTo("abc");
  }

  @Test
  void aMissingOrEmptyFileIsNamedWithTheRemedy(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("missing.password");
    assertThatThrownBy(() -> Secrets.readFirstLine(missing, "the MQTT password of vigil-job", "check SOME_VAR"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(missing.toString()).hasMessageContaining("no such file")
        .hasMessageContaining("the MQTT password of vigil-job").hasMessageContaining("check SOME_VAR");
    Path empty = Files.writeString(dir.resolve("empty.password"), "\nsecret on the second line\n");
    assertThatThrownBy(() -> Secrets.readFirstLine(empty, "the password", "check SOME_VAR"))
        .hasMessageContaining(empty.toString()).hasMessageContaining("is empty")
        .hasMessageNotContaining("secret on the second line");
  }

  @Test
  void anUnsetVariableIsNamed() {
    assertThatThrownBy(() -> Secrets.fromEnvironment("VIGIL_NO_SUCH_VARIABLE_FOR_TESTS", "the password", "set it"))
        .hasMessageContaining("VIGIL_NO_SUCH_VARIABLE_FOR_TESTS").hasMessageContaining("set it");
    String path = System.getenv("PATH");
    if (path != null && !path.isBlank()) {
      assertThat(Secrets.fromEnvironment("PATH", "a value", "set it")).isEqualTo(path.strip());
    }
  }

  @Test
  void passwordFilesAreNamedAsTheServicesMakeThem() {
    Path s = Path.of("secrets");
    assertThat(ServiceIdentities.mqttPasswordFile(s, ServiceIdentities.JOB))
        .isEqualTo(Path.of("secrets", "mqtt-vigil-job.password"));
    assertThat(ServiceIdentities.influxPasswordFile(s, ServiceIdentities.GRAFANA))
        .isEqualTo(Path.of("secrets", "influx-vigil-grafana.password"));
  }
}
