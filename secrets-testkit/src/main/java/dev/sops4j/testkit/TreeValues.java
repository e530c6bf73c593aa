package dev.sops4j.testkit;

import dev.sops4j.sops.tree.Field;
import dev.sops4j.sops.tree.Mapping;
import dev.sops4j.sops.tree.Node;
import dev.sops4j.sops.tree.Scalar;
import dev.sops4j.sops.tree.Sequence;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Turns Java values into a SOPS tree: maps (iteration order kept, keys as text), lists, and scalars
 * (String, whole numbers, floating point numbers, Boolean, null, OffsetDateTime, byte[]); a
 * {@link Node} is taken as it is. Errors name the key path and the Java type, never the value.
 */
final class TreeValues {
  private TreeValues() {
  }

  static Mapping mapping(Map<?, ?> map) {
    return mapping(map, "");
  }

  private static Mapping mapping(Map<?, ?> map, String path) {
    List<Mapping.Member> members = new ArrayList<>();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (entry.getKey() == null) {
        throw new IllegalArgumentException("a map key is null at " + display(path));
      }
      String key = entry.getKey().toString();
      members.add(new Field(key, node(entry.getValue(), path.isEmpty() ? key : path + "/" + key)));
    }
    return new Mapping(members);
  }

  private static Node node(Object value, String path) {
    if (value == null) {
      return Scalar.Null.INSTANCE;
    }
    if (value instanceof Node node) {
      return node;
    }
    if (value instanceof Map<?, ?> map) {
      return mapping(map, path);
    }
    if (value instanceof Collection<?> items) {
      List<Node> nodes = new ArrayList<>();
      int i = 0;
      for (Object item : items) {
        nodes.add(node(item, path + "[" + i++ + "]"));
      }
      return new Sequence(nodes);
    }
    if (value instanceof CharSequence || value instanceof Character) {
      return new Scalar.Str(value.toString());
    }
    if (value instanceof Boolean b) {
      return new Scalar.Bool(b);
    }
    if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return new Scalar.Int(((Number) value).longValue());
    }
    if (value instanceof BigInteger big && big.bitLength() < 64) {
      return new Scalar.Int(big.longValue());
    }
    if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
      return new Scalar.Float(((Number) value).doubleValue());
    }
    if (value instanceof OffsetDateTime time) {
      return new Scalar.Time(time);
    }
    if (value instanceof byte[] bytes) {
      return new Scalar.Bytes(bytes);
    }
    throw new IllegalArgumentException("unsupported value of type " + value.getClass().getName() + " at "
        + display(path) + " (use maps, lists, strings, numbers, booleans, null, OffsetDateTime or byte[])");
  }

  private static String display(String path) {
    return path.isEmpty() ? "the top level" : path;
  }
}
