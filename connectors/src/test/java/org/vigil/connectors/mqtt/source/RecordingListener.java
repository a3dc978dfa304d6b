package org.vigil.connectors.mqtt.source;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link SplitConnection.Listener} that records what a connection reported, for tests of one connection. */
final class RecordingListener implements SplitConnection.Listener {

  final List<Throwable> fatal;
  final List<String> connections = new CopyOnWriteArrayList<>();
  final AtomicInteger lost = new AtomicInteger();
  final AtomicInteger received = new AtomicInteger();

  RecordingListener(List<Throwable> fatal) {
    this.fatal = fatal;
  }

  RecordingListener() {
    this(new CopyOnWriteArrayList<>());
  }

  @Override
  public void connected(int splitIndex, boolean reconnect, boolean sessionPresent) {
    connections.add((reconnect ? "reconnect" : "connect") + (sessionPresent ? "+session" : ""));
  }

  @Override
  public void connectionLost(int splitIndex) {
    lost.incrementAndGet();
  }

  @Override
  public void messageReceived(int splitIndex) {
    received.incrementAndGet();
  }

  @Override
  public void fatal(Throwable error) {
    fatal.add(error);
  }
}
