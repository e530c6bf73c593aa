package dev.sops4j.sops;

import dev.sops4j.sops.tree.Field;
import dev.sops4j.sops.tree.Mapping;
import dev.sops4j.sops.tree.Node;
import dev.sops4j.sops.tree.Sequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A path to a value in a SOPS tree: map keys and list indices. Parsed from sops' {@code --extract}
 * syntax ({@code ["a"]["b"][0]}) or from sops-nix's {@code a/b} keys (map keys only, {@code ""} for the
 * whole document).
 */
public record SopsPath(List<Object> steps) {

  public SopsPath {
    steps = List.copyOf(steps);
    for (Object step : steps) {
      if (!(step instanceof String) && !(step instanceof Integer)) {
        throw new IllegalArgumentException("path steps are map keys (String) or list indices (Integer)");
      }
    }
  }

  /** The empty path: the whole document. */
  public static SopsPath root() {
    return new SopsPath(List.of());
  }

  /**
   * Parses sops' {@code --extract} syntax: {@code ["key"]} and {@code ['key']} for map keys, {@code [0]}
   * for list indices, repeated; the empty string is the root.
   *
   * @throws IllegalArgumentException with the position of the problem
   */
  public static SopsPath parseExtract(String text) {
    List<Object> steps = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      if (text.charAt(i) != '[') {
        throw bad(text, i, "expected '['");
      }
      i++;
      if (i >= text.length()) {
        throw bad(text, i, "unterminated '['");
      }
      char c = text.charAt(i);
      if (c == '"' || c == '\'') {
        StringBuilder key = new StringBuilder();
        i++;
        while (true) {
          if (i >= text.length()) {
            throw bad(text, i, "unterminated quoted key");
          }
          char k = text.charAt(i);
          if (k == '\\' && i + 1 < text.length()) {
            key.append(text.charAt(i + 1));
            i += 2;
            continue;
          }
          if (k == c) {
            i++;
            break;
          }
          key.append(k);
          i++;
        }
        steps.add(key.toString());
      } else {
        int start = i;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
          i++;
        }
        if (start == i) {
          throw bad(text, i, "expected a quoted key or a list index");
        }
        try {
          steps.add(Integer.parseInt(text.substring(start, i)));
        } catch (NumberFormatException e) {
          throw bad(text, start, "list index too large");
        }
      }
      if (i >= text.length() || text.charAt(i) != ']') {
        throw bad(text, i, "expected ']'");
      }
      i++;
    }
    return new SopsPath(steps);
  }

  /** Parses sops-nix's key syntax: map keys separated by {@code /}; {@code ""} is the whole document. */
  public static SopsPath parseSlashes(String key) {
    if (key.isEmpty()) {
      return root();
    }
    return new SopsPath(List.of((Object[]) key.split("/", -1)));
  }

  private static IllegalArgumentException bad(String text, int position, String problem) {
    return new IllegalArgumentException(
        "invalid path '" + text + "' at position " + position + ": " + problem
            + " (expected the form [\"key\"][0])");
  }

  public boolean isRoot() {
    return steps.isEmpty();
  }

  /** The node at this path in {@code document}, or empty when a step is missing. */
  public Optional<Node> find(Mapping document) {
    Node current = document;
    for (Object step : steps) {
      if (step instanceof String key && current instanceof Mapping m) {
        Optional<Node> next = m.get(key);
        if (next.isEmpty()) {
          return Optional.empty();
        }
        current = next.get();
      } else if (step instanceof Integer index && current instanceof Sequence s) {
        List<Node> values = s.items().stream().filter(n -> !(n instanceof dev.sops4j.sops.tree.Comment)).toList();
        if (index >= values.size()) {
          return Optional.empty();
        }
        current = values.get(index);
      } else {
        return Optional.empty();
      }
    }
    return Optional.of(current);
  }

  /** sops' {@code --extract} form of this path. */
  public String toExtract() {
    StringBuilder sb = new StringBuilder();
    for (Object step : steps) {
      if (step instanceof String key) {
        sb.append("[\"").append(key.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"]");
      } else {
        sb.append('[').append(step).append(']');
      }
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return toExtract();
  }

  /** Keys of a mapping, for "no such key" messages (never values). */
  static List<String> keysOf(Node node) {
    if (node instanceof Mapping m) {
      return m.fields().stream().map(Field::key).toList();
    }
    return List.of();
  }
}
