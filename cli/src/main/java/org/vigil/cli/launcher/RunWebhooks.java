package org.vigil.cli.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.vigil.alerts.webhook.WebhookEndpoint;
import org.vigil.alerts.webhook.WebhookSigner;
import org.vigil.core.settings.ConfigException;
import org.vigil.core.settings.SettingsReader;
import org.vigil.core.settings.WebhookSettings;

/**
 * The webhook endpoints of {@code ./vigil run}: the user's ({@code VIGIL_WEBHOOK_URLS}) and, beside them, the built-in
 * local receiver, unless it is turned off ({@code --receiver-port -1}). Setting one's own endpoint used to replace the
 * receiver, and with it the status line's webhook counts; now both are served and both are counted.
 */
final class RunWebhooks {

  /** Name of the built-in receiver's endpoint (tag {@code endpoint} of {@code webhook_deliveries}). */
  static final String LOCAL = "local-receiver";

  private RunWebhooks() {}

  /**
   * The secrets the local receiver verifies with and the job signs its deliveries to it with: {@code
   * VIGIL_WEBHOOK_SECRET} (one, or two during a rotation) when set, else a fresh one.
   */
  static List<String> receiverSecrets(Function<String, String> env) {
    String given = new SettingsReader(env).raw(WebhookSettings.SECRET);
    return given == null ? List.of(WebhookSigner.generateSecret()) : List.of(given.split("[\\s,]+"));
  }

  /**
   * The endpoints the job delivers to: the user's in their order, then the local receiver's ({@code receiverUrl}
   * null: turned off).
   *
   * @throws ConfigException when a user endpoint is named like the local receiver
   */
  static List<WebhookEndpoint> endpoints(List<WebhookEndpoint> user, String receiverUrl, List<String> secrets) {
    List<WebhookEndpoint> out = new ArrayList<>(user);
    if (receiverUrl != null) {
      if (user.stream().anyMatch(e -> e.name().equals(LOCAL))) {
        throw new ConfigException("invalid webhook configuration", List.of("an endpoint of VIGIL_WEBHOOK_URLS is named '" + LOCAL
            + "', the name of ./vigil run's built-in receiver: rename it, or turn the receiver off with"
            + " --receiver-port -1"));
      }
      out.add(WebhookEndpoint.of(LOCAL, receiverUrl, secrets.toArray(String[]::new)));
    }
    return List.copyOf(out);
  }
}
