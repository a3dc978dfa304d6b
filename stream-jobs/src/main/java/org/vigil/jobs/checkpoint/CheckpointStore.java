package org.vigil.jobs.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local checkpoint folder of the monitoring job: finds the newest completed checkpoint to restore from after a
 * crash or a restart, and removes what earlier runs left that is no longer needed.
 *
 * <p>Flink writes {@code <folder>/<job id>/chk-<n>/} and, last, the checkpoint's {@code _metadata} file; a checkpoint
 * without (or with an empty) {@code _metadata} was cut off by a crash and is skipped. Among completed checkpoints the
 * newest by completion time wins (job ids are random, so checkpoint numbers of different runs do not compare).
 *
 * <p>The folder also keeps {@code state-layout}: the {@link #STATE_LAYOUT} of the version that wrote its
 * checkpoints. Flink keeps keyed state by the class names of Vigil's state classes, so a version that renames or
 * reshapes them cannot read an earlier one's checkpoints, and its job would restart for ever trying. Such a folder is
 * refused before the job starts, with what to do ({@link IncompatibleStateException}).
 */
public final class CheckpointStore {

  /**
   * The layout of the job's state classes. Raise it with every change that makes earlier checkpoints unreadable (a
   * state class renamed or moved to another package, fields of a state class changed). 1: every version before the
   * marker; 2: the analytics in {@code org.vigil.analytics}, decoding in {@code org.vigil.decode}, the MQTT source in
   * {@code org.vigil.connectors.mqtt.source}; 3: the ruleset in force kept as its checked rules
   * ({@code RulesetUpdate.rules}) beside its text, and no more {@code crowd-open-alerts} from before crowd rules were
   * rules of the ruleset; 4: alert tracks remember their referrals up the region tree (escalation when nobody
   * answers), the ruleset carries its escalation policy, noise control keeps the policy and registry in force in
   * broadcast state, and the loudspeaker broadcast keeps its deliveries ({@code BroadcastRun},
   * {@code BroadcastTarget}) and the requests by hand seen per warning chain; 5: command modes (each region's own
   * mode and the requests seen, the sites' modes in the rule operators' and noise control's broadcast state, the
   * escalation policy per mode, and the mode each alert transition was judged in), and device health judged by rules
   * (the ruleset carries its {@code HealthRules}, the health judge keeps a {@code HealthRuleState} per rule and
   * device, site or region); 6: the rule operators keep one value per key ({@code LiveRulesFunction.KeyRules}: every
   * rule's state and the key's clock) instead of a map state of rule states beside a clock. StateLayoutTest holds the
   * state classes' shape recorded for this number and fails when it changes, so the decision is not forgotten.
   */
  public static final int STATE_LAYOUT = 6;

  /** The file in the folder that names the state layout of its checkpoints. */
  public static final String LAYOUT_FILE = "state-layout";

  /** Checkpoints written by a version whose state this one cannot read. */
  public static final class IncompatibleStateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    IncompatibleStateException(String message) {
      super(message);
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
  private static final Pattern CHK = Pattern.compile("chk-(\\d+)");

  private final Path folder;

  public CheckpointStore(Path folder) {
    this.folder = folder;
  }

  /** A completed checkpoint: its folder (what {@code execution.state-recovery.path} takes), job and number. */
  public record Checkpoint(Path path, String jobId, long number, long completedAtMs) {}

  /** The newest completed checkpoint in the folder, if any. */
  public Optional<Checkpoint> latest() {
    return completed().stream().max(Comparator.comparingLong(Checkpoint::completedAtMs)
        .thenComparingLong(Checkpoint::number));
  }

  /**
   * The state layout of the folder's checkpoints: its {@link #LAYOUT_FILE}, or 1 when checkpoints exist without one
   * (written before the marker), or empty when there are no checkpoints.
   */
  public Optional<Integer> layout() {
    Path file = folder.resolve(LAYOUT_FILE);
    if (Files.isRegularFile(file)) {
      try {
        return Optional.of(Integer.parseInt(Files.readString(file).trim()));
      } catch (IOException | NumberFormatException e) {
        throw new IncompatibleStateException("cannot read " + file + " (" + e.getMessage() + "): the job state's "
            + "version is unknown; start with empty job state (./vigil run --fresh) or restore the file");
      }
    }
    return completed().isEmpty() ? Optional.empty() : Optional.of(1);
  }

  /**
   * Refuses to restore {@code from} when the folder's checkpoints have another state layout than this version's,
   * saying what to do; does nothing when there is nothing to restore.
   */
  public void checkRestorable(Optional<Checkpoint> from) {
    if (from.isEmpty()) {
      return;
    }
    int found = layout().orElse(STATE_LAYOUT);
    if (found != STATE_LAYOUT) {
      throw new IncompatibleStateException("the job state in " + folder + " was written by " + (found < STATE_LAYOUT
          ? "an earlier" : "a later") + " version of Vigil (state layout " + found + "; this version reads "
          + STATE_LAYOUT + "), which this version cannot read. Start with empty job state: ./vigil run --fresh "
          + "(or VIGIL_RESTORE=false). The readings, alert history and audit in InfluxDB, the rules, silences and "
          + "identities stay; open alerts and the analytics' windows start again from the new readings. Or run the "
          + "version that wrote it to finish first.");
    }
  }

  /** Marks the folder's checkpoints (those the job now writes) as this version's state layout. */
  public void markLayout() {
    try {
      Files.createDirectories(folder);
      Files.writeString(folder.resolve(LAYOUT_FILE), STATE_LAYOUT + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + folder.resolve(LAYOUT_FILE) + ": " + e.getMessage(), e);
    }
  }

  /** Every completed checkpoint in the folder. */
  public List<Checkpoint> completed() {
    List<Checkpoint> found = new ArrayList<>();
    if (!Files.isDirectory(folder)) {
      return found;
    }
    try (Stream<Path> jobs = Files.list(folder)) {
      for (Path job : jobs.filter(Files::isDirectory).toList()) {
        try (Stream<Path> chks = Files.list(job)) {
          for (Path chk : chks.toList()) {
            Matcher m = CHK.matcher(chk.getFileName().toString());
            Path meta = chk.resolve("_metadata");
            if (m.matches() && Files.isRegularFile(meta) && Files.size(meta) > 0) {
              found.add(new Checkpoint(chk, job.getFileName().toString(), Long.parseLong(m.group(1)),
                  Files.getLastModifiedTime(meta).toMillis()));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the checkpoint folder " + folder + ": " + e.getMessage(), e);
    }
    return found;
  }

  /**
   * Deletes the folders of earlier jobs except the one holding {@code keep} (the checkpoint being restored from,
   * which the new job still needs until its own first checkpoint completes). Problems are logged, not thrown.
   */
  public void removeOtherJobs(Optional<Checkpoint> keep) {
    if (!Files.isDirectory(folder)) {
      return;
    }
    try (Stream<Path> jobs = Files.list(folder)) {
      for (Path job : jobs.filter(Files::isDirectory).toList()) {
        if (keep.isPresent() && keep.get().jobId().equals(job.getFileName().toString())) {
          continue;
        }
        deleteTree(job);
      }
    } catch (IOException e) {
      LOG.warn("could not clean the checkpoint folder {}: {}", folder, e.toString());
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
