package org.vigil.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A region's boundary: a GeoJSON geometry (RFC 7946) of type Polygon or MultiPolygon, written in the registry as YAML
 * (or flow-style JSON) and kept as compact JSON. Checked: the type, positions of two or three numbers with longitude
 * in [-180, 180] and latitude in [-90, 90], and linear rings of at least four positions whose first and last are
 * equal.
 */
final class GeoJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private GeoJson() {}

  /** The boundary as compact JSON, or null (every problem reported). */
  static String read(Node n, YamlNodes r, String what) {
    if (!(n instanceof MappingNode)) {
      r.problem(n, what + " must be a GeoJSON geometry such as {type: Polygon, coordinates: [[[lon, lat], ...]]}");
      return null;
    }
    JsonNode g = toJson(n);
    String type = g.path("type").asText("");
    JsonNode coords = g.get("coordinates");
    int before = r.problems().size();
    if (!type.equals("Polygon") && !type.equals("MultiPolygon")) {
      r.problem(n, what + ": type must be Polygon or MultiPolygon, not '" + type + "'");
    } else if (coords == null || !coords.isArray() || coords.isEmpty()) {
      r.problem(n, what + ": coordinates must be a non-empty list");
    } else if (type.equals("Polygon")) {
      polygon(coords, n, r, what);
    } else {
      for (JsonNode p : coords) {
        polygon(p, n, r, what);
      }
    }
    return r.problems().size() == before ? g.toString() : null;
  }

  private static void polygon(JsonNode rings, Node at, YamlNodes r, String what) {
    if (!rings.isArray() || rings.isEmpty()) {
      r.problem(at, what + ": a polygon must be a list of linear rings");
      return;
    }
    for (JsonNode ring : rings) {
      if (!ring.isArray() || ring.size() < 4) {
        r.problem(at, what + ": a linear ring needs at least four positions (the first repeated at the end)");
        return;
      }
      for (JsonNode p : ring) {
        if (!p.isArray() || p.size() < 2 || p.size() > 3 || !p.get(0).isNumber() || !p.get(1).isNumber()
            || Math.abs(p.get(0).asDouble()) > 180 || Math.abs(p.get(1).asDouble()) > 90) {
          r.problem(at, what + ": a position must be [longitude, latitude] (or with an elevation), longitude in "
              + "[-180, 180] and latitude in [-90, 90], not " + p);
          return;
        }
      }
      if (!ring.get(0).equals(ring.get(ring.size() - 1))) {
        r.problem(at, what + ": a linear ring must end where it starts (" + ring.get(0) + ")");
        return;
      }
    }
  }

  private static JsonNode toJson(Node n) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (n instanceof MappingNode m) {
      ObjectNode o = f.objectNode();
      for (NodeTuple t : m.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k) {
          o.set(k.getValue(), toJson(t.getValueNode()));
        }
      }
      return o;
    }
    if (n instanceof SequenceNode s) {
      ArrayNode a = f.arrayNode();
      s.getValue().forEach(i -> a.add(toJson(i)));
      return a;
    }
    String v = ((ScalarNode) n).getValue();
    try {
      return f.numberNode(Double.parseDouble(v));
    } catch (NumberFormatException e) {
      return f.textNode(v);
    }
  }

  /** For tests and tools: parses stored boundary JSON. */
  static JsonNode parse(String json) throws java.io.IOException {
    return JSON.readTree(json);
  }
}
