package org.vigil.jobs.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.vigil.jobs.notify.EscalationUpdate;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.crowd.Samples;
import org.vigil.alerts.notify.Silence;
import org.vigil.alerts.notify.SiteNotifyState;
import org.vigil.alerts.rules.RuleSet;
import org.vigil.alerts.rules.RuleState;
import org.vigil.alerts.site.ActiveAlert;
import org.vigil.analytics.rain.RainGauge;
import org.vigil.analytics.slope.SlopeSensor;
import org.vigil.analytics.water.WaterGauge;
import org.vigil.core.SiteRisk;
import org.vigil.registry.DeviceSilence;
import org.vigil.registry.DeviceTally;
import org.vigil.registry.HealthRuleState;
import org.vigil.jobs.warning.BroadcastRun;
import org.vigil.jobs.warning.BroadcastTarget;
import org.vigil.jobs.monitoring.SensorTimeFunction;
import org.vigil.jobs.registry.RegistryUpdate;
import org.vigil.jobs.rules.LiveRulesFunction;
import org.vigil.jobs.rules.RulesetUpdate;
import org.vigil.jobs.webhook.PendingDelivery;
import org.vigil.warning.cap.WarningChain;

/**
 * Guards {@link CheckpointStore#STATE_LAYOUT}: the shape of every class the job keeps in keyed or broadcast state
 * (class names and fields, followed into Vigil's own classes) must equal the description recorded for the current
 * layout in {@code checkpoint/state-layout-<N>.txt}. A change to that shape fails here, so that whoever makes it
 * decides whether earlier checkpoints stay readable (then record the new description) or not (then raise the layout
 * and record it under the new number).
 */
class StateLayoutTest {

  /**
   * The state classes, by hand; {@link #everyStateDescriptorsClassIsListed} keeps the list complete. {@link RuleSet}
   * is kept inside {@link RulesetUpdate} as Java-serialised records (its bytes), which read by class and field name.
   */
  private static final List<Class<?>> STATE_CLASSES = List.of(RainGauge.class, SlopeSensor.class, WaterGauge.class,
      SensorTimeFunction.SensorTime.class, LiveRulesFunction.KeyRules.class, RulesetUpdate.class, RuleSet.class,
      RuleState.class,
      Samples.class, ActiveAlert.class, SiteRisk.class, Silence.class, SiteNotifyState.class,
      PendingDelivery.class, WarningChain.class, RegistryUpdate.class, DeviceSilence.class, DeviceTally.class,
      EscalationUpdate.class, BroadcastRun.class, BroadcastTarget.class, org.vigil.jobs.modes.RegionMode.class,
      org.vigil.jobs.rules.SiteModes.class, HealthRuleState.class);

  private static final Pattern VIGIL_CLASS = Pattern.compile("org\\.vigil\\.[\\w.$]+");
  private static final Pattern CLASS_LITERAL = Pattern.compile("(\\w+)\\.class");

  @Test
  void theStateClassesHaveTheShapeRecordedForTheCurrentLayout() throws IOException {
    String resource = "checkpoint/state-layout-" + CheckpointStore.STATE_LAYOUT + ".txt";
    String now = describe(STATE_CLASSES);
    var in = getClass().getClassLoader().getResourceAsStream(resource);
    String recorded = in == null ? "(no " + resource + ")"
        : new String(in.readAllBytes()).lines().filter(l -> !l.startsWith("#")).collect(Collectors.joining("\n"))
            .strip();
    assertThat(now)
        .as("The job's state classes changed. If checkpoints of the recorded shape can no longer be read (a class "
            + "renamed or moved, fields changed in a class Flink does not evolve), raise CheckpointStore.STATE_LAYOUT"
            + " and record this description as stream-jobs/src/test/resources/checkpoint/state-layout-<new N>.txt; if "
            + "they still can, record it under the current number. The description now:%n%s%n", now)
        .isEqualTo(recorded);
  }

  @Test
  void everyStateDescriptorsClassIsListed() throws IOException {
    Set<String> used = new TreeSet<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String src = Files.readString(f);
        int at = src.indexOf("StateDescriptor<>(");
        while (at >= 0) {
          Matcher m = CLASS_LITERAL.matcher(src.substring(at, src.indexOf(';', at)));
          while (m.find()) {
            used.add(m.group(1));
          }
          at = src.indexOf("StateDescriptor<>(", at + 1);
        }
      }
    }
    used.removeAll(Set.of("Long", "Integer", "Boolean", "String"));
    assertThat(used).as("classes in state descriptors of the job").isNotEmpty()
        .isSubsetOf(STATE_CLASSES.stream().map(Class::getSimpleName).collect(Collectors.toSet()));
  }

  /** Each class reachable from {@code roots} through fields: its name and its fields' names and generic types. */
  static String describe(List<Class<?>> roots) {
    TreeMap<String, String> out = new TreeMap<>();
    Deque<Class<?>> todo = new ArrayDeque<>(roots);
    while (!todo.isEmpty()) {
      Class<?> c = todo.pop();
      if (out.containsKey(c.getName())) {
        continue;
      }
      StringBuilder b = new StringBuilder();
      if (c.isEnum()) {
        b.append("enum ").append(c.getName()).append(' ')
            .append(Arrays.toString(c.getEnumConstants())).append('\n');
        out.put(c.getName(), b.toString());
        continue;
      }
      if (c.isSealed()) { // the permitted implementations are what is kept
        Arrays.stream(c.getPermittedSubclasses()).forEach(todo::push);
      }
      b.append("class ").append(c.getName()).append('\n');
      TreeMap<String, String> fields = new TreeMap<>();
      for (Class<?> k = c; k != null && k.getName().startsWith("org.vigil."); k = k.getSuperclass()) {
        for (Field f : k.getDeclaredFields()) {
          int mod = f.getModifiers();
          if (Modifier.isStatic(mod) || Modifier.isTransient(mod) || f.isSynthetic()) {
            continue;
          }
          String type = f.getGenericType().getTypeName();
          fields.put(f.getName(), type);
          Matcher m = VIGIL_CLASS.matcher(type);
          while (m.find()) {
            todo.push(load(m.group()));
          }
        }
      }
      fields.forEach((name, type) -> b.append("  ").append(name).append(": ").append(type).append('\n'));
      out.put(c.getName(), b.toString());
    }
    return String.join("", out.values()).strip();
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name);
    } catch (ClassNotFoundException e) {
      // A nested class in a generic type name is written with '.', not '$'.
      int dot = name.lastIndexOf('.');
      return load(name.substring(0, dot) + "$" + name.substring(dot + 1));
    }
  }
}
