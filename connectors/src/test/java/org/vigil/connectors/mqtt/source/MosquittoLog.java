package org.vigil.connectors.mqtt.source;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.vigil.connectors.testing.ServiceControl;

/**
 * The log of the test Mosquitto ({@code <state dir>/mosquitto.log}). Mosquitto drops QoS 1 messages for a client
 * whose queue is full and says so only there ("Outgoing messages are being dropped for client ..."): failure tests
 * mark the log before they start and check it afterwards.
 */
final class MosquittoLog {

  static final String DROPPING = "Outgoing messages are being dropped";

  private MosquittoLog() {}

  static Path path() {
    String state = System.getenv("VIGIL_STATE_DIR");
    Path dir = state == null || state.isBlank() ? ServiceControl.repoRoot().resolve(".vigil/test") : Path.of(state);
    return dir.resolve("mosquitto.log");
  }

  /** The current end of the log. */
  static long mark() throws IOException {
    Path p = path();
    return Files.exists(p) ? Files.size(p) : 0;
  }

  /** Lines written since {@code mark} that report dropped messages (the whole log if it was rotated). */
  static List<String> droppedMessageLinesSince(long mark) throws IOException {
    Path p = path();
    if (!Files.exists(p)) {
      throw new IllegalStateException("no Mosquitto log at " + p + ": cannot check for dropped messages");
    }
    try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "r")) {
      long from = f.length() < mark ? 0 : mark;
      byte[] bytes = new byte[(int) (f.length() - from)];
      f.seek(from);
      f.readFully(bytes);
      return Arrays.stream(new String(bytes, StandardCharsets.UTF_8).split("\n"))
          .filter(line -> line.contains(DROPPING))
          .toList();
    }
  }
}
