package org.vigil.jobs.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.junit.jupiter.api.Test;

/**
 * The REST API of a local run, as a page in a browser on the same machine would meet it: bound to loopback, and its
 * CORS header not a wildcard, so a page of another origin cannot read it.
 */
class LocalFlinkRestIT {

  @Test
  void theRestApiIsLoopbackReadOnlyAndNotOpenToOtherOrigins() throws Exception {
    MiniClusterConfiguration mc = new MiniClusterConfiguration.Builder().setConfiguration(LocalFlink.loopback())
        .setNumTaskManagers(1).setNumSlotsPerTaskManager(1).build();
    try (MiniCluster cluster = new MiniCluster(mc)) {
      cluster.start();
      URI rest = cluster.getRestAddress().get();
      assertThat(rest.getHost()).isEqualTo("127.0.0.1");
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> overview = http.send(HttpRequest.newBuilder(rest.resolve("/overview"))
          .header("Origin", "http://evil.example").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(overview.statusCode()).isEqualTo(200);
      assertThat(overview.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://127.0.0.1");
    }
  }
}
