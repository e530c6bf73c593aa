package dev.sops4j.sops.config;

import dev.sops4j.sops.SopsConfigException;
import dev.sops4j.sops.SopsConfigException.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Typed reads from the composed YAML of a {@code .sops.yaml}, each failure a {@link SopsConfigException}
 * naming the config file, the line and the key path. Package-private.
 */
final class ConfigNodes {
  private final String config;

  ConfigNodes(String config) {
    this.config = config;
  }

  /** The config file name used in messages. */
  String config() {
    return config;
  }

  static int line(Node node) {
    return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
  }

  static boolean isNull(Node node) {
    return node == null || node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
  }

  SopsConfigException invalid(Node at, String path, String message) {
    return new SopsConfigException(config, at == null ? 0 : line(at), path, Problem.INVALID, message);
  }

  /**
   * The entries of a mapping in order, with YAML merge keys ({@code <<}) applied as go-yaml does
   * (explicit keys win); duplicate keys and non-string keys are refused.
   */
  Map<String, Node> mapping(Node node, String path) throws SopsConfigException {
    if (!(node instanceof MappingNode m)) {
      throw invalid(node, path, "expected a mapping, found " + kind(node));
    }
    Map<String, Node> own = new LinkedHashMap<>();
    List<Node> merges = new ArrayList<>();
    for (NodeTuple t : m.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode k)) {
        throw invalid(t.getKeyNode(), path, "keys must be strings");
      }
      if (k.getTag().equals(Tag.MERGE) || k.getValue().equals("<<")) {
        merges.add(t.getValueNode());
        continue;
      }
      if (own.put(k.getValue(), t.getValueNode()) != null) {
        throw invalid(k, path, "key '" + k.getValue() + "' is defined more than once");
      }
    }
    if (merges.isEmpty()) {
      return own;
    }
    Map<String, Node> merged = new LinkedHashMap<>();
    for (Node source : merges) {
      List<Node> maps = source instanceof SequenceNode s ? s.getValue() : List.of(source);
      for (Node map : maps) {
        mapping(map, path + ".<<").forEach(merged::putIfAbsent);
      }
    }
    merged.putAll(own);
    return merged;
  }

  /** The items of a sequence; {@code null} (or an absent key) is empty. */
  List<Node> sequence(Node node, String path) throws SopsConfigException {
    if (isNull(node)) {
      return List.of();
    }
    if (!(node instanceof SequenceNode s)) {
      throw invalid(node, path, "expected a list, found " + kind(node));
    }
    return s.getValue();
  }

  /** A scalar as text, as go-yaml fills a string field; {@code null} for an absent or null value. */
  String string(Node node, String path) throws SopsConfigException {
    if (isNull(node)) {
      return null;
    }
    if (!(node instanceof ScalarNode s)) {
      throw invalid(node, path, "expected a string, found " + kind(node));
    }
    return s.getValue();
  }

  /** A non-negative integer; 0 when absent. */
  int nonNegativeInt(Node node, String path) throws SopsConfigException {
    if (isNull(node)) {
      return 0;
    }
    if (!(node instanceof ScalarNode s) || !s.getTag().equals(Tag.INT)) {
      throw invalid(node, path, "expected an integer, found " + kind(node));
    }
    try {
      int value = Integer.parseInt(s.getValue());
      if (value < 0) {
        throw invalid(node, path, "must not be negative");
      }
      return value;
    } catch (NumberFormatException e) {
      throw invalid(node, path, "expected a decimal integer, found '" + s.getValue() + "'");
    }
  }

  /** {@code true} or {@code false}; false when absent. */
  boolean bool(Node node, String path) throws SopsConfigException {
    if (isNull(node)) {
      return false;
    }
    if (!(node instanceof ScalarNode s) || !s.getTag().equals(Tag.BOOL)) {
      throw invalid(node, path, "expected true or false, found " + kind(node));
    }
    return Boolean.parseBoolean(s.getValue().toLowerCase(Locale.ROOT));
  }

  /**
   * A key list as sops reads {@code age}, {@code pgp}: a comma-separated string (entries trimmed, empty
   * entries skipped) or a list of strings, each of which may itself be comma-separated.
   */
  List<String> keyList(Node node, String path) throws SopsConfigException {
    if (isNull(node)) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    if (node instanceof ScalarNode s) {
      split(s.getValue(), out);
      return out;
    }
    if (!(node instanceof SequenceNode seq)) {
      throw invalid(node, path, "expected a comma-separated string or a list of strings, found " + kind(node));
    }
    for (Node item : seq.getValue()) {
      if (!(item instanceof ScalarNode s) || isNull(item)) {
        throw invalid(item, path, "expected a string in the list, found " + kind(item));
      }
      split(s.getValue(), out);
    }
    return out;
  }

  /** Whether a value holds anything: a non-empty string, list or mapping. */
  static boolean hasContent(Node node) {
    if (isNull(node)) {
      return false;
    }
    if (node instanceof ScalarNode s) {
      return !s.getValue().isBlank();
    }
    if (node instanceof SequenceNode s) {
      return !s.getValue().isEmpty();
    }
    return !((MappingNode) node).getValue().isEmpty();
  }

  private static void split(String text, List<String> out) {
    for (String part : text.split(",")) {
      String trimmed = part.strip();
      if (!trimmed.isEmpty()) {
        out.add(trimmed);
      }
    }
  }

  static String kind(Node node) {
    if (isNull(node)) {
      return "nothing";
    }
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    Tag tag = node.getTag();
    if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
      return "a number";
    }
    if (tag.equals(Tag.BOOL)) {
      return "a boolean";
    }
    return "a string";
  }
}
