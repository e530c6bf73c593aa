package dev.sops4j.sops.format;

import dev.sops4j.sops.SopsParseException;
import dev.sops4j.sops.tree.Comment;
import dev.sops4j.sops.tree.Field;
import dev.sops4j.sops.tree.Mapping;
import dev.sops4j.sops.tree.Node;
import dev.sops4j.sops.tree.Scalar;
import dev.sops4j.sops.tree.Sequence;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Flattened metadata of the dotenv and INI stores ({@code stores/flatten.go}): a nested map key
 * becomes {@code parent__map_child}, a list element {@code parent__list_<i>}, e.g.
 * {@code age__list_0__map_enc} or {@code key_groups__list_1__map_age__list_0__map_recipient}.
 *
 * <p>Unflattening nests the names again with map keys sorted (Go string order) and lists by index,
 * whatever order the lines had; values are kept as read (strings). Flattening follows the order of
 * the given mapping, skips comments and null values (current sops omits empty fields), and rejects
 * two paths that flatten to the same name.
 */
final class MetadataFlattening {
  static final String MAP_SEPARATOR = "__map_";
  static final String LIST_SEPARATOR = "__list_";

  /** One flattened metadata entry as read, with its 1-based line for error messages (0 if unknown). */
  record FlatEntry(String name, Node value, int line) {
  }

  private MetadataFlattening() {
  }

  /** A node of the nesting being rebuilt: a value, named children or indexed children. */
  private static final class Slot {
    Node value;
    int valueLine;
    TreeMap<String, Slot> keys;
    TreeMap<Integer, Slot> indices;
  }

  /**
   * Rebuilds the nested metadata from flattened entries.
   *
   * @param source file name for errors
   * @throws SopsParseException on a name set twice, a name that is both a value and a parent, a list
   *     with missing indices, or a list index that is not a number
   */
  static Mapping unflatten(List<FlatEntry> entries, String source) throws SopsParseException {
    Slot root = new Slot();
    for (FlatEntry entry : entries) {
      Slot slot = root;
      for (Object token : tokenize(entry, source)) {
        if (token instanceof String key) {
          if (slot.keys == null) {
            slot.keys = new TreeMap<>(MetadataFlattening::compareGo);
          }
          slot = slot.keys.computeIfAbsent(key, k -> new Slot());
        } else {
          if (slot.indices == null) {
            slot.indices = new TreeMap<>();
          }
          slot = slot.indices.computeIfAbsent((Integer) token, k -> new Slot());
        }
      }
      if (slot.value != null) {
        throw new SopsParseException(source, entry.line(), entry.name(),
            "flattened metadata entry is set twice");
      }
      slot.value = entry.value();
      slot.valueLine = entry.line();
    }
    Node result = convert(root, "", source);
    return result instanceof Mapping m ? m : Mapping.of();
  }

  private static List<Object> tokenize(FlatEntry entry, String source) throws SopsParseException {
    String name = entry.name();
    List<Object> tokens = new ArrayList<>();
    int start = 0;
    String kind = null; // null: first token, else the separator that opened the current token
    int i = 0;
    while (true) {
      boolean atMap = name.startsWith(MAP_SEPARATOR, i);
      boolean atList = name.startsWith(LIST_SEPARATOR, i);
      if (i < name.length() && !atMap && !atList) {
        i++;
        continue;
      }
      String text = name.substring(kind == null ? start : start + kind.length(), i);
      if (LIST_SEPARATOR.equals(kind)) {
        try {
          tokens.add(Integer.parseInt(text));
        } catch (NumberFormatException e) {
          throw new SopsParseException(source, entry.line(), name,
              "flattened metadata list index '" + text + "' is not a number");
        }
      } else {
        tokens.add(text);
      }
      if (i >= name.length()) {
        return tokens;
      }
      kind = atMap ? MAP_SEPARATOR : LIST_SEPARATOR;
      start = i;
      i += kind.length();
    }
  }

  private static Node convert(Slot slot, String path, String source) throws SopsParseException {
    int kinds = (slot.value != null ? 1 : 0) + (slot.keys != null ? 1 : 0)
        + (slot.indices != null ? 1 : 0);
    if (kinds > 1) {
      throw new SopsParseException(source, slot.valueLine, path,
          "flattened metadata uses this name both as a value and as a map or list");
    }
    if (slot.value != null) {
      return slot.value;
    }
    if (slot.keys != null) {
      List<Mapping.Member> members = new ArrayList<>();
      for (var e : slot.keys.entrySet()) {
        String child = path.isEmpty() ? e.getKey() : path + MAP_SEPARATOR + e.getKey();
        members.add(new Field(e.getKey(), convert(e.getValue(), child, source)));
      }
      return new Mapping(members);
    }
    if (slot.indices != null) {
      if (slot.indices.firstKey() != 0 || slot.indices.lastKey() != slot.indices.size() - 1) {
        throw new SopsParseException(source, 0, path,
            "flattened metadata list has missing indices");
      }
      List<Node> items = new ArrayList<>();
      for (var e : slot.indices.entrySet()) {
        items.add(convert(e.getValue(), path + LIST_SEPARATOR + e.getKey(), source));
      }
      return new Sequence(items);
    }
    return Mapping.of();
  }

  /** Go's string order: by UTF-8 bytes, which is code point order. */
  private static int compareGo(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /**
   * Flattens nested metadata to {@code prefix + name} fields with scalar values, in the mapping's
   * order.
   *
   * @throws IllegalArgumentException when two paths flatten to the same name
   */
  static List<Field> flatten(Mapping metadata, String prefix) {
    List<Field> out = new ArrayList<>();
    flattenMapping(metadata, prefix, out, new HashSet<>());
    return out;
  }

  private static void flattenMapping(Mapping m, String prefix, List<Field> out, Set<String> seen) {
    for (Mapping.Member member : m.members()) {
      if (member instanceof Field f) {
        flattenValue(f.value(), prefix + f.key(), out, seen);
      }
    }
  }

  private static void flattenValue(Node value, String name, List<Field> out, Set<String> seen) {
    if (value instanceof Mapping m) {
      flattenMapping(m, name + MAP_SEPARATOR, out, seen);
    } else if (value instanceof Sequence s) {
      int index = 0;
      for (Node item : s.items()) {
        if (!(item instanceof Comment)) {
          flattenValue(item, name + LIST_SEPARATOR + index++, out, seen);
        }
      }
    } else if (value instanceof Scalar.Null || value instanceof Comment) {
      return;
    } else {
      if (!seen.add(name)) {
        throw new IllegalArgumentException("metadata key collision while flattening: " + name);
      }
      out.add(new Field(name, value));
    }
  }
}
