package org.vigil.cli.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.connectors.influx.InfluxCredentials;
import org.vigil.connectors.influx.InfluxException;
import org.vigil.connectors.influx.Retention;
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
   * As the admin: the database, granted to the job's and the console's users, and (when {@code retention} is enabled)
   * its retention policies and rollups, which only an admin may manage. A failure is reported and not fatal: the job
   * then writes into the database's default policy.
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
    try {
      admin.createDatabase(db);
      for (String user : new String[] {InfluxCredentials.JOB, InfluxCredentials.CONSOLE, InfluxCredentials.TOOLS}) {
        admin.query(null, "GRANT ALL ON " + quote(db) + " TO " + quote(user));
      }
      if (retention.enabled()) {
        Retention.apply(admin, db, retention);
      }
    } catch (InfluxException e) {
      say.accept("could not prepare InfluxDB database '" + db + "' as " + InfluxCredentials.ADMIN + ": "
          + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String quote(String identifier) {
    return '"' + identifier.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
