package org.vigil.console.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.jobs.registry.RegistryUpdateFunction;
import org.vigil.registry.Registry;
import org.vigil.registry.RegistryInvalidException;
import org.vigil.registry.RegistryLoader;

/**
 * Duty by region: which part of the county each console user answers for. A user's region (from the users file)
 * and everything below it in the registry's region tree is their ground; a user without a region has the whole
 * county. The tree is the registry the job starts with ({@code VIGIL_REGISTRY_FILE}, version 0) and then each newer
 * version published retained on {@code <VIGIL_REGISTRY_TOPIC>/<identity>}, taken by the job's own rule: a valid
 * registry with a version above the one in force (at most {@link #MAX_VERSION_STEP} above it once one is in force);
 * anything else is ignored and counted. Without any registry only users without a region see sites.
 */
public final class Duty {

  private static final Logger LOG = LoggerFactory.getLogger(Duty.class);

  /** As the job: a published version may exceed the one in force by at most this much. */
  public static final long MAX_VERSION_STEP = RegistryUpdateFunction.MAX_VERSION_STEP;

  /** Largest registry read: the job's limit. */
  public static final int MAX_REGISTRY_BYTES = RegistryUpdateFunction.MAX_REGISTRY_BYTES;

  private final AtomicReference<RegionTree> tree = new AtomicReference<>(RegionTree.EMPTY);
  private final String topic;
  private final AtomicLong refused = new AtomicLong();
  private volatile Runnable onChange = () -> {};

  /** @param topic the registry topic base ({@code vigil/config/registry}); versions arrive on {@code <topic>/<id>} */
  public Duty(String topic) {
    this.topic = topic;
  }

  /** A duty with this tree, for tests. */
  public static Duty of(RegionTree t) {
    Duty d = new Duty("vigil/config/registry");
    d.tree.set(t);
    return d;
  }

  /** Reads the start-up registry (version 0); throws {@link IllegalArgumentException} naming every problem. */
  public void loadFile(Path file) {
    String yaml;
    try {
      yaml = Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("VIGIL_REGISTRY_FILE: cannot read " + file + ": " + e.getMessage());
    }
    try {
      tree.set(new RegionTree(0, RegistryLoader.parse(yaml, file.toString())));
    } catch (RegistryInvalidException e) {
      throw new IllegalArgumentException("VIGIL_REGISTRY_FILE: the registry " + file + " is invalid: "
          + String.join("; ", e.problems().stream().map(Object::toString).toList()));
    }
  }

  /** Called when the tree changes (a newer registry version). */
  public void onChange(Runnable r) {
    this.onChange = r;
  }

  /** The registry topic base. */
  public String topic() {
    return topic;
  }

  /** Whether a topic carries a registry version ({@code <topic>/<identity>}, not the status). */
  public boolean isRegistryTopic(String t) {
    return t.startsWith(topic + "/") && !t.equals(topic + "/status") && t.indexOf('/', topic.length() + 1) < 0;
  }

  /** A retained registry version; never throws. */
  public void onRegistry(String t, byte[] payload) {
    if (payload.length == 0) {
      return;
    }
    try {
      if (payload.length > MAX_REGISTRY_BYTES) {
        throw new IllegalArgumentException(payload.length + " bytes");
      }
      Registry r = RegistryLoader.parse(new String(payload, StandardCharsets.UTF_8), t);
      if (r.version() == null) {
        throw new IllegalArgumentException("no version");
      }
      long v = r.version();
      RegionTree now = tree.get();
      if (v <= now.version()) {
        return; // an older version retained under another identity, or the one in force again
      }
      if (now.version() > 0 && v - now.version() > MAX_VERSION_STEP) {
        throw new IllegalArgumentException("version " + v + " jumps more than " + MAX_VERSION_STEP + " past "
            + now.version());
      }
      RegionTree next = new RegionTree(v, r);
      if (tree.compareAndSet(now, next)) {
        LOG.info("duty by region follows registry version {} ({} regions)", v, next.regions());
        onChange.run();
      }
    } catch (RuntimeException e) {
      refused.incrementAndGet();
      LOG.debug("registry on {} not taken for duty by region: {}", t, e.toString());
    }
  }

  /** The tree in force. */
  public RegionTree tree() {
    return tree.get();
  }

  /** Whether {@code u} answers for {@code site}. */
  public boolean sees(User u, String site) {
    return tree.get().siteWithin(u.region(), site);
  }

  /** Whether {@code region} lies in {@code u}'s ground. */
  public boolean covers(User u, String region) {
    return tree.get().within(u.region(), region);
  }

  /**
   * Whether {@code region} and {@code u}'s region overlap: one lies in the other (a warning for the county concerns
   * a township's users too).
   */
  public boolean overlaps(User u, String region) {
    RegionTree t = tree.get();
    return t.within(u.region(), region) || (t.hasRegion(u.region()) && t.within(region, u.region()));
  }

  /** Registry versions ignored (invalid, too large a step). */
  public long refused() {
    return refused.get();
  }

  /** How a user's region is written in the audit trail and the API: the id, or {@code *} for the whole county. */
  public static String regionLabel(User u) {
    return u == null ? "-" : u.region().isEmpty() ? "*" : u.region();
  }
}
