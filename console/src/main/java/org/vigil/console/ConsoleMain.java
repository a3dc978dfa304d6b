package org.vigil.console;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.vigil.console.auth.PasswordHasher;
import org.vigil.console.auth.Role;
import org.vigil.cli.launcher.LocalLauncher;
import org.vigil.cli.launcher.LocalMqttSecurity;
import org.vigil.cli.launcher.ScriptedHoliday;
import org.vigil.console.modes.ApiModeSwitcher;
import org.vigil.core.settings.ConsoleSettings;
import org.vigil.core.settings.Settings;
import org.vigil.core.settings.SettingsReader;

/**
 * Entry point of {@code ./vigil console ...} and {@code ./vigil run}.
 *
 * <ul>
 *   <li>{@code serve} (default): the console alone, against the broker and database of the VIGIL_* settings</li>
 *   <li>{@code hash-password [--iterations N] [USER ROLE [REGION]]}: reads a password (twice, not echoed) and prints
 *       a users file entry (REGION: the registry region the user answers for; without it the whole county)</li>
 *   <li>{@code run [options of ./vigil run]}: the console and, in the same process, the local pipeline
 *       ({@link LocalLauncher}); without VIGIL_CONSOLE_USERS it uses the demo users file and prints its passwords</li>
 * </ul>
 */
public final class ConsoleMain {

  /** The demo users file, relative to the project. */
  public static final String DEMO_USERS = "console/demo-users.yaml";

  /** The demo user who switches the gorge's township to holiday mode (./vigil run --holiday-at): the whole county. */
  public static final String DEMO_COUNTY_USER = "county";

  private ConsoleMain() {}

  public static void main(String[] args) throws Exception {
    String cmd = args.length == 0 ? "serve" : args[0];
    String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
    switch (cmd) {
      case "serve" -> System.exit(serve(System::getenv));
      case "hash-password" -> System.exit(hashPassword(rest));
      case "run" -> System.exit(run(rest));
      case "help", "-h", "--help" -> {
        System.out.println("usage: vigil console [serve | hash-password [--iterations N] [USER ROLE [REGION]]]");
        System.out.println("settings: " + Settings.of("Console").stream()
            .map(s -> s.key() + (s.defaultText().isEmpty() ? "" : " (" + s.defaultText() + ")"))
            .collect(java.util.stream.Collectors.joining(", "))
            + "; and VIGIL_MQTT_URL, VIGIL_INFLUX_URL, VIGIL_INFLUX_DB (./vigil settings --help-text: all)");
        System.exit(0);
      }
      default -> {
        System.err.println("[vigil] unknown console command '" + cmd + "': use serve or hash-password");
        System.exit(2);
      }
    }
  }

