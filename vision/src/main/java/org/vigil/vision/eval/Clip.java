package org.vigil.vision.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A clip's JPEG frames held in memory (frame i = file {@code %06d.jpg}), so that timing excludes disk reads. */
public record Clip(List<byte[]> frames) {

  public int size() {
    return frames.size();
  }

  public byte[] frame(int i) {
    return frames.get(i);
  }

  /** Reads every {@code *.jpg} of the folder in name order. */
  public static Clip load(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> sorted = files.filter(p -> p.getFileName().toString().endsWith(".jpg")).sorted().toList();
      List<byte[]> frames = new ArrayList<>(sorted.size());
      for (Path p : sorted) {
        frames.add(Files.readAllBytes(p));
      }
      return new Clip(List.copyOf(frames));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read frames from " + dir, e);
    }
  }
}
