package org.vigil.cli.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.connectors.influx.InfluxCredentials;
import org.vigil.connectors.influx.InfluxSetup;
import org.vigil.connectors.influx.RetentionOptions;
import org.vigil.core.settings.InfluxSettings;
import org.vigil.core.settings.SettingsReader;

/**
 * The users of the project's own InfluxDB (made by infra/services.sh, passwords in {@code <state>/secrets}) as
 * {@code ./vigil run} hands them out: each part its own user, the password by file, never by value.
 */
final class LocalInfluxUsers {

  private final Path stateDir;

  LocalInfluxUsers(Path stateDir) {
    this.stateDir = stateDir;
  }

  /** Whether the local users apply: no InfluxDB user is set in the settings (a set one is used as it is). */
  static boolean useLocal(Function<String, String> env) {
    return !new SettingsReader(env).isSet(InfluxSettings.USERNAME);
  }

  /** The settings that make a part authenticate as {@code user}. */
  Map<String, String> settings(String user) {
    Path file = InfluxCredentials.localPasswordFile(stateDir, user);
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("the local InfluxDB has no password file for " + user + " (" + file + "):"
          + " restart the services so that infra/services.sh makes it (./vigil services stop; ./vigil run)");
    }
    return InfluxCredentials.settings(user, file);
  }

  /**
   * {@code vigil influx setup} as the admin, before the job starts: the database, granted to the job's, the console's
   * and the tools' users, and (when {@code retention} is enabled) its retention policies and rollups, which only an
   * admin may manage. A failure is reported and not fatal: the job then writes into the database's default policy.
   */
  void prepareDatabase(String url, String db, RetentionOptions retention, Consumer<String> say) {
    InfluxClient admin;
    try {
      admin = InfluxCredentials.ofFile(InfluxCredentials.ADMIN,
          InfluxCredentials.localPasswordFile(stateDir, InfluxCredentials.ADMIN)).client(url, Duration.ofSeconds(10));
    } catch (IllegalArgumentException e) {
      say.accept("InfluxDB admin credentials unusable (" + e.getMessage() + "): database '" + db
          + "' not prepared");
      return;
    }
    try (admin) {
      report(InfluxSetup.run(admin, db, retention,
          List.of(InfluxCredentials.JOB, InfluxCredentials.CONSOLE, InfluxCredentials.TOOLS)), "as " + InfluxCredentials.ADMIN,
          say);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * {@code vigil influx setup} for InfluxDB users given in the settings (not the local ones): as the job's own user,
   * without grants. Where that user may not run an admin's statements, what an admin already set up is reported and
   * the rest said with what to do; the job then writes into the database's default policy.
   */
  static void prepareDatabaseAs(InfluxCredentials user, String url, String db, RetentionOptions retention,
      Consumer<String> say) {
    try (InfluxClient client = user.client(url, Duration.ofSeconds(10))) {
      report(InfluxSetup.run(client, db, retention, List.of()), "as " + user.username(), say);
    } catch (IllegalArgumentException | IllegalStateException e) {
      say.accept("could not set up InfluxDB database '" + db + "': " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void report(InfluxSetup.Report report, String as, Consumer<String> say) {
    for (String p : report.problems()) {
      say.accept("InfluxDB set-up " + as + " not done: " + p);
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
