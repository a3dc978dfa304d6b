package org.vigil.cli.alerts;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.vigil.alerts.webhook.AlertJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vigil alerts list}: the open alerts from InfluxDB {@code alerts}, highest level first. */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = "Lists open alerts (the newest transition of each alert id is not a resolve) from InfluxDB.")
final class ListCommand implements Callable<Integer> {

  @Mixin AlertsSettings settings = new AlertsSettings();

  @Option(names = "--site", paramLabel = "SITE", description = "Only this site.")
  String site;

  @Option(names = "--since", paramLabel = "DURATION", description = "How far back transitions are read; an alert "
      + "opened before that is not seen. Default: 30d (the raw retention).")
  String since = "30d";

  @Spec CommandSpec spec;

  ListCommand(Function<String, String> environment) {
    settings.environment = environment;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (!since.matches("\\d+[smhdw]")) {
      out.println("--since '" + since + "' is not an InfluxQL duration such as 30d, 12h or 90m");
      return VigilAlertsCli.FAILED;
    }
    List<OpenAlerts.Open> open;
    try {
      open = OpenAlerts.fold(settings.influx().query(settings.database(),
          "SELECT * FROM alerts WHERE time > now() - " + since + (site == null ? "" : " AND site = '"
              + site.replace("'", "\\'") + "'")));
    } catch (RuntimeException e) {
      out.println("cannot read alerts from InfluxDB (" + settings.database() + "): " + e.getMessage()
          + "\n  check --influx-url / VIGIL_INFLUX_URL and that InfluxDB is running (./vigil services status)");
      return VigilAlertsCli.FAILED;
    }
    if (open.isEmpty()) {
      out.println("no open alerts" + (site == null ? "" : " at " + site) + " (transitions of the last " + since
          + ")");
      out.flush();
      return VigilAlertsCli.OK;
    }
    out.printf("%-7s %-12s %-28s %-22s %-24s %-14s %s%n", "LEVEL", "SITE", "SUBJECT", "RULE", "SINCE", "ACKED BY",
        "ID");
    for (OpenAlerts.Open a : open) {
      out.printf("%-7s %-12s %-28s %-22s %-24s %-14s %s%n", a.level().wireName(), a.site(), a.subject(), a.rule(),
          AlertJson.isoTime(a.sinceMs()), a.ackedBy().isEmpty() ? "-" : a.ackedBy(), a.id());
    }
    out.println(open.size() + " open alert" + (open.size() == 1 ? "" : "s"));
    out.flush();
    return VigilAlertsCli.OK;
  }

}