  private static int serve(Function<String, String> env) throws Exception {
    ConsoleConfig c;
    try {
      c = ConsoleConfig.fromLookup(env);
    } catch (IllegalArgumentException e) {
      System.err.println("[vigil] " + e.getMessage());
      return 2;
    }
    ConsoleServer server;
    try {
      server = ConsoleServer.start(c, env);
    } catch (Exception | LinkageError e) {
      System.err.println("[vigil] the console did not start: " + e.getMessage());
      return 1;
    }
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stop.countDown();
    }, "console-shutdown"));
    System.out.println("[vigil] console: " + server.url() + " (users from " + c.usersFile() + ")");
    stop.await();
    return 0;
  }

  private static int run(String[] launcherArgs) {
    Path home = Path.of(System.getProperty("vigil.home", ".")).toAbsolutePath().normalize();
    Map<String, String> extra = new HashMap<>();
    boolean demo = !new SettingsReader(System::getenv).isSet(ConsoleSettings.USERS);
    if (demo) {
      extra.put(ConsoleSettings.USERS.key(), home.resolve(DEMO_USERS).toString());
    }
    try {
      // MQTT security of the run (default on): the console connects as vigil-console with the run's secrets.
      extra.putAll(LocalMqttSecurity.defaults(home, System::getenv));
    } catch (IllegalArgumentException e) {
      System.err.println("[vigil] " + e.getMessage());
      return 2;
    }
    boolean help = Arrays.stream(launcherArgs).anyMatch(a -> a.equals("--help") || a.equals("-h")
        || a.equals("--version") || a.equals("-V"));
    if (help) {
      return LocalLauncher.commandLine(new LocalLauncher()).execute(launcherArgs);
    }
    // The console starts once the launcher has the services up: it then knows the console's own InfluxDB user.
    ConsoleServer[] server = new ConsoleServer[1];
    LocalLauncher launcher = LocalLauncher.withConsole(launcherEnv -> {
      Function<String, String> consoleEnv = k -> extra.containsKey(k) ? extra.get(k) : launcherEnv.apply(k);
      try {
        server[0] = ConsoleServer.start(ConsoleConfig.fromLookup(consoleEnv), consoleEnv);
      } catch (Exception e) {
        throw new IllegalStateException("the console did not start: " + e.getMessage(), e);
      }
      System.out.println("[vigil] console: " + server[0].url());
      if (demo) {
        System.out.println("[vigil]   DEMO users from " + DEMO_USERS + " (for trying Vigil out only; set "
            + "VIGIL_CONSOLE_USERS to your own file, ./vigil console hash-password makes entries):");
        try {
          demoPasswords(home.resolve(DEMO_USERS)).forEach(l -> System.out.println("[vigil]     " + l));
        } catch (IOException e) {
          System.out.println("[vigil]     (cannot read " + DEMO_USERS + ": " + e.getMessage() + ")");
        }
      }
      ConsoleServer s = server[0];
      Runtime.getRuntime().addShutdownHook(new Thread(s::close, "console-shutdown"));
    });
    // The demo's scripted holiday switch goes through this console as the demo's county user, as a duty officer's.
    String countyPassword = null;
    if (demo) {
      try {
        countyPassword = demoPassword(home.resolve(DEMO_USERS), DEMO_COUNTY_USER);
      } catch (IOException e) {
        countyPassword = null;
      }
    }
    if (countyPassword != null) {
      launcher.withModeSwitcher(new ApiModeSwitcher(() -> server[0].url(), DEMO_COUNTY_USER, countyPassword,
          ScriptedHoliday.WAIT));
    } else {
      launcher.withoutModeSwitcher(demo ? "the demo users file names no " + DEMO_COUNTY_USER + " user"
          : "the console's users are yours (VIGIL_CONSOLE_USERS): switch in the console, Modes");
    }
    int code;
    try {
      code = LocalLauncher.commandLine(launcher).execute(launcherArgs);
    } catch (Throwable t) {
      System.err.println("[vigil] failed to start: " + t);
      code = 1;
    }
    return code;
  }

  /** The {@code # demo: user / password (role)} lines of the demo users file. */
  static List<String> demoPasswords(Path file) throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (line.startsWith("# demo: ")) {
        out.add(line.substring("# demo: ".length()));
      }
    }
    return out;
  }

  /** The password of {@code user} on its {@code # demo: user / password (...)} line, or null. */
  static String demoPassword(Path file, String user) throws IOException {
    for (String l : demoPasswords(file)) {
      String[] p = l.split("\\s+");
      if (p.length >= 3 && p[0].equals(user) && p[1].equals("/")) {
        return p[2];
      }
    }
    return null;
  }

  private static int hashPassword(String[] args) throws IOException {
    int iterations = PasswordHasher.DEFAULT_ITERATIONS;
    List<String> positional = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--iterations") && i + 1 < args.length) {
        iterations = Integer.parseInt(args[++i]);
      } else {
        positional.add(args[i]);
      }
    }
    if (positional.size() != 0 && positional.size() != 2 && positional.size() != 3) {
      System.err.println("usage: vigil console hash-password [--iterations N] [USER ROLE [REGION]]");
      return 2;
    }
    if (positional.size() == 3 && !positional.get(2).matches("[a-z0-9][a-z0-9-]{0,63}")) {
      System.err.println("[vigil] region '" + positional.get(2) + "' is not a registry region id");
      return 2;
    }
    if (positional.size() >= 2) {
      try {
        Role.fromWire(positional.get(1));
      } catch (IllegalArgumentException e) {
        System.err.println("[vigil] " + e.getMessage());
        return 2;
      }
    }
    char[] password;
    Console console = System.console();
    if (console != null) {
      password = console.readPassword("password: ");
      char[] again = console.readPassword("again: ");
      if (!Arrays.equals(password, again)) {
        System.err.println("[vigil] the two passwords differ");
        return 1;
      }
    } else {
      String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      password = line == null ? new char[0] : line.toCharArray();
    }
    if (password.length < 8) {
      System.err.println("[vigil] use a password of at least 8 characters");
      return 1;
    }
    String hash = PasswordHasher.hash(password, iterations);
    Arrays.fill(password, '\0');
    if (positional.isEmpty()) {
      System.out.println(hash);
    } else {
      System.out.println("  - name: " + positional.get(0));
      System.out.println("    role: " + Role.fromWire(positional.get(1)).wireName());
      if (positional.size() == 3) {
        System.out.println("    region: " + positional.get(2));
      }
      System.out.println("    password: " + hash);
    }
    return 0;
  }
}
