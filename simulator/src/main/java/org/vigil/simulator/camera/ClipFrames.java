package org.vigil.simulator.camera;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Frames of a real clip: the {@code *.jpg} files of a directory in name order (e.g. {@code .vigil/data/vtest-frames}
 * from {@code infra/fetch-vtest.sh}), played in a loop, each camera starting at its own offset.
 */
public final class ClipFrames implements FrameSource {

  private final Path dir;
  private final List<Path> files;
  private final int offset;

  /**
   * @throws IllegalArgumentException when the directory holds no JPEG files
   */
  public ClipFrames(Path dir, int offset) {
    this.dir = dir;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().toLowerCase().endsWith(".jpg")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list camera frames in " + dir, e);
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no .jpg frames in " + dir);
    }
    this.offset = Math.floorMod(offset, files.size());
  }

  /** Whether {@code dir} holds JPEG frames. */
  public static boolean available(Path dir) {
    if (dir == null || !Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.anyMatch(p -> p.getFileName().toString().toLowerCase().endsWith(".jpg"));
    } catch (IOException e) {
      return false;
    }
  }

  public int size() {
    return files.size();
  }

  @Override
  public byte[] frame(long index, double seconds) {
    Path p = files.get((int) ((offset + index) % files.size()));
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read camera frame " + p, e);
    }
  }

  @Override
  public String describe() {
    return "clip " + dir + " (" + files.size() + " frames, looped)";
  }
}
