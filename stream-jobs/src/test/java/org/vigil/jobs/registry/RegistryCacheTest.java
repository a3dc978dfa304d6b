package org.vigil.jobs.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.vigil.registry.Registry;
import org.vigil.registry.RegistryLoader;

/**
 * One parse per registry version and text in a process, however many operators and subtasks ask for it. Each test
 * writes registries of its own (a unique comment), since the shared part outlives a test.
 */
class RegistryCacheTest {

  /** A small valid registry; {@code tag} makes its text unique. */
  private static String yaml(long version, String tag) {
    return "# " + tag + "\nversion: " + version + "\n" + """
        regions:
          - {id: c, level: county}
          - {id: t, level: township, parent: c}
          - {id: v, level: village, parent: t}
        sites:
          - id: hill-a
            region: v
            location: {lat: 30, lon: 103}
            devices:
              - {id: rg-1, kind: rain, interval: 10s}
        """;
  }

  private static RegistryUpdate update(long version, String yaml) {
    // a copy of the text, as each subtask holds its own after the broadcast's serialization
    return new RegistryUpdate(version, "", "", new String(yaml.toCharArray()), "", "test");
  }

  @Test
  void operatorsOfOneProcessShareOneParsePerVersion() {
    String text = yaml(3, UUID.randomUUID().toString());
    long before = RegistryCache.parses();
    List<Registry> seen = new ArrayList<>();
    for (int operator = 0; operator < 7; operator++) {
      RegistryCache c = new RegistryCache();
      seen.add(c.of(update(3, text)));
      seen.add(c.of(update(3, text))); // asked again: the operator's own copy
    }
    assertEquals(1, RegistryCache.parses() - before);
    seen.forEach(r -> assertSame(seen.get(0), r));
    assertEquals(1, seen.get(0).devices().size());
  }

  @Test
  void operatorsAskingAtOnceWaitForOneParse() throws Exception {
    String text = yaml(4, UUID.randomUUID().toString());
    long before = RegistryCache.parses();
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Registry>> got = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        got.add(pool.submit(() -> {
          start.await();
          return new RegistryCache().of(update(4, text));
        }));
      }
      start.countDown();
      Registry first = got.get(0).get();
      for (Future<Registry> f : got) {
        assertSame(first, f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, RegistryCache.parses() - before);
  }

  @Test
  void anotherTextOfTheSameVersionIsAnotherRegistry() {
    String tag = UUID.randomUUID().toString();
    long before = RegistryCache.parses();
    Registry a = new RegistryCache().of(update(5, yaml(5, tag + "-a")));
    Registry b = new RegistryCache().of(update(5, yaml(5, tag + "-b")));
    assertNotSame(a, b);
    assertEquals(2, RegistryCache.parses() - before);
  }

  @Test
  void aRegistryOfferedByTheUpdateFunctionIsNotParsedAgain() {
    String text = yaml(6, UUID.randomUUID().toString());
    Registry parsed = RegistryLoader.parse(text, "vigil/config/registry/vigil-tools");
    RegistryCache.offer(6, text, parsed);
    long before = RegistryCache.parses();
    assertSame(parsed, new RegistryCache().of(update(6, text)));
    assertEquals(0, RegistryCache.parses() - before);
  }

  @Test
  void onlyTheNewestVersionsAreKept() {
    String tag = UUID.randomUUID().toString();
    long before = RegistryCache.parses();
    for (long v = 1; v <= RegistryCache.SHARED_VERSIONS + 1; v++) {
      new RegistryCache().of(update(v, yaml(v, tag)));
    }
    assertEquals(RegistryCache.SHARED_VERSIONS + 1, RegistryCache.parses() - before);
    // the newest is still shared; the first was dropped and is parsed again
    new RegistryCache().of(update(RegistryCache.SHARED_VERSIONS + 1, yaml(RegistryCache.SHARED_VERSIONS + 1, tag)));
    assertEquals(RegistryCache.SHARED_VERSIONS + 1, RegistryCache.parses() - before);
    new RegistryCache().of(update(1, yaml(1, tag)));
    assertEquals(RegistryCache.SHARED_VERSIONS + 2, RegistryCache.parses() - before);
  }
}
