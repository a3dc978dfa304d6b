package org.vigil.console.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ClientQueueTest {

  private static List<Long> drain(ClientQueue q) throws InterruptedException {
    List<Long> ids = new ArrayList<>();
    LiveEvent e;
    while ((e = q.poll(0, TimeUnit.MILLISECONDS)) != null) {
      ids.add(e.id());
    }
    return ids;
  }

  @Test
  void keyedEventsReplaceTheQueuedOneAndMoveToTheEnd() throws Exception {
    ClientQueue q = new ClientQueue(10);
    q.offer(new LiveEvent(1, "risk", "a", "{}"));
    q.offer(new LiveEvent(2, "alert", null, "{}"));
    q.offer(new LiveEvent(3, "risk", "a", "{}"));
    q.offer(new LiveEvent(4, "risk", "b", "{}"));
    assertThat(drain(q)).containsExactly(2L, 3L, 4L);
    assertThat(q.coalesced()).isEqualTo(1);
  }

  @Test
  void aFullQueueDropsTheOldestAndCountsThem() throws Exception {
    ClientQueue q = new ClientQueue(3);
    for (long i = 1; i <= 5; i++) {
      q.offer(new LiveEvent(i, "alert", null, "{}"));
    }
    assertThat(drain(q)).containsExactly(3L, 4L, 5L);
    assertThat(q.dropped()).isEqualTo(2);
  }

  @Test
  void pollWaitsAndCloseWakesIt() throws Exception {
    ClientQueue q = new ClientQueue(3);
    long t0 = System.nanoTime();
    assertThat(q.poll(50, TimeUnit.MILLISECONDS)).isNull();
    assertThat((System.nanoTime() - t0) / 1e6).isGreaterThanOrEqualTo(45);
    new Thread(() -> {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        return;
      }
      q.close();
    }).start();
    assertThat(q.poll(5, TimeUnit.SECONDS)).isNull();
    assertThat(q.isClosed()).isTrue();
  }

  @Test
  void hubReplaysAfterTheLastIdWhileTheRingReachesBack() throws Exception {
    EventHub hub = new EventHub(3);
    for (int i = 0; i < 5; i++) {
      hub.publish("alert", null, "{}"); // ids 1..5, ring keeps 3..5
    }
    ClientQueue resumed = new ClientQueue(10);
    assertThat(hub.attach(resumed, Optional.of(3L))).isTrue();
    assertThat(drain(resumed)).containsExactly(4L, 5L);
    ClientQueue tooOld = new ClientQueue(10);
    assertThat(hub.attach(tooOld, Optional.of(1L))).isFalse();
    assertThat(drain(tooOld)).containsExactly(3L, 4L, 5L);
    ClientQueue fromTheFuture = new ClientQueue(10);
    assertThat(hub.attach(fromTheFuture, Optional.of(99L))).isFalse();
    hub.publish("risk", "a", "{}");
    assertThat(drain(resumed)).containsExactly(6L);
    hub.detach(resumed);
    assertThat(hub.clients()).isEqualTo(2);
  }
}
