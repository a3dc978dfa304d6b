package org.vigil.alerts.rules;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vigil rules}: work with rule files. Subcommands {@code validate} and {@code diff} live here; commands that
 * need Flink or the services ({@code backtest}, {@code publish}) are added by their modules through
 * {@link #commandLine()}{@code .addSubcommand(...)}. Exit codes: 0 fine, 1 invalid rules or unreadable files, 2 usage.
 */
@Command(
    name = "vigil rules",
    mixinStandardHelpOptions = true,
    subcommands = {RulesCli.Validate.class, RulesCli.Diff.class, CommandLine.HelpCommand.class},
    description = "Validate and compare rule files (YAML).")
public final class RulesCli implements Runnable {

  /** Exit code for invalid rules or files that cannot be read. */
  public static final int INVALID = 1;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The command line with the built-in subcommands; add more before executing. */
  public static CommandLine commandLine() {
    return new CommandLine(new RulesCli());
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** Reads and validates a file; on problems prints them and returns null. */
  static Loaded read(Path file, Inventory inventory, PrintWriter out) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      out.println(file + ": cannot read: " + e.getMessage());
      return null;
    }
    try {
      RuleSetLoader.Loaded l = RuleSetLoader.load(text, file.toString(), inventory);
      return new Loaded(l.ruleSet(), l);
    } catch (RuleSetInvalidException e) {
      e.problems().forEach(out::println);
      out.println(file + ": " + e.problems().size() + (e.problems().size() == 1 ? " problem" : " problems"));
      return null;
    }
  }

  record Loaded(RuleSet ruleSet, RuleSetLoader.Loaded result) {}

  /** {@code vigil rules validate <file>}. */
  @Command(name = "validate", mixinStandardHelpOptions = true,
      description = "Checks a rule file and prints every problem as file:line:column: message.")
  static final class Validate implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The rule file.")
    Path file;

    @Option(names = "--inventory", paramLabel = "FILE",
        description = "Known sensors, one site/kind/sensorId per line: also checks that every scope matches one.")
    Path inventory;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      Inventory inv = inventory == null ? null : Inventory.parse(Files.readString(inventory));
      Loaded l = read(file, inv, out);
      if (l == null) {
        return INVALID;
      }
      out.println(file + ": valid, " + l.ruleSet().rules().size() + " rules ("
          + l.ruleSet().rules().stream().map(RuleDef::id).collect(Collectors.joining(", ")) + ")"
          + (l.ruleSet().health().isEmpty() ? "" : ", " + l.ruleSet().health() + " ("
              + l.ruleSet().health().rules().stream().map(HealthRule::name).collect(Collectors.joining(", ")) + ")"));
      l.result().notes().forEach(n -> out.println("note: " + n));
      return 0;
    }
  }

  /** {@code vigil rules diff <old> <new>}. */
  @Command(name = "diff", mixinStandardHelpOptions = true,
      description = "Prints what changed from one rule file to another, rule by rule.")
  static final class Diff implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "OLD", description = "The rules in force.")
    Path old;

    @Parameters(index = "1", paramLabel = "NEW", description = "The proposed rules.")
    Path now;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      Loaded a = read(old, null, out);
      Loaded b = read(now, null, out);
      if (a == null || b == null) {
        return INVALID;
      }
      RuleSetDiff d = RuleSetDiff.diff(a.ruleSet(), b.ruleSet());
      out.println(d.summary());
      d.added().forEach(id -> out.println("  + " + id));
      d.removed().forEach(id -> out.println("  - " + id));
      d.changed().forEach((id, fields) -> {
        out.println("  ~ " + id + ": " + String.join(", ", fields));
        RuleDef was = a.ruleSet().rule(id).orElseThrow();
        RuleDef is = b.ruleSet().rule(id).orElseThrow();
        for (String f : fields) {
          out.println("      " + f + ": " + RuleSetDiff.field(was, f) + "  ->  " + RuleSetDiff.field(is, f));
        }
      });
      d.escalation().forEach(c -> out.println("  ~ escalation: " + c));
      d.modes().forEach(c -> out.println("  ~ modes." + c));
      d.health().forEach(c -> out.println("  ~ health: " + c));
      return 0;
    }
  }
}
