package org.vigil.jobs.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {

  @TempDir Path dir;

  private Path checkpoint(String job, long n, long completedAt, boolean withMetadata) throws Exception {
    Path chk = Files.createDirectories(dir.resolve(job).resolve("chk-" + n));
    if (withMetadata) {
      Path meta = Files.writeString(chk.resolve("_metadata"), "meta");
      Files.setLastModifiedTime(meta, FileTime.fromMillis(completedAt));
    }
    return chk;
  }

  @Test
  void emptyOrMissingFolderHasNothingToRestore() {
    assertThat(new CheckpointStore(dir.resolve("none")).latest()).isEmpty();
    assertThat(new CheckpointStore(dir).latest()).isEmpty();
  }

  @Test
  void newestCompletedCheckpointAcrossRunsWins() throws Exception {
    checkpoint("job-a", 40, 1_000, true);
    Path newest = checkpoint("job-b", 3, 2_000, true); // a later run: lower number, newer time
    checkpoint("job-b", 4, 3_000, false); // cut off by a crash: no _metadata
    Files.createDirectories(dir.resolve("job-b").resolve("shared"));

    CheckpointStore.Checkpoint latest = new CheckpointStore(dir).latest().orElseThrow();
    assertThat(latest.path()).isEqualTo(newest);
    assertThat(latest.jobId()).isEqualTo("job-b");
    assertThat(latest.number()).isEqualTo(3);
  }

  @Test
  void emptyMetadataIsNotACompletedCheckpoint() throws Exception {
    Path ok = checkpoint("job-a", 1, 1_000, true);
    Path torn = checkpoint("job-a", 2, 0, false);
    Files.createFile(torn.resolve("_metadata"));
    assertThat(new CheckpointStore(dir).latest().orElseThrow().path()).isEqualTo(ok);
  }

  @Test
  void cleaningKeepsTheCheckpointBeingRestored() throws Exception {
    checkpoint("job-a", 1, 1_000, true);
    Path keep = checkpoint("job-b", 7, 2_000, true);
    CheckpointStore store = new CheckpointStore(dir);
    store.removeOtherJobs(store.latest());
    assertThat(dir.resolve("job-a")).doesNotExist();
    assertThat(keep.resolve("_metadata")).exists();
    store.removeOtherJobs(Optional.empty());
    assertThat(dir.resolve("job-b")).doesNotExist();
  }

  @Test
  void checkpointsOfAnEarlierStateLayoutAreRefusedWithWhatToDo() throws Exception {
    // Written before the marker existed (state classes then under org.vigil.jobs.analytics): layout 1.
    checkpoint("job-old", 7, 1_000, true);
    CheckpointStore store = new CheckpointStore(dir);
    assertThat(store.layout()).contains(1);
    assertThatThrownBy(() -> store.checkRestorable(store.latest()))
        .isInstanceOf(CheckpointStore.IncompatibleStateException.class)
        .hasMessageContaining("state layout 1; this version reads " + CheckpointStore.STATE_LAYOUT)
        .hasMessageContaining("./vigil run --fresh");
    // Starting with empty state is always allowed, and marks the folder as this version's.
    store.checkRestorable(Optional.empty());
    store.removeOtherJobs(Optional.empty());
    store.markLayout();
    assertThat(store.layout()).contains(CheckpointStore.STATE_LAYOUT);
    checkpoint("job-new", 1, 2_000, true);
    store.checkRestorable(store.latest());
    assertThat(Files.readString(dir.resolve(CheckpointStore.LAYOUT_FILE)).trim())
        .isEqualTo(String.valueOf(CheckpointStore.STATE_LAYOUT));
  }

  @Test
  void anEmptyFolderHasNoLayoutAndALaterOneIsRefusedToo() throws Exception {
    CheckpointStore store = new CheckpointStore(dir);
    assertThat(store.layout()).isEmpty();
    Files.writeString(dir.resolve(CheckpointStore.LAYOUT_FILE), (CheckpointStore.STATE_LAYOUT + 1) + "\n");
    checkpoint("job-later", 2, 1_000, true);
    assertThatThrownBy(() -> store.checkRestorable(store.latest()))
        .isInstanceOf(CheckpointStore.IncompatibleStateException.class)
        .hasMessageContaining("a later version of Vigil");
  }
}
