package org.eclipse.paho.mqttv5.common.packet.util;

import java.io.IOException;
import java.io.InputStream;

/**
 * Vigil's replacement for the Paho v5 client's class of this name (org.eclipse.paho.mqttv5.client 1.2.5, the last
 * release): the same public API (a stream that counts the bytes read through it), written anew, plus a bulk
 * {@link #read(byte[], int, int)}.
 *
 * <p>Why: Paho parses every received packet through this class over a {@link java.io.ByteArrayInputStream}, and the
 * original overrides only the single-byte {@code read()}, so {@code DataInputStream.readFully} takes a message's topic
 * and payload one byte at a time, each through a virtual call and {@code ByteArrayInputStream}'s synchronized
 * {@code read()} (a lock taken and released per byte, since the JVM no longer biases locks by default). In the
 * benchmark's flight recording that was 10 % of the monitoring job's CPU samples. The bulk read hands the whole span
 * to the underlying stream at once, as {@link java.io.FilterInputStream} does; what is read and counted is the same.
 *
 * <p>Classes of the connectors module come before the Paho jar on every classpath Vigil builds (the module's own
 * classes first, dependencies in Maven's order), and the job jar leaves Paho's copy out (stream-jobs' shade filter).
 * {@code CountingInputStreamTest} checks that this class is the one loaded and that Paho parses a publish through it.
 * (Flink does the same for library classes it needs changed, e.g. its copies of Calcite classes.)
 */
public class CountingInputStream extends InputStream {

  private final InputStream in;
  private int counter;

  /** Counts the bytes read from {@code in}. */
  public CountingInputStream(InputStream in) {
    this.in = in;
    this.counter = 0;
  }

  @Override
  public int read() throws IOException {
    int i = in.read();
    if (i != -1) {
      counter++;
    }
    return i;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      counter += n;
    }
    return n;
  }

  /** The number of bytes read since the stream was made or the counter was last reset. */
  public int getCounter() {
    return counter;
  }

  /** Starts counting from zero. */
  public void resetCounter() {
    counter = 0;
  }
}
