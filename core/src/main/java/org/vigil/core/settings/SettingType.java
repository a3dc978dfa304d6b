package org.vigil.core.settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * How the text of one kind of setting is read: the one parser per type. {@link #parse} throws
 * {@link IllegalArgumentException} saying what is wrong; {@link #expected} says what a right value looks like.
 *
 * @param <T> the value's type
 */
public final class SettingType<T> {

  private final String name;
  private final String expected;
  private final Function<String, T> parser;
  private final T empty;

  private SettingType(String name, String expected, Function<String, T> parser) {
    this(name, expected, parser, null);
  }

  private SettingType(String name, String expected, Function<String, T> parser, T empty) {
    this.name = name;
    this.expected = expected;
    this.parser = parser;
    this.empty = empty;
  }

  /** The value of an unset setting without a default: an empty list for lists, else null. */
  public T emptyValue() {
    return empty;
  }

  /** A short name of the type for documentation: {@code duration}, {@code integer 1..64}, ... */
  public String name() {
    return name;
  }

  /** What a valid value looks like, for the person who gave another. */
  public String expected() {
    return expected;
  }

  /** The value of a non-blank text (stripped of surrounding blanks). */
  public T parse(String text) {
    return parser.apply(text.strip());
  }

  /** A type of its own: {@code parser} throws {@link IllegalArgumentException} saying what is wrong. */
  public static <T> SettingType<T> of(String name, String expected, Function<String, T> parser) {
    return new SettingType<>(name, expected, parser);
  }

  /** Free text. */
  public static SettingType<String> text() {
    return new SettingType<>("text", "text", s -> s);
  }

  /** A duration of {@link Durations}' syntax, at least {@code min}. */
  public static SettingType<Duration> duration(Duration min) {
    String expected = min.isZero() ? Durations.SYNTAX + " (0: none)"
        : Durations.SYNTAX.replace("a duration", "a duration of at least " + Durations.format(min));
    return new SettingType<>("duration", expected, s -> {
      Duration d = Durations.parse(s);
      if (d == null) {
        throw new IllegalArgumentException("not a duration");
      }
      if (d.compareTo(min) < 0) {
        throw new IllegalArgumentException("shorter than " + Durations.format(min));
      }
      return d;
    });
  }

  /** A duration of {@link Durations}' syntax, zero or more. */
  public static SettingType<Duration> duration() {
    return duration(Duration.ZERO);
  }

  /** A whole number in {@code [min, max]}. */
  public static SettingType<Long> longRange(long min, long max) {
    String range = range(min, max, Long.MAX_VALUE);
    return new SettingType<>("integer" + range, "a whole number" + words(range), s -> {
      long n;
      try {
        n = Long.parseLong(s);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a whole number");
      }
      if (n < min || n > max) {
        throw new IllegalArgumentException("out of range" + range);
      }
      return n;
    });
  }

  /** A whole number in {@code [min, max]} that fits an int. */
  public static SettingType<Integer> intRange(int min, int max) {
    SettingType<Long> l = longRange(min, max);
    if (min == Integer.MIN_VALUE && max == Integer.MAX_VALUE) {
      return new SettingType<>("integer", "a whole number", s -> l.parse(s).intValue());
    }
    String range = range(min, max, Integer.MAX_VALUE);
    return new SettingType<>("integer" + range, "a whole number" + words(range), s -> {
      try {
        return l.parse(s).intValue();
      } catch (IllegalArgumentException e) {
        throw e.getMessage().startsWith("out of range") ? new IllegalArgumentException("out of range" + range) : e;
      }
    });
  }

  /** A finite decimal number in {@code [min, max]}; {@code minExclusive} leaves {@code min} itself out. */
  public static SettingType<Double> decimal(double min, boolean minExclusive, double max) {
    String range = " " + (minExclusive ? "(" : "") + fmt(min) + ".." + (max == Double.MAX_VALUE ? "" : fmt(max));
    return new SettingType<>("number" + range, "a number" + (minExclusive ? " above " + fmt(min) : " from "
        + fmt(min)) + (max == Double.MAX_VALUE ? "" : " up to " + fmt(max)), s -> {
          double d;
          try {
            d = Double.parseDouble(s);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number");
          }
          if (!Double.isFinite(d) || d < min || minExclusive && d == min || d > max) {
            throw new IllegalArgumentException("out of range");
          }
          return d;
        });
  }

  /** Any finite decimal number (the component using it checks its bounds). */
  public static SettingType<Double> number() {
    return new SettingType<>("number", "a number such as 0.8", s -> {
      try {
        double d = Double.parseDouble(s);
        if (Double.isFinite(d)) {
          return d;
        }
      } catch (NumberFormatException e) {
        // below
      }
      throw new IllegalArgumentException("not a number");
    });
  }

  /** {@code true} or {@code false} (also {@code on}/{@code off}, any case). */
  public static SettingType<Boolean> bool() {
    return new SettingType<>("boolean", "true or false, or on or off", s -> switch (s.toLowerCase(Locale.ROOT)) {
      case "true", "on" -> true;
      case "false", "off" -> false;
      default -> throw new IllegalArgumentException("neither true nor false");
    });
  }

  /** A URL with one of these schemes (e.g. {@code tcp}, {@code ssl}) and a host. */
  public static SettingType<URI> url(String... schemes) {
    String list = String.join(", ", Arrays.stream(schemes).map(s -> s + "://").toList());
    return new SettingType<>("URL", "a URL starting with " + list, s -> {
      URI u;
      try {
        u = new URI(s);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("not a URL");
      }
      if (u.getScheme() == null || !List.of(schemes).contains(u.getScheme().toLowerCase(Locale.ROOT))
          || u.getHost() == null) {
        throw new IllegalArgumentException("not a URL of " + list + " with a host");
      }
      return u;
    });
  }

  /** A file system path (not checked for existence: whoever opens it says when it is missing). */
  public static SettingType<Path> path() {
    return new SettingType<>("path", "a file or folder path", s -> {
      try {
        return Path.of(s);
      } catch (InvalidPathException e) {
        throw new IllegalArgumentException("not a path: " + e.getReason());
      }
    });
  }

  /** One of these words (any case); the value is the word as declared. */
  public static SettingType<String> oneOf(String... words) {
    String list = String.join(", ", words);
    return new SettingType<>("one of " + list, "one of " + list, s -> {
      for (String w : words) {
        if (w.equalsIgnoreCase(s)) {
          return w;
        }
      }
      throw new IllegalArgumentException("not one of " + list);
    });
  }

  /** One constant of an enum, by name in any case. */
  public static <E extends Enum<E>> SettingType<E> enumOf(Class<E> type) {
    E[] all = type.getEnumConstants();
    String list = String.join(", ", Arrays.stream(all).map(e -> e.name().toLowerCase(Locale.ROOT)).toList());
    return new SettingType<>("one of " + list, "one of " + list, s -> {
      for (E e : all) {
        if (e.name().equalsIgnoreCase(s)) {
          return e;
        }
      }
      throw new IllegalArgumentException("not one of " + list);
    });
  }

  /** A comma-separated list of non-empty items (blanks around items dropped; empty items left out). */
  public static SettingType<List<String>> list() {
    return new SettingType<>("list", "comma-separated values", s -> Arrays.stream(s.split(","))
        .map(String::strip).filter(x -> !x.isEmpty()).toList(), List.of());
  }

  private static String range(long min, long max, long none) {
    return " " + min + ".." + (max == none ? "" : String.valueOf(max));
  }

  private static String words(String range) {
    String[] ends = range.strip().split("\\.\\.", -1);
    return ends[1].isEmpty() ? " from " + ends[0] : " from " + ends[0] + " to " + ends[1];
  }

  private static String fmt(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
  }

  @Override
  public String toString() {
    return name;
  }
}
