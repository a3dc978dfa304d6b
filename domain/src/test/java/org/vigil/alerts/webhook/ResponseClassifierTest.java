package org.vigil.alerts.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.alerts.webhook.ResponseClassifier.Verdict.DEAD_LETTER;
import static org.vigil.alerts.webhook.ResponseClassifier.Verdict.DELIVERED;
import static org.vigil.alerts.webhook.ResponseClassifier.Verdict.DISABLE_ENDPOINT;
import static org.vigil.alerts.webhook.ResponseClassifier.Verdict.RETRY;

import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class ResponseClassifierTest {

  @Test
  void statusesFollowTheStandardWebhooksAdvice() {
    for (int s : new int[] {200, 201, 202, 204, 299}) {
      assertThat(ResponseClassifier.classify(s)).as("%d", s).isEqualTo(DELIVERED);
    }
    assertThat(ResponseClassifier.classify(410)).isEqualTo(DISABLE_ENDPOINT);
    for (int s : new int[] {408, 425, 429, 500, 502, 503, 504, 599}) {
      assertThat(ResponseClassifier.classify(s)).as("%d", s).isEqualTo(RETRY);
    }
    for (int s : new int[] {100, 301, 302, 400, 401, 403, 404, 405, 409, 413, 422, 499, 600}) {
      assertThat(ResponseClassifier.classify(s)).as("%d", s).isEqualTo(DEAD_LETTER);
    }
  }

  @Test
  void ioErrorsAndTimeoutsAreRetriedBugsAreNot() {
    assertThat(ResponseClassifier.classify(new CompletionException(new ConnectException("refused"))))
        .isEqualTo(RETRY);
    assertThat(ResponseClassifier.classify(new HttpTimeoutException("request timed out"))).isEqualTo(RETRY);
    assertThat(ResponseClassifier.classify(new CancellationException())).isEqualTo(RETRY);
    assertThat(ResponseClassifier.classify(new IllegalStateException("bug"))).isEqualTo(DEAD_LETTER);
    assertThat(ResponseClassifier.describe(new CompletionException(new ConnectException("refused"))))
        .isEqualTo("ConnectException: refused");
  }
}
