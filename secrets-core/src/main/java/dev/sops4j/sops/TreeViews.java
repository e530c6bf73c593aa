package dev.sops4j.sops;

import dev.sops4j.sops.tree.Comment;
import dev.sops4j.sops.tree.Field;
import dev.sops4j.sops.tree.Mapping;
import dev.sops4j.sops.tree.Node;
import dev.sops4j.sops.tree.Scalar;
import dev.sops4j.sops.tree.Sequence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Plain Java views of a tree: maps and lists, or flattened properties. */
final class TreeViews {
  private TreeViews() {
  }

  static Map<String, Object> toMap(Mapping mapping) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Field f : mapping.fields()) {
      out.put(f.key(), value(f.value()));
    }
    return out;
  }

  private static Object value(Node node) {
    if (node instanceof Mapping m) {
      return toMap(m);
    }
    if (node instanceof Sequence s) {
      List<Object> list = new ArrayList<>();
      for (Node item : s.items()) {
        if (!(item instanceof Comment)) {
          list.add(value(item));
        }
      }
      return list;
    }
    if (node instanceof Scalar.Str s) {
      return s.value();
    }
    if (node instanceof Scalar.Int i) {
      return i.value();
    }
    if (node instanceof Scalar.Float f) {
      return f.value();
    }
    if (node instanceof Scalar.Bool b) {
      return b.value();
    }
    if (node instanceof Scalar.Time t) {
      return t.value();
    }
    if (node instanceof Scalar.Bytes b) {
      return b.value();
    }
    return null;
  }

  static Properties toProperties(Mapping mapping) {
    Properties out = new Properties();
    flatten("", mapping, out);
    return out;
  }

  private static void flatten(String prefix, Node node, Properties out) {
    if (node instanceof Mapping m) {
      for (Field f : m.fields()) {
        flatten(prefix.isEmpty() ? f.key() : prefix + "." + f.key(), f.value(), out);
      }
    } else if (node instanceof Sequence s) {
      int i = 0;
      for (Node item : s.items()) {
        if (!(item instanceof Comment)) {
          flatten(prefix + "[" + i++ + "]", item, out);
        }
      }
    } else if (node instanceof Scalar scalar && !(scalar instanceof Scalar.Null)) {
      out.setProperty(prefix, ScalarText.of(scalar));
    }
  }
}
