package org.vigil.analytics.rain;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;

/**
 * The USGS Thresh test data kept under {@code thresh/} in the test resources (see the README there): the hourly
 * records of Everett Paine Field (KPAE) and Seattle Boeing Field (KBFI), Thresh's exceedance hours for its three
 * thresholds, the Mukilteo landslide dates, the ruleset that writes Thresh's thresholds as Vigil rules, and the
 * hit and false-alarm counting of the comparison.
 */
final class ThreshData {

  /** Station file name -> Thresh's station number, used in its output file names. */
  static final Map<String, String> STATIONS = Map.of("KBFI", "01", "KPAE", "02");

  /** Thresh's output tag per rule id of {@link #RULES}. */
  static final Map<String, String> TAGS = Map.of("thresh-p3-p15", "ExRA_", "thresh-intensity-6h", "ExIR_",
      "thresh-id", "ExID_");

  /**
   * Thresh's thresholds as of its {@code thresh_in.txt}, in inches as there: cumulative P3 = 3.5 - 0.67 P15 over 72
   * and 360 data lines, 6-line running-average intensity above 0.12 in/h inside storms, I-D I = 3.257 D^-1.13;
   * storms end after 3 dry lines; exceedance is strictly above a threshold, as Thresh compares.
   */
  static final String RULES = """
      rules:
        - id: thresh-p3-p15
          description: Seattle cumulative recent-antecedent threshold P3 = 3.5 - 0.67 P15 (inches)
          scope: {kinds: [rain]}
          condition: {type: recent_antecedent, unit: in, recent: 72h, antecedent: 360h, intercept: 3.5,
                      slope: -0.67, count: reports, strict: true}
          levels: {yellow: 1}
        - id: thresh-intensity-6h
          description: 6-hour running-average intensity
          scope: {kinds: [rain]}
          condition: {type: running_intensity, unit: in, window: 6h, count: reports,
                      storm: {endsAfter: 3 reports}, strict: true}
          levels: {yellow: 0.12}
        - id: thresh-id
          description: intensity-duration threshold I = 3.257 D^-1.13 (inches)
          scope: {kinds: [rain]}
          condition: {type: intensity_duration, curve: custom, alpha: 3.257, beta: 1.13, unit: in,
                      storm: {endsAfter: 3 reports}, strict: true}
          levels: {yellow: 1}
      """;

  private static final DateTimeFormatter OUT = DateTimeFormatter.ofPattern("HH:mm MM/dd/yyyy", Locale.ROOT);
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("MM/dd/yyyy", Locale.ROOT);

  /** One data line: rain in hundredths of an inch in the hour stamped {@code tsMs} (HH:59 of the line's hour). */
  record Report(long tsMs, int hundredths) {
    /** The rain in mm. */
    double mm() {
      return hundredths * 0.254;
    }
  }

  /**
   * Counts against the landslide days.
   *
   * @param hours exceedance hours
   * @param days days with at least one exceedance hour
   * @param hit landslide days with an exceedance
   * @param missed landslide days without
   * @param falseAlarms days with an exceedance but no landslide
   */
  record Skill(int hours, int days, int hit, int missed, int falseAlarms) {}

  private ThreshData() {}

  /**
   * The station's lines, e.g. {@code 022010072400000}: station, year, month, day, hour, hundredths of an inch. Thresh
   * stamps hour HH at HH:59 ({@code Midnight} 0, one reading per hour), so do these; the clock is the file's, taken
   * as UTC.
   */
  static List<Report> station(String name) throws IOException {
    List<Report> out = new ArrayList<>();
    for (String line : lines(name + "_t.txt")) {
      if (line.isBlank()) {
        continue;
      }
      LocalDateTime t = LocalDateTime.of(Integer.parseInt(line.substring(2, 6)),
          Integer.parseInt(line.substring(6, 8)), Integer.parseInt(line.substring(8, 10)),
          Integer.parseInt(line.substring(10, 12)), 59);
      out.add(new Report(t.toInstant(ZoneOffset.UTC).toEpochMilli(), Integer.parseInt(line.substring(12).trim())));
    }
    return out;
  }

  /** The exceedance hours Thresh listed for a rule id and station, as the epoch ms of their HH:59 stamps. */
  static Set<Long> expected(String ruleId, String station) throws IOException {
    Set<Long> out = new TreeSet<>();
    for (String line : lines("expected/ThTime" + TAGS.get(ruleId) + STATIONS.get(station) + ".txt")) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      out.add(LocalDateTime.parse(l.substring(0, 16), OUT).toInstant(ZoneOffset.UTC).toEpochMilli());
    }
    return out;
  }

  /** The Mukilteo landslide days of both date files, each once. */
  static Set<LocalDate> landslideDays() throws IOException {
    Set<LocalDate> out = new TreeSet<>();
    for (String f : List.of("dates2010Muk.txt", "dates2011Muk.txt")) {
      for (String line : lines(f)) {
        if (!line.isBlank()) {
          out.add(LocalDate.parse(line.strip(), DATE));
        }
      }
    }
    return out;
  }

  /**
   * Exceedance hours per rule id from alert transitions of one sensor: the report times from an alert's opening up
   * to (not including) its resolution; one level, no pending or keep-firing, clear = raise, so an alert is open at
   * exactly the reports that exceed.
   */
  static Map<String, Set<Long>> hours(List<AlertEvent> events, List<Long> reportTimes) {
    Map<String, Set<Long>> out = new TreeMap<>();
    TAGS.keySet().forEach(id -> out.put(id, new TreeSet<>()));
    List<AlertEvent> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparingLong(AlertEvent::updatedAtMs));
    Map<String, Long> openSince = new TreeMap<>();
    for (AlertEvent e : sorted) {
      if (e.state() == AlertState.OPENED) {
        openSince.put(e.rule(), e.updatedAtMs());
      } else if (e.state() == AlertState.RESOLVED && openSince.containsKey(e.rule())) {
        long from = openSince.remove(e.rule());
        reportTimes.stream().filter(t -> t >= from && t < e.updatedAtMs()).forEach(out.get(e.rule())::add);
      }
    }
    openSince.forEach((rule, from) -> reportTimes.stream().filter(t -> t >= from).forEach(out.get(rule)::add));
    return out;
  }

  /**
   * Hits, misses and false alarms by calendar day (the day of an exceedance hour's stamp, as Thresh's daily
   * maximum files group hours), over landslide days within the record {@code [first, last]}.
   */
  static Skill skill(Set<Long> hours, Set<LocalDate> landslides, LocalDate first, LocalDate last) {
    Set<LocalDate> days = new TreeSet<>();
    hours.forEach(h -> days.add(LocalDateTime.ofEpochSecond(h / 1000, 0, ZoneOffset.UTC).toLocalDate()));
    int hit = 0;
    int missed = 0;
    for (LocalDate d : landslides) {
      if (d.isBefore(first) || d.isAfter(last)) {
        continue;
      }
      if (days.contains(d)) {
        hit++;
      } else {
        missed++;
      }
    }
    int falseAlarms = (int) days.stream().filter(d -> !landslides.contains(d)).count();
    return new Skill(hours.size(), days.size(), hit, missed, falseAlarms);
  }

  /** The day of a report time. */
  static LocalDate day(long ms) {
    return LocalDateTime.ofEpochSecond(ms / 1000, 0, ZoneOffset.UTC).toLocalDate();
  }

  private static List<String> lines(String name) throws IOException {
    try (InputStream in = ThreshData.class.getResourceAsStream("/thresh/" + name)) {
      if (in == null) {
        throw new IOException("test resource thresh/" + name + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
    }
  }
}
