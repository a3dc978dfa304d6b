package org.vigil.jobs.registry;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.vigil.registry.Registry;
import org.vigil.registry.RegistryLoader;

/**
 * The parsed registry of the version in force. Every registry operator keeps one (transient) and asks it on each
 * element; behind it, the parsed registries are shared by the whole process: a task manager runs about ten registry
 * operators (gates, no-data, health, roll-up, modes, noise control, public warnings, broadcast), each at the job's
 * parallelism, and a county of 20,000 devices costs about 0.8 s of CPU to parse, so each version is parsed once per
 * process rather than once per operator and subtask. Operators that ask for a version being parsed wait for that
 * parse. {@link Registry} is immutable, so one parsed registry serves every thread. The shared part keeps the
 * {@value #SHARED_VERSIONS} registries asked for last (an operator may look at the version before the one in force).
 */
public final class RegistryCache {

  /** Parsed registries kept for the process. */
  static final int SHARED_VERSIONS = 4;

  private static final Map<Key, CompletableFuture<Registry>> SHARED = new HashMap<>();
  private static final Deque<Key> ORDER = new ArrayDeque<>();
  private static final AtomicLong PARSES = new AtomicLong();

  private long version = Long.MIN_VALUE;
  private String yaml;
  private Registry registry;

  /** The registry of {@code u}, from the cache when the version and text are the same. */
  public Registry of(RegistryUpdate u) {
    if (registry == null || version != u.version() || !u.yaml().equals(yaml)) {
      registry = shared(u.version(), u.yaml());
      version = u.version();
      yaml = u.yaml();
    }
    return registry;
  }

  /**
   * Offers a registry already parsed from {@code yaml} (the update function parses each published version to judge
   * it), so the operators in this process do not parse it again.
   */
  public static void offer(long version, String yaml, Registry parsed) {
    Key k = new Key(version, yaml);
    synchronized (SHARED) {
      if (!SHARED.containsKey(k)) {
        keep(k, CompletableFuture.completedFuture(parsed));
      }
    }
  }

  /** How many registries this process has parsed through the cache (for tests and the log). */
  static long parses() {
    return PARSES.get();
  }

  private static Registry shared(long version, String yaml) {
    Key k = new Key(version, yaml);
    CompletableFuture<Registry> f;
    boolean mine = false;
    synchronized (SHARED) {
      f = SHARED.get(k);
      if (f == null) {
        f = new CompletableFuture<>();
        keep(k, f);
        mine = true;
      } else {
        ORDER.remove(k);
        ORDER.addLast(k);
      }
    }
    if (mine) {
      try {
        PARSES.incrementAndGet();
        f.complete(RegistryLoader.parse(yaml, "registry v" + version));
      } catch (RuntimeException | Error e) {
        synchronized (SHARED) {
          SHARED.remove(k, f);
          ORDER.remove(k);
        }
        f.completeExceptionally(e);
        throw e;
      }
    }
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the registry v" + version + " was parsed", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) {
        throw re;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(c);
    }
  }

  /** Adds {@code k} as the newest entry, dropping the oldest beyond {@link #SHARED_VERSIONS}; holds the lock. */
  private static void keep(Key k, CompletableFuture<Registry> f) {
    SHARED.put(k, f);
    ORDER.addLast(k);
    while (ORDER.size() > SHARED_VERSIONS) {
      SHARED.remove(ORDER.removeFirst());
    }
  }

  /** A version and its text: two publications of one version with other text are other registries. */
  private record Key(long version, String yaml) {
  }
}
