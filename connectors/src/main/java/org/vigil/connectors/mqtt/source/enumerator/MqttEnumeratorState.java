package org.vigil.connectors.mqtt.source.enumerator;

import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.vigil.connectors.mqtt.source.split.MqttSplit;

/**
 * Checkpointed state of the {@link MqttSplitEnumerator}: how many splits (client ids) the source has created, and
 * which of them are not assigned to a reader yet. Splits that readers own are in the readers' state, not here.
 *
 * @param splitCount splits created so far: indexes {@code 0 .. splitCount-1}
 * @param unassigned indexes of created splits that no reader owns
 */
public record MqttEnumeratorState(int splitCount, SortedSet<Integer> unassigned) {

  public MqttEnumeratorState {
    if (splitCount < 0) {
      throw new IllegalArgumentException("splitCount must be >= 0, was " + splitCount);
    }
    unassigned = Collections.unmodifiableSortedSet(new TreeSet<>(unassigned));
    if (!unassigned.isEmpty() && (unassigned.first() < 0 || unassigned.last() >= splitCount)) {
      throw new IllegalArgumentException(
          "unassigned split indexes " + unassigned + " outside 0.." + (splitCount - 1));
    }
  }

  /** The state of a source that has not started yet: no splits. */
  public static MqttEnumeratorState initial() {
    return new MqttEnumeratorState(0, new TreeSet<>());
  }

  /** The unassigned splits. */
  public List<MqttSplit> unassignedSplits() {
    return unassigned.stream().map(MqttSplit::new).toList();
  }
}
