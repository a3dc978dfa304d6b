package org.vigil.connectors.mqtt.devices;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import org.vigil.connectors.mqtt.security.MqttClientSecurity;
import org.vigil.core.settings.LocalSettings;
import org.vigil.core.settings.SettingsReader;
import org.vigil.core.settings.MqttSettings;

/**
 * {@code vigil devices add|revoke|list}: the device identities on the broker (dynamic security), managed as the
 * admin identity whose password is read from its file in the secrets folder.
 */
@Command(
    name = "vigil devices",
    mixinStandardHelpOptions = true,
    description = "Creates, lists and revokes device identities on the MQTT broker.",
    subcommands = {DevicesCli.Add.class, DevicesCli.Revoke.class, DevicesCli.ListDevices.class})
public final class DevicesCli {

  @Option(names = "--mqtt-url", defaultValue = "${env:VIGIL_MQTT_URL:-" + MqttSettings.DEFAULT_SECURE_URL + "}",
      description = "Broker URL (default: ${DEFAULT-VALUE}).")
  String mqttUrl;

  @Option(names = "--secrets", defaultValue = "${env:VIGIL_SECRETS_DIR}",
      description = "Folder with ca.crt and mqtt-vigil-admin.password (default: $VIGIL_STATE_DIR/secrets,"
          + " else .vigil/local/secrets).")
  String secrets;

  @Option(names = "--timeout-ms", defaultValue = "10000", description = "How long to wait for the broker.")
  long timeoutMs;

  DynamicSecurityAdmin connect() throws Exception {
    Path dir = secretsDir();
    String ca = System.getenv().getOrDefault(MqttClientSecurity.ENV_CA_FILE, dir.resolve("ca.crt").toString());
    MqttClientSecurity admin =
        new MqttClientSecurity("vigil-admin", dir.resolve("mqtt-vigil-admin.password").toString(), ca);
    return new DynamicSecurityAdmin(mqttUrl, admin, timeoutMs);
  }

  private Path secretsDir() {
    if (secrets != null && !secrets.isBlank()) {
      return Path.of(secrets);
    }
    String state = new SettingsReader(System::getenv).raw(LocalSettings.STATE_DIR);
    if (state != null && !state.isBlank()) {
      return Path.of(state, "secrets");
    }
    return Path.of(System.getProperty("vigil.home", "."), ".vigil", "local", "secrets");
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Creates a device that may publish only on its data topic; prints its password once"
          + " (or writes it to --password-file).")
  static final class Add implements Callable<Integer> {
    @ParentCommand DevicesCli parent;
    @Parameters(index = "0", description = "The device's username (letters, digits, '.', '_', '-').") String name;
    @Option(names = "--site", required = true, description = "The device's site.") String site;
    @Option(names = "--kind", description = "Sensor kind (rain, slope, camera...); with --id: a single sensor.")
    String kind;
    @Option(names = "--id", description = "Sensor id; without --kind/--id the device is a gateway for the site.")
    String id;
    @Option(names = "--password-file", description = "Write the password to this new file (mode 600) instead of"
        + " printing it.") Path passwordFile;

    @Override
    public Integer call() throws Exception {
      if ((kind == null) != (id == null)) {
        throw new CommandLine.ParameterException(new CommandLine(this),
            "give both --kind and --id for a sensor, or neither for a gateway of the site");
      }
      String topic = DynamicSecurityAdmin.dataTopic(site, kind, id);
      try (DynamicSecurityAdmin admin = parent.connect()) {
        DynamicSecurityAdmin.Device d = admin.addDevice(name, topic);
        PrintStream out = System.out;
        if (passwordFile != null) {
          writeSecret(passwordFile, d.password());
          out.println("device " + name + " may publish on " + topic + "; password written to " + passwordFile);
        } else {
          out.println("device " + name + " may publish on " + topic);
          out.println("password (shown once, keep it on the device only): " + d.password());
        }
      }
      return 0;
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = "Deletes a device: the broker disconnects it now and refuses it afterwards.")
  static final class Revoke implements Callable<Integer> {
    @ParentCommand DevicesCli parent;
    @Parameters(index = "0", description = "The device's username.") String name;

    @Override
    public Integer call() throws Exception {
      try (DynamicSecurityAdmin admin = parent.connect()) {
        admin.revokeDevice(name);
      }
      System.out.println("device " + name + " revoked");
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "The devices and the topics they may use.")
  static final class ListDevices implements Callable<Integer> {
    @ParentCommand DevicesCli parent;

    @Override
    public Integer call() throws Exception {
      try (DynamicSecurityAdmin admin = parent.connect()) {
        List<DynamicSecurityAdmin.Device> devices = admin.listDevices();
        for (DynamicSecurityAdmin.Device d : devices) {
          System.out.println(d.username() + "\t" + String.join(",", d.topics()));
        }
        System.out.println(devices.size() + " device(s)");
      }
      return 0;
    }
  }

  static void writeSecret(Path file, String secret) throws IOException {
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, secret + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new DevicesCli()).setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("vigil devices: " + e.getMessage());
      return 1;
    }).execute(args));
  }
}
