package org.vigil.connectors.mqtt.source.enumerator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.api.connector.source.mocks.MockSplitEnumeratorContext;
import org.junit.jupiter.api.Test;
import org.vigil.connectors.mqtt.source.split.MqttSplit;

/** Assignment logic against Flink's own testing context ({@code MockSplitEnumeratorContext} from flink-core tests). */
class MqttSplitEnumeratorTest {

  @Test
  void freshStartCreatesOneSplitPerSubtaskAndAssignsSplitIToSubtaskIOnRegistration() throws Exception {
    try (TestContext context = new TestContext(3)) {
      MqttSplitEnumerator enumerator = new MqttSplitEnumerator(context, MqttEnumeratorState.initial());
      enumerator.start();
      assertThat(context.getSplitsAssignmentSequence()).isEmpty();
      assertThat(enumerator.snapshotState(1)).isEqualTo(state(3, 0, 1, 2));

      register(context, enumerator, 2);
      register(context, enumerator, 0);
      register(context, enumerator, 1);

      assertThat(assignments(context))
          .containsExactly(
              Map.of(2, List.of(new MqttSplit(2))),
              Map.of(0, List.of(new MqttSplit(0))),
              Map.of(1, List.of(new MqttSplit(1))));
      assertThat(enumerator.snapshotState(2)).isEqualTo(state(3));
    }
  }

  @Test
  void splitsOfAFailedReaderGoBackToItWhenItRegistersAgain() throws Exception {
    try (TestContext context = new TestContext(2)) {
      MqttSplitEnumerator enumerator = new MqttSplitEnumerator(context, MqttEnumeratorState.initial());
      enumerator.start();
      register(context, enumerator, 0);
      register(context, enumerator, 1);
      int before = context.getSplitsAssignmentSequence().size();

      context.unregisterReader(1); // Flink resets the subtask, then hands back its splits
      enumerator.addSplitsBack(List.of(new MqttSplit(1)), 1);
      assertThat(context.getSplitsAssignmentSequence()).hasSize(before);
      assertThat(enumerator.snapshotState(3)).isEqualTo(state(2, 1));

      register(context, enumerator, 1);
      assertThat(assignments(context).get(before)).isEqualTo(Map.of(1, List.of(new MqttSplit(1))));
      assertThat(enumerator.snapshotState(4)).isEqualTo(state(2));
    }
  }

  @Test
  void splitsHandedBackWhileTheirReaderIsRegisteredAreAssignedAtOnce() throws Exception {
    try (TestContext context = new TestContext(2)) {
      MqttSplitEnumerator enumerator = new MqttSplitEnumerator(context, MqttEnumeratorState.initial());
      enumerator.start();
      register(context, enumerator, 0);
      register(context, enumerator, 1);
      int before = context.getSplitsAssignmentSequence().size();

      enumerator.addSplitsBack(List.of(new MqttSplit(0)), 0);

      assertThat(assignments(context).subList(before, assignments(context).size()))
          .containsExactly(Map.of(0, List.of(new MqttSplit(0))));
    }
  }

  @Test
  void restoredWithHigherParallelismCreatesTheMissingSplits() throws Exception {
    try (TestContext context = new TestContext(4)) {
      // splits 0 and 1 live in the readers' restored state
      MqttSplitEnumerator enumerator = new MqttSplitEnumerator(context, state(2));
      enumerator.start();
      for (int i = 0; i < 4; i++) {
        register(context, enumerator, i);
      }
      assertThat(assignments(context))
          .containsExactly(Map.of(2, List.of(new MqttSplit(2))), Map.of(3, List.of(new MqttSplit(3))));
      assertThat(enumerator.snapshotState(7)).isEqualTo(state(4));
    }
  }

  @Test
  void restoredWithLowerParallelismAssignsUnassignedSplitsModuloParallelism() throws Exception {
    try (TestContext context = new TestContext(2)) {
      MqttSplitEnumerator enumerator = new MqttSplitEnumerator(context, state(4, 2, 3));
      enumerator.start();
      assertThat(enumerator.snapshotState(1).splitCount()).isEqualTo(4); // never shrinks: client ids stay stable
      register(context, enumerator, 1);
      register(context, enumerator, 0);
      assertThat(assignments(context))
          .containsExactly(Map.of(1, List.of(new MqttSplit(3))), Map.of(0, List.of(new MqttSplit(2))));
      assertThat(context.hasNoMoreSplits(0)).isFalse();
    }
  }

  @Test
  void aReaderCanOwnSeveralSplits() throws Exception {
    try (TestContext context = new TestContext(2)) {
      MqttSplitEnumerator enumerator = new MqttSplitEnumerator(context, state(5, 0, 2, 4));
      enumerator.start();
      register(context, enumerator, 0);
      assertThat(assignments(context))
          .containsExactly(Map.of(0, List.of(new MqttSplit(0), new MqttSplit(2), new MqttSplit(4))));
    }
  }

  /** Flink's mock context, closed without a checked exception. */
  private static final class TestContext extends MockSplitEnumeratorContext<MqttSplit> {
    TestContext(int parallelism) {
      super(parallelism);
    }

    @Override
    public void close() {
      try {
        super.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static MqttEnumeratorState state(int splitCount, Integer... unassigned) {
    return new MqttEnumeratorState(splitCount, new TreeSet<>(List.of(unassigned)));
  }

  private static void register(
      MockSplitEnumeratorContext<MqttSplit> context, MqttSplitEnumerator enumerator, int subtask) {
    context.registerReader(new ReaderInfo(subtask, "localhost"));
    enumerator.addReader(subtask);
  }

  private static List<Map<Integer, List<MqttSplit>>> assignments(MockSplitEnumeratorContext<MqttSplit> context) {
    return context.getSplitsAssignmentSequence().stream()
        .map(SplitsAssignment::assignment)
        .map(m -> (Map<Integer, List<MqttSplit>>) new HashMap<>(m))
        .toList();
  }
}
