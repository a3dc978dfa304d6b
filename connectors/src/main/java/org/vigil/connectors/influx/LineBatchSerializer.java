package org.vigil.connectors.influx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The checkpoint format of {@link LineBatch}, the InfluxDB sink's writer state. Version 1: the line
 * count (int), the byte length of the UTF-8 body (int), the body; big-endian.
 */
public final class LineBatchSerializer implements SimpleVersionedSerializer<LineBatch> {

  /** The version {@link #serialize} writes. */
  public static final int VERSION = 1;

  @Override
  public int getVersion() {
    return VERSION;
  }

  @Override
  public byte[] serialize(LineBatch batch) {
    byte[] body = batch.body().getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(8 + body.length).putInt(batch.lines()).putInt(body.length).put(body).array();
  }

  @Override
  public LineBatch deserialize(int version, byte[] serialized) throws IOException {
    if (version != 1) {
      throw new IOException(
          "unknown InfluxDB sink state version " + version + " (this build reads version " + VERSION
              + "); restore with the build that wrote the checkpoint");
    }
    if (serialized.length < 8) {
      throw new IOException("corrupt InfluxDB sink state: " + serialized.length + " bytes, expected at least 8");
    }
    ByteBuffer in = ByteBuffer.wrap(serialized);
    int lines = in.getInt();
    int length = in.getInt();
    if (lines < 0 || length != in.remaining()) {
      throw new IOException(
          "corrupt InfluxDB sink state: " + lines + " lines, body of " + length + " bytes but "
              + in.remaining() + " bytes left");
    }
    return new LineBatch(new String(serialized, 8, length, StandardCharsets.UTF_8), lines);
  }
}
