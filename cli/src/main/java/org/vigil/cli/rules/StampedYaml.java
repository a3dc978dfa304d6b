package org.vigil.cli.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.vigil.alerts.rules.NodeReader;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Sets a ruleset file's top-level {@code version}, {@code author} and {@code comment} for publishing while keeping
 * the rest of the text as written (comments, order, layout): the lines of those three fields, if present, are
 * removed (found through the YAML parser's positions, so a multi-line comment goes whole) and the new values are put
 * at the top, as double-quoted YAML strings.
 */
public final class StampedYaml {

  private static final List<String> STAMPED = List.of("version", "author", "comment");
  private static final ObjectMapper JSON = new ObjectMapper();

  private StampedYaml() {}

  /** The YAML with the three fields set; {@code yaml} must already be a valid ruleset (a mapping at the top). */
  public static String stamp(String yaml, long version, String author, String comment) {
    Node root = new Yaml(NodeReader.loaderOptions()).compose(new StringReader(yaml));
    String[] lines = yaml.split("\n", -1);
    boolean[] drop = new boolean[lines.length];
    if (root instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k && STAMPED.contains(k.getValue())) {
          int first = t.getKeyNode().getStartMark().getLine();
          // The end mark of a block scalar points at the start of the next line: exclusive there.
          org.yaml.snakeyaml.error.Mark end = t.getValueNode().getEndMark();
          int last = end.getColumn() == 0 ? end.getLine() - 1 : end.getLine();
          for (int i = first; i <= Math.min(last, lines.length - 1); i++) {
            drop[i] = true;
          }
        }
      }
    }
    List<String> kept = new ArrayList<>();
    kept.add("version: " + version);
    kept.add("author: " + quote(author));
    kept.add("comment: " + quote(comment));
    for (int i = 0; i < lines.length; i++) {
      if (!drop[i]) {
        kept.add(lines[i]);
      }
    }
    return String.join("\n", kept);
  }

  private static String quote(String s) {
    try {
      return JSON.writeValueAsString(s == null ? "" : s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
