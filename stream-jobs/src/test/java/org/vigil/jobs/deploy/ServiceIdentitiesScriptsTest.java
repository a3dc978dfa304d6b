package org.vigil.jobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.vigil.core.security.ServiceIdentities;

/**
 * The identities the scripts make (infra/mqtt-security.sh for the broker, infra/influx-auth.sh for InfluxDB,
 * infra/compose/prepare.sh for the compose stack) are the ones the Java clients know ({@link ServiceIdentities}).
 */
class ServiceIdentitiesScriptsTest {

  private static List<String> shellArray(String script, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + "=\\(([^)]*)\\)").matcher(script);
    assertThat(m.find()).as(name).isTrue();
    return Arrays.stream(m.group(1).trim().split("\\s+")).toList();
  }

  private static String shellValue(String script, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + "=(\\S+)$").matcher(script);
    assertThat(m.find()).as(name).isTrue();
    return m.group(1);
  }

  @Test
  void theBrokerIdentitiesAreTheServiceIdentities() throws Exception {
    String mqtt = Files.readString(DeployFiles.infra().resolve("mqtt-security.sh"));
    assertThat(shellArray(mqtt, "MQTT_IDENTITIES")).containsExactlyElementsOf(ServiceIdentities.MQTT);
    // The command topics name their sender: only the command senders have rights on them (commands_of).
    for (String sender : ServiceIdentities.COMMAND_SENDERS) {
      assertThat(mqtt).contains("$(commands_of " + sender + ")");
    }
    assertThat(mqtt.lines().filter(l -> l.contains("$(commands_of ")).count())
        .isEqualTo(ServiceIdentities.COMMAND_SENDERS.size());
  }

  @Test
  void theInfluxUsersAreTheServiceIdentities() throws Exception {
    String influx = Files.readString(DeployFiles.infra().resolve("influx-auth.sh"));
    List<String> users = new ArrayList<>();
    users.add(shellValue(influx, "INFLUX_ADMIN_USER"));
    users.addAll(shellArray(influx, "INFLUX_RW_USERS"));
    users.addAll(shellArray(influx, "INFLUX_READ_USERS"));
    assertThat(users).containsExactlyInAnyOrderElementsOf(ServiceIdentities.INFLUX);
    String prepare = Files.readString(DeployFiles.infra().resolve("compose/prepare.sh"));
    assertThat(ServiceIdentities.INFLUX).containsAll(shellArray(prepare, "COMPOSE_INFLUX_USERS"));
  }
}
