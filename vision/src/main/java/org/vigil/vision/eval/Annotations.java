package org.vigil.vision.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Hand-made ground truth for frames of a clip: people per frame (with foot points) and crossings of a counting line
 * (format and rules: {@code vision/src/test/resources/vtest/README.md}). Reads both the per-person shape
 * ({@code frames[].people[].foot}, {@code crossings[]}) and the older count-only shape ({@code frames[].feet}).
 */
public record Annotations(String clip, List<Frame> frames, List<Crossing> crossings) {

  /** Default location of the vtest ground truth inside the repository. */
  public static final Path VTEST = Path.of("vision/src/test/resources/vtest/vtest-people.json");

  /**
   * One annotated frame.
   *
   * @param frame 0-based frame index in the clip
   * @param count persons counted by the annotator
   * @param feet foot points {x, y} of those persons, image pixels
   * @param ids the persons' persistent ids, in the order of {@code feet} (empty in the count-only file)
   * @param flags each person's annotation flags ({@code still}, {@code occluded}, {@code edge}, {@code small}) and
   *     box height as {@code h=N}, in the order of {@code feet} (empty in the count-only file)
   */
  public record Frame(int frame, int count, List<double[]> feet, List<String> ids, List<List<String>> flags) {

    /** A frame without person ids (the count-only file). */
    public Frame(int frame, int count, List<double[]> feet) {
      this(frame, count, feet, List.of(), List.of());
    }

    /** A frame with ids but no flags. */
    public Frame(int frame, int count, List<double[]> feet, List<String> ids) {
      this(frame, count, feet, ids, List.of());
    }

    /** The annotation flags of person {@code i} (empty when none were given). */
    public List<String> flagsOf(int i) {
      return i < flags.size() ? flags.get(i) : List.of();
    }
  }

  /**
   * One annotated crossing of the counting line.
   *
   * @param person the annotator's person id
   * @param frame first frame with the foot point on the new side
   * @param east true for a crossing from x below the line to x at or above it ("east"), false for the reverse
   */
  public record Crossing(String person, int frame, boolean east) {}

  /** Mean annotated count over all frames. */
  public double meanCount() {
    return frames.stream().mapToInt(Frame::count).average().orElse(0);
  }

  /** The frames of one part of the split. */
  public List<Frame> frames(Split.Part part) {
    return frames.stream().filter(f -> part.contains(f.frame())).toList();
  }

  public static Annotations read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read annotations " + file + ": " + e.getMessage(), e);
    }
  }

  static Annotations parse(InputStream in) throws IOException {
    JsonNode root = new ObjectMapper().readTree(in);
    List<Frame> frames = new ArrayList<>();
    for (JsonNode f : root.path("frames")) {
      List<double[]> feet = new ArrayList<>();
      List<String> ids = new ArrayList<>();
      List<List<String>> flags = new ArrayList<>();
      if (f.has("people")) {
        for (JsonNode p : f.path("people")) {
          JsonNode foot = p.path("foot");
          if (!foot.isArray() || foot.size() != 2) {
            throw new IllegalArgumentException("annotation of frame " + f.path("frame") + ": person "
                + p.path("id").asText("?") + " has no foot point [x, y]");
          }
          feet.add(new double[] {foot.get(0).asDouble(), foot.get(1).asDouble()});
          ids.add(p.path("id").asText(""));
          List<String> fl = new ArrayList<>();
          for (String k : List.of("still", "occluded", "edge", "small")) {
            if (p.path(k).asBoolean(false)) {
              fl.add(k);
            }
          }
          JsonNode box = p.path("box");
          if (box.isArray() && box.size() == 4) {
            fl.add("h=" + box.get(3).asInt());
          }
          flags.add(List.copyOf(fl));
        }
      } else {
        for (JsonNode p : f.path("feet")) {
          feet.add(new double[] {p.get(0).asDouble(), p.get(1).asDouble()});
        }
      }
      int count = f.path("count").asInt(-1);
      if (count < 0 || ((f.has("people") || !feet.isEmpty()) && feet.size() != count)) {
        throw new IllegalArgumentException("annotation of frame " + f.path("frame") + ": count " + count
            + " does not match its " + feet.size() + " people");
      }
      frames.add(new Frame(f.path("frame").asInt(), count, feet, List.copyOf(ids), List.copyOf(flags)));
    }
    List<Crossing> crossings = new ArrayList<>();
    for (JsonNode c : root.path("crossings")) {
      String dir = c.path("direction").asText();
      if (!dir.equals("east") && !dir.equals("west")) {
        throw new IllegalArgumentException("crossing of " + c.path("id").asText("?") + " at frame "
            + c.path("frame") + ": direction must be east or west, is '" + dir + "'");
      }
      crossings.add(new Crossing(c.path("id").asText(), c.path("frame").asInt(), dir.equals("east")));
    }
    frames.sort((a, b) -> Integer.compare(a.frame(), b.frame()));
    return new Annotations(root.path("clip").asText("vtest.avi"), List.copyOf(frames), List.copyOf(crossings));
  }
}
