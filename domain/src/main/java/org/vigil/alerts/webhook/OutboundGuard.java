package org.vigil.alerts.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which addresses Vigil may send requests to (webhooks; later broadcast endpoints). A URL whose host is, or resolves
 * to, an address of a {@link Network} the operator did not allow is refused: requests to the machine itself, to the
 * cloud metadata service ({@code 169.254.169.254}) or into the private network are what an attacker who can set a URL
 * wants (server-side request forgery, OWASP ASVS 12.6).
 */
public final class OutboundGuard {

  /** Address classes that are refused unless allowed. */
  public enum Network {
    /** 127.0.0.0/8, ::1. */
    LOOPBACK,
    /** 10/8, 172.16/12, 192.168/16, 100.64/10 (carrier-grade NAT), fc00::/7. */
    PRIVATE,
    /** 169.254/16 (the cloud metadata address among them), fe80::/10. */
    LINK_LOCAL,
    /** 0.0.0.0, ::, and multicast: never a web server. */
    UNSPECIFIED;

    /** {@code loopback}, {@code private}, {@code link-local}, {@code unspecified}. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The class of a wire name, case-insensitive. */
    public static Network fromWire(String s) {
      for (Network n : values()) {
        if (n.wireName().equalsIgnoreCase(s.strip())) {
          return n;
        }
      }
      throw new IllegalArgumentException("'" + s + "' is none of loopback, private, link-local, unspecified");
    }
  }

  private OutboundGuard() {}

  /** The class of an address, or empty for a public address. */
  public static Optional<Network> classify(InetAddress a) {
    if (a.isLoopbackAddress()) {
      return Optional.of(Network.LOOPBACK);
    }
    if (a.isAnyLocalAddress() || a.isMulticastAddress()) {
      return Optional.of(Network.UNSPECIFIED);
    }
    if (a.isLinkLocalAddress()) {
      return Optional.of(Network.LINK_LOCAL);
    }
    if (a.isSiteLocalAddress()) {
      return Optional.of(Network.PRIVATE);
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address && (b[0] & 0xFF) == 100 && (b[1] & 0xC0) == 64) {
      return Optional.of(Network.PRIVATE); // 100.64.0.0/10
    }
    if (a instanceof Inet4Address && (b[0] & 0xFF) == 0) {
      return Optional.of(Network.UNSPECIFIED); // 0.0.0.0/8: "this network"
    }
    if (a instanceof Inet6Address && (b[0] & 0xFE) == 0xFC) {
      return Optional.of(Network.PRIVATE); // fc00::/7, unique local
    }
    return Optional.empty();
  }

  /**
   * Why a request to {@code uri} is refused, or empty when it may go: every address its host resolves to must be
   * public or of an allowed class. A host that does not resolve now is not refused here (it fails at delivery).
   */
  public static Optional<String> refusal(URI uri, Set<Network> allowed) {
    String host = uri.getHost();
    if (host == null) {
      return Optional.empty(); // reported as "has no host" by the endpoint's own checks
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
    for (InetAddress a : addresses) {
      Optional<Network> n = classify(a);
      if (n.isPresent() && !allowed.contains(n.get())) {
        return Optional.of("host " + host + " is " + a.getHostAddress() + ", a " + n.get().wireName()
            + " address: refused (allow it with VIGIL_WEBHOOK_ALLOW_NETWORKS=" + n.get().wireName() + ")");
      }
    }
    return Optional.empty();
  }

  /** The allowed classes from a comma-separated list of wire names; blank: none. */
  public static Set<Network> parse(String list) {
    Set<Network> out = EnumSet.noneOf(Network.class);
    if (list != null) {
      for (String s : list.split(",")) {
        if (!s.isBlank()) {
          out.add(Network.fromWire(s));
        }
      }
    }
    return out;
  }
}
