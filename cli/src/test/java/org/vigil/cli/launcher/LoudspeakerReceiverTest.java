package org.vigil.cli.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.webhook.WebhookSigner;

/** The run's built-in loudspeaker controllers: signatures checked, a repeated request id confirmed but counted once. */
class LoudspeakerReceiverTest {

  @Test
  void signedRequestsAreConfirmedOnceAndForgedOnesRefused() throws Exception {
    String secret = WebhookSigner.generateSecret();
    WebhookSigner signer = new WebhookSigner(List.of(secret));
    try (LoudspeakerReceiver r = LoudspeakerReceiver.start(0, List.of(secret))) {
      HttpClient http = HttpClient.newHttpClient();
      String body = "{\"text\":\"leave now\"}";
      long ts = System.currentTimeMillis() / 1000;
      HttpRequest.Builder req = HttpRequest.newBuilder(r.url().resolve("ls-1"))
          .header("webhook-id", "bc_1").header("webhook-timestamp", Long.toString(ts))
          .POST(HttpRequest.BodyPublishers.ofString(body));
      HttpRequest signed = req.copy().header("webhook-signature", signer.sign("bc_1", ts, body)).build();
      assertThat(http.send(signed, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(204);
      assertThat(http.send(signed, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(204);
      HttpRequest forged = req.copy().header("webhook-signature", signer.sign("bc_1", ts, body + " ")).build();
      assertThat(http.send(forged, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(401);
      assertThat(r.summary()).isEqualTo("loudspeakers 1 confirmed (3 requests, 1 repeated, 1 refused)");
    }
  }
}
