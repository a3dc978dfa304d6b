package org.vigil.alerts.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.webhook.OutboundGuard.Network;
import org.vigil.core.settings.ConfigException;

/** Address classes from RFC 1918, 6598, 3927, 4193, 4291 and 5735, and webhook URLs refused by them. */
class OutboundGuardTest {

  private static Optional<Network> of(String literal) throws Exception {
    return OutboundGuard.classify(InetAddress.getByName(literal));
  }

  @Test
  void everyNonPublicRangeHasItsClass() throws Exception {
    assertThat(of("127.0.0.1")).contains(Network.LOOPBACK);
    assertThat(of("127.255.0.9")).contains(Network.LOOPBACK);
    assertThat(of("::1")).contains(Network.LOOPBACK);
    assertThat(of("::ffff:127.0.0.1")).contains(Network.LOOPBACK); // IPv4-mapped
    assertThat(of("10.1.2.3")).contains(Network.PRIVATE);
    assertThat(of("172.16.0.1")).contains(Network.PRIVATE);
    assertThat(of("172.31.255.255")).contains(Network.PRIVATE);
    assertThat(of("192.168.1.1")).contains(Network.PRIVATE);
    assertThat(of("100.64.0.1")).contains(Network.PRIVATE); // RFC 6598 shared address space
    assertThat(of("100.127.255.255")).contains(Network.PRIVATE);
    assertThat(of("fd00:ec2::254")).contains(Network.PRIVATE); // a cloud's IPv6 metadata address, fc00::/7
    assertThat(of("169.254.169.254")).contains(Network.LINK_LOCAL); // the metadata service
    assertThat(of("fe80::1")).contains(Network.LINK_LOCAL);
    assertThat(of("0.0.0.0")).contains(Network.UNSPECIFIED);
    assertThat(of("0.1.2.3")).contains(Network.UNSPECIFIED);
    assertThat(of("::")).contains(Network.UNSPECIFIED);
    assertThat(of("224.0.0.1")).contains(Network.UNSPECIFIED);
  }

  @Test
  void publicAddressesJustOutsideTheRangesPass() throws Exception {
    assertThat(of("172.32.0.1")).isEmpty();
    assertThat(of("172.15.255.255")).isEmpty();
    assertThat(of("100.128.0.1")).isEmpty();
    assertThat(of("100.63.255.255")).isEmpty();
    assertThat(of("192.169.0.1")).isEmpty();
    assertThat(of("8.8.8.8")).isEmpty();
    assertThat(of("2001:4860:4860::8888")).isEmpty();
  }

  @Test
  void urlsAreRefusedUnlessTheirClassIsAllowed() {
    URI metadata = URI.create("http://169.254.169.254/latest/meta-data/");
    assertThat(OutboundGuard.refusal(metadata, Set.of())).hasValueSatisfying(r ->
        assertThat(r).contains("169.254.169.254").contains("link-local").contains("VIGIL_WEBHOOK_ALLOW_NETWORKS"));
    assertThat(OutboundGuard.refusal(metadata, Set.of(Network.LINK_LOCAL))).isEmpty();
    assertThat(OutboundGuard.refusal(URI.create("http://[::1]:8080/x"), Set.of())).isPresent();
    assertThat(OutboundGuard.refusal(URI.create("http://0.0.0.0:8080/x"), Set.of(Network.LOOPBACK))).isPresent();
    assertThat(OutboundGuard.refusal(URI.create("https://8.8.8.8/hook"), Set.of())).isEmpty();
    assertThat(OutboundGuard.parse(" loopback , private ")).containsExactlyInAnyOrder(Network.LOOPBACK, Network.PRIVATE);
    assertThatThrownBy(() -> OutboundGuard.parse("intranet")).hasMessageContaining("'intranet' is none of");
  }

  @Test
  void configuredEndpointsToThisMachineOrThePrivateNetworkAreRefusedAtStart() {
    String secret = WebhookSigner.generateSecret();
    assertThatThrownBy(() -> WebhookEndpoint.fromLookup(Map.of("VIGIL_WEBHOOK_URLS",
        "http://127.0.0.1:8089/a,http://10.0.0.7/b,http://169.254.169.254/c", "VIGIL_WEBHOOK_SECRET", secret)::get))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("entry 1 ('webhook-1'): host 127.0.0.1 is 127.0.0.1, a loopback address")
        .hasMessageContaining("entry 2 ('webhook-2'): host 10.0.0.7 is 10.0.0.7, a private address")
        .hasMessageContaining("entry 3 ('webhook-3'): host 169.254.169.254 is 169.254.169.254, a link-local address");
    assertThat(WebhookEndpoint.fromLookup(Map.of("VIGIL_WEBHOOK_URLS", "http://127.0.0.1:8089/a",
        "VIGIL_WEBHOOK_SECRET", secret, "VIGIL_WEBHOOK_ALLOW_NETWORKS", "loopback")::get)).hasSize(1);
    assertThatThrownBy(() -> WebhookEndpoint.fromLookup(Map.of("VIGIL_WEBHOOK_URLS", "https://8.8.8.8/a",
        "VIGIL_WEBHOOK_SECRET", secret, "VIGIL_WEBHOOK_ALLOW_NETWORKS", "everything")::get))
        .hasMessageContaining("VIGIL_WEBHOOK_ALLOW_NETWORKS: 'everything' is none of");
  }
}
