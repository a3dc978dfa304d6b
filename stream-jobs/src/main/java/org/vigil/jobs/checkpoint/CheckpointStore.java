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
 */
public final class CheckpointStore {

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
