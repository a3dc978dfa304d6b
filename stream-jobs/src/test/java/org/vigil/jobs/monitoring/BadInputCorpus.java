package org.vigil.jobs.monitoring;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bad-input corpus in {@code src/test/resources/bad-input/corpus.tsv}, with its placeholders filled in for one
 * test run (see the README next to it).
 */
final class BadInputCorpus {

  /** Expected outcome of a case that must not be dead-lettered. */
  static final String ACCEPTED = "accepted";

  /**
   * One case, ready to publish.
   *
   * @param id case id, also the sensor or camera id in its topic
   * @param topic the topic to publish on
   * @param before a payload to publish on the same topic first, and wait for until it is stored; null for none
   * @param payload the payload of the case
   * @param expected the dead letter's reason, or {@link #ACCEPTED}
   * @param what what the case tests
   */
  record Case(String id, String topic, byte[] before, byte[] payload, String expected, String what) {}

  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\{(iso:)?now([+-]\\d+)([smhd])?\\}|\\{now\\}|\\{nowsec\\}|\\{(pad|digits|values):(\\d+)\\}"
          + "|\\{(site|id|run)\\}");

  private BadInputCorpus() {}

  /** Reads the corpus. {@code now} is the run's clock (epoch ms); {@code site} the configured site; {@code run} a tag. */
  static List<Case> load(long now, String site, String run) {
    List<Case> cases = new ArrayList<>();
    List<String> lines = text("corpus.tsv").lines().toList();
    boolean header = true;
    for (String line : lines) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      if (header) {
        header = false;
        continue;
      }
      String[] c = line.split("\t", -1);
      if (c.length != 6) {
        throw new IllegalStateException("corpus.tsv: 6 tab-separated columns expected: " + line);
      }
      String id = c[0];
      String topic = expand(c[1], now, site, id, run);
      byte[] payload = payload(c[3], now, site, id, run);
      byte[] before = switch (c[2]) {
        case "-" -> null;
        case "same" -> payload;
        default -> payload(c[2], now, site, id, run);
      };
      cases.add(new Case(id, topic, before, payload, c[4], c[5]));
    }
    return cases;
  }

  private static byte[] payload(String spec, long now, String site, String id, String run) {
    int colon = spec.indexOf(':');
    String kind = spec.substring(0, colon);
    String body = spec.substring(colon + 1);
    return switch (kind) {
      case "text" -> expand(body, now, site, id, run).getBytes(StandardCharsets.UTF_8);
      case "hex" -> HexFormat.of().parseHex(body);
      case "file" -> bytes(body);
      case "fill" -> {
        String[] p = body.split(":");
        byte[] b = new byte[Integer.parseInt(p[0])];
        Arrays.fill(b, (byte) Integer.parseInt(p[1], 16));
        yield b;
      }
      default -> throw new IllegalStateException("corpus.tsv: unknown payload kind '" + kind + "' in " + spec);
    };
  }

  static String expand(String s, long now, String site, String id, String run) {
    Matcher m = PLACEHOLDER.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String g = m.group();
      String v;
      if (g.equals("{now}")) {
        v = Long.toString(now);
      } else if (g.equals("{nowsec}")) {
        v = Long.toString(now / 1000);
      } else if (m.group(2) != null) {
        long ms = Long.parseLong(m.group(2)) * switch (Objects.requireNonNullElse(m.group(3), "ms")) {
          case "s" -> 1000L;
          case "m" -> 60_000L;
          case "h" -> 3_600_000L;
          case "d" -> 86_400_000L;
          default -> 1L;
        };
        v = m.group(1) != null ? Instant.ofEpochMilli(now + ms).toString() : Long.toString(now + ms);
      } else if (m.group(4) != null) {
        int n = Integer.parseInt(m.group(5));
        v = switch (m.group(4)) {
          case "pad" -> "x".repeat(n);
          case "digits" -> "9".repeat(n);
          default -> {
            StringBuilder vals = new StringBuilder("{");
            for (int i = 0; i < n; i++) {
              vals.append(i == 0 ? "" : ", ").append("\"v").append(i).append("\": ").append(i);
            }
            yield vals.append('}').toString();
          }
        };
      } else {
        v = switch (m.group(6)) {
          case "site" -> site;
          case "id" -> id;
          default -> run;
        };
      }
      m.appendReplacement(out, Matcher.quoteReplacement(v));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String text(String name) {
    return new String(bytes(name), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String name) {
    try (InputStream in = BadInputCorpus.class.getResourceAsStream("/bad-input/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource bad-input/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
