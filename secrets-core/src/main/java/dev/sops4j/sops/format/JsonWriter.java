package dev.sops4j.sops.format;

import dev.sops4j.sops.tree.Comment;
import dev.sops4j.sops.tree.Field;
import dev.sops4j.sops.tree.Mapping;
import dev.sops4j.sops.tree.Node;
import dev.sops4j.sops.tree.Scalar;
import dev.sops4j.sops.tree.Sequence;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Prints a tree as the sops JSON store does: members in order, comments dropped, values as Go's
 * {@code json.Marshal} prints them, laid out as {@code json.Indent} does (one member per line,
 * {@code "key": value}, empty objects and arrays as {@code {}} and {@code []}), then a newline.
 */
final class JsonWriter {
  private final String indent;
  private final StringBuilder out = new StringBuilder();

  private JsonWriter(String indent) {
    this.indent = indent;
  }

  /** The document with sops' default indent (one tab per level) and a trailing newline. */
  static String write(Mapping document) {
    return write(document, "\t");
  }

  /** The document indented with {@code indent} per level and a trailing newline. */
  static String write(Mapping document, String indent) {
    JsonWriter w = new JsonWriter(indent);
    w.mapping(document, 0);
    return w.out.append('\n').toString();
  }

  private void mapping(Mapping m, int depth) {
    List<Field> fields = new ArrayList<>();
    for (Mapping.Member member : m.members()) {
      if (member instanceof Field f && !(f.value() instanceof Comment)) {
        fields.add(f);
      }
    }
    if (fields.isEmpty()) {
      out.append("{}");
      return;
    }
    out.append('{');
    for (int i = 0; i < fields.size(); i++) {
      out.append(i == 0 ? "" : ",");
      newline(depth + 1);
      quote(fields.get(i).key(), out);
      out.append(": ");
      value(fields.get(i).value(), depth + 1);
    }
    newline(depth);
    out.append('}');
  }

  private void sequence(Sequence s, int depth) {
    List<Node> items = new ArrayList<>();
    for (Node item : s.items()) {
      if (!(item instanceof Comment)) {
        items.add(item);
      }
    }
    if (items.isEmpty()) {
      out.append("[]");
      return;
    }
    out.append('[');
    for (int i = 0; i < items.size(); i++) {
      out.append(i == 0 ? "" : ",");
      newline(depth + 1);
      value(items.get(i), depth + 1);
    }
    newline(depth);
    out.append(']');
  }

  private void newline(int depth) {
    out.append('\n');
    for (int i = 0; i < depth; i++) {
      out.append(indent);
    }
  }

  private void value(Node node, int depth) {
    if (node instanceof Mapping m) {
      mapping(m, depth);
    } else if (node instanceof Sequence s) {
      sequence(s, depth);
    } else if (node instanceof Scalar scalar) {
      out.append(scalar(scalar));
    } else {
      throw new IllegalArgumentException("unexpected node " + node.getClass().getSimpleName());
    }
  }

  /** A scalar as Go's {@code json.Marshal} prints it. */
  static String scalar(Scalar value) {
    if (value instanceof Scalar.Str s) {
      StringBuilder sb = new StringBuilder();
      quote(s.value(), sb);
      return sb.toString();
    } else if (value instanceof Scalar.Int i) {
      return Long.toString(i.value());
    } else if (value instanceof Scalar.Float f) {
      return jsonFloat(f.value());
    } else if (value instanceof Scalar.Bool b) {
      return Boolean.toString(b.value());
    } else if (value instanceof Scalar.Time t) {
      return "\"" + GoText.rfc3339(t.value(), true) + "\"";
    } else if (value instanceof Scalar.Bytes b) {
      return "\"" + Base64.getEncoder().encodeToString(b.value()) + "\"";
    }
    return "null";
  }

  /**
   * Go's {@code encoding/json} float64 form: shortest digits without exponent, except for magnitudes
   * below 1e-6 or from 1e21 on, which use the exponent form with {@code e-7} (not {@code e-07}).
   */
  static String jsonFloat(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      throw new IllegalArgumentException("JSON cannot hold NaN or infinite numbers");
    }
    double abs = Math.abs(v);
    if (abs != 0 && (abs < 1e-6 || abs >= 1e21)) {
      String s = GoText.formatFloatE(v, 'e');
      int n = s.length();
      if (n >= 4 && s.charAt(n - 4) == 'e' && s.charAt(n - 3) == '-' && s.charAt(n - 2) == '0') {
        s = s.substring(0, n - 2) + s.charAt(n - 1);
      }
      return s;
    }
    return GoText.formatFloatF(v);
  }

  /**
   * Appends a JSON string as Go's {@code json.Marshal} writes it: HTML characters {@code <>&},
   * U+2028 and U+2029 and control characters escaped ({@code \b \f \n \r \t} short forms), lone
   * surrogates replaced by U+FFFD.
   */
  static void quote(String s, StringBuilder sb) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '<', '>', '&', '\u2028', '\u2029' -> hex(c, sb);
        default -> {
          if (c < 0x20) {
            hex(c, sb);
          } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            sb.append(c).append(s.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            sb.append("\\ufffd");
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  private static void hex(char c, StringBuilder sb) {
    sb.append("\\u");
    String h = Integer.toHexString(c);
    sb.append("0".repeat(4 - h.length())).append(h);
  }
}
