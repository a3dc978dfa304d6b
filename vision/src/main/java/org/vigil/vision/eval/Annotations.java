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

/** Hand-made people counts for frames of a clip (format: {@code vision/src/test/resources/vtest/README.md}). */
public record Annotations(String clip, List<Frame> frames) {

  /** Default location of the vtest annotations inside the repository. */
  public static final Path VTEST = Path.of("vision/src/test/resources/vtest/vtest-annotations.json");

  /**
   * One annotated frame.
   *
   * @param frame 0-based frame index in the clip
   * @param count persons counted by the annotator
   * @param feet approximate foot points {x, y} of those persons, image pixels
   */
  public record Frame(int frame, int count, List<double[]> feet) {}

  /** Mean annotated count. */
  public double meanCount() {
    return frames.stream().mapToInt(Frame::count).average().orElse(0);
  }

  public static Annotations read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read annotations " + file, e);
    }
  }

  static Annotations parse(InputStream in) throws IOException {
    JsonNode root = new ObjectMapper().readTree(in);
    List<Frame> frames = new ArrayList<>();
    for (JsonNode f : root.path("frames")) {
      List<double[]> feet = new ArrayList<>();
      for (JsonNode p : f.path("feet")) {
        feet.add(new double[] {p.get(0).asDouble(), p.get(1).asDouble()});
      }
      int count = f.path("count").asInt(-1);
      if (count < 0 || (!feet.isEmpty() && feet.size() != count)) {
        throw new IllegalArgumentException("annotation of frame " + f.path("frame") + ": count " + count
            + " does not match its " + feet.size() + " foot points");
      }
      frames.add(new Frame(f.path("frame").asInt(), count, feet));
    }
    return new Annotations(root.path("clip").asText(), List.copyOf(frames));
  }
}
