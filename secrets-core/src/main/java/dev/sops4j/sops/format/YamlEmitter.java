package dev.sops4j.sops.format;

import dev.sops4j.sops.tree.Comment;
import dev.sops4j.sops.tree.Field;
import dev.sops4j.sops.tree.Mapping;
import dev.sops4j.sops.tree.Node;
import dev.sops4j.sops.tree.Scalar;
import dev.sops4j.sops.tree.Sequence;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints SOPS documents as sops' YAML store does through the go-yaml v3 encoder: block style with the
 * given indentation (sequences indented inside mappings, mapping entries two columns after
 * {@code "- "}), {@code {}}/{@code []} for empty collections, comments re-attached as sops attaches
 * them (before an item as head comments, after the last item as foot comments), {@code ---} between
 * documents, and go-yaml's choice of plain, quoted or literal scalars. It mirrors the emitter's column
 * bookkeeping so that indentation and line breaks come out the same.
 */
final class YamlEmitter {
  private final int best;
  private final YamlWriter w;
  /** A foot comment go-yaml has not written yet (see {@link #blockSequence}). */
  private List<String> lingeringFoot;

  private YamlEmitter(int indent) {
    this.best = indent < 2 || indent > 9 ? 2 : indent;
    this.w = new YamlWriter(best);
  }

  /** Emits the documents with the given indentation (sops' default is 4). */
  static byte[] emit(List<Mapping> documents, int indent) {
    YamlEmitter e = new YamlEmitter(indent);
    boolean first = true;
    for (Mapping doc : documents) {
      e.document(doc, first);
      first = false;
    }
    if (e.w.openEnded) {
      e.w.indicator("...", true, false, false);
      e.w.writeIndent(0);
    }
    return e.w.text().getBytes(StandardCharsets.UTF_8);
  }

  private void document(Mapping root, boolean first) {
    if (!first) {
      w.writeIndent(0);
      w.indicator("---", true, false, false);
      w.writeIndent(0);
    }
    Split split = split(root.members());
    if (split.fields.isEmpty()) {
      head(split.leading, 0);
      w.indicator("{}", true, false, false);
    } else {
      head(split.leading, 0);
      blockMapping(split, 0);
    }
    if (lingeringFoot != null) {
      // go-yaml forces a blank line before a document's pending foot comment
      w.footIndent = 0;
      flushFoot(0);
    }
    w.footIndent = -1;
    w.writeIndent(0);
  }

  /** Writes a pending foot comment where go-yaml's emitter next processes foot comments. */
  private void flushFoot(int indent) {
    if (lingeringFoot != null) {
      w.writeIndent(indent);
      w.comment(lingeringFoot, indent);
      w.footIndent = indent;
      lingeringFoot = null;
    }
  }

  /**
   * The members of a mapping or sequence grouped as sops' YAML store attaches its comments: before each
   * item its head comments ({@code leading} for the first) and, apart, its inline comments (go-yaml's
   * line comment of the item's value); after the last item the trailing ones, inline ones last.
   */
  private record Split(List<String> leading, List<Object> items, List<List<String>> heads,
      List<List<String>> inlines, List<String> trailing, List<Field> fields) {
  }

  private static Split split(List<?> members) {
    List<String> leading = new ArrayList<>();
    List<Object> items = new ArrayList<>();
    List<List<String>> heads = new ArrayList<>();
    List<List<String>> inlines = new ArrayList<>();
    List<Field> fields = new ArrayList<>();
    List<String> current = new ArrayList<>();
    List<String> currentInline = new ArrayList<>();
    for (Object m : members) {
      if (m instanceof Comment c) {
        (c.inline() ? currentInline : current).add(c.text());
      } else {
        if (items.isEmpty()) {
          leading = current;
          heads.add(new ArrayList<>());
        } else {
          heads.add(current);
        }
        inlines.add(currentInline);
        current = new ArrayList<>();
        currentInline = new ArrayList<>();
        items.add(m);
        if (m instanceof Field f) {
          fields.add(f);
        }
      }
    }
    current.addAll(currentInline);
    if (items.isEmpty()) {
      leading = current;
      current = new ArrayList<>();
    }
    return new Split(leading, items, heads, inlines, current, fields);
  }

  /**
   * Whether go-yaml writes a line comment of this value at the end of the value's line: a scalar on
   * one line. Otherwise (collections, literal blocks) sops4j writes the comment above the item.
   */
  private static boolean takesLineComment(Object value) {
    return value instanceof Scalar && !(value instanceof Scalar.Bytes)
        && !(value instanceof Scalar.Str s && s.value().indexOf('\n') >= 0);
  }

  private int increase(int indent, boolean inSequenceItem) {
    if (indent < 0) {
      return 0;
    }
    return inSequenceItem ? indent + 2 : best * ((indent + best) / best);
  }

  /** A non-empty block mapping whose leading comments were already written. */
  private void blockMapping(Split split, int indent) {
    for (int i = 0; i < split.items.size(); i++) {
      Field field = (Field) split.items.get(i);
      List<String> inline = split.inlines.get(i);
      if (i > 0) {
        head(split.heads.get(i), indent);
      }
      if (!takesLineComment(field.value())) {
        head(inline, indent);
        inline = List.of();
      }
      w.writeIndent(indent);
      key(field.key(), indent);
      value(field.value(), indent, inline);
    }
    if (!split.trailing.isEmpty()) {
      w.writeIndent(indent);
      w.comment(split.trailing, indent);
      w.footIndent = indent;
    }
  }

  private void key(String key, int indent) {
    byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
    boolean multiline = YamlStyle.analyze(key).multiline;
    if (!multiline && utf8.length <= 128) {
      w.scalarText(key, increase(indent, false), true);
      w.indicator(":", false, false, false);
    } else {
      w.indicator("?", true, false, true);
      w.scalarText(key, increase(indent, false), false);
      w.writeIndent(indent);
      w.indicator(":", true, false, true);
    }
  }

  /** go-yaml encodes a Go []byte as a sequence of its byte values. */
  private static Node bytesAsSequence(Node node) {
    if (node instanceof Scalar.Bytes b) {
      List<Node> items = new ArrayList<>();
      for (byte x : b.value()) {
        items.add(new Scalar.Int(x & 0xff));
      }
      return new Sequence(items);
    }
    return node;
  }

  private void value(Node node, int indent, List<String> lineComment) {
    Node value = bytesAsSequence(node);
    if (value instanceof Mapping m) {
      Split split = split(m.members());
      int inner = increase(indent, false);
      flushFoot(indent);
      if (split.fields.isEmpty()) {
        w.indicator("{}", true, false, false);
        if (!split.leading.isEmpty()) {
          w.writeIndent(indent);
          w.comment(split.leading, indent);
        }
        return;
      }
      head(split.leading, inner);
      blockMapping(split, inner);
    } else if (value instanceof Sequence s) {
      Split split = split(s.items());
      flushFoot(indent);
      if (split.items.isEmpty()) {
        w.indicator("[]", true, false, false);
        if (!split.leading.isEmpty()) {
          w.writeIndent(indent);
          w.comment(split.leading, indent);
        }
        return;
      }
      blockSequence(split, increase(indent, false));
    } else if (value instanceof Comment c) {
      w.scalarText(c.text(), increase(indent, false), false);
    } else {
      scalar((Scalar) value, increase(indent, false));
      lineComment(lineComment, indent);
      flushFoot(indent);
    }
  }

  /** go-yaml's line comment: after a space, to the end of the line. */
  private void lineComment(List<String> comments, int indent) {
    if (!comments.isEmpty()) {
      w.lineComment(comments, indent);
    }
  }

  private void blockSequence(Split split, int indent) {
    for (int i = 0; i < split.items.size(); i++) {
      head(i == 0 ? split.leading : split.heads.get(i), indent);
      Object item = split.items.get(i) instanceof Node n ? bytesAsSequence(n) : split.items.get(i);
      List<String> itemLeading = List.of();
      Split inner = null;
      if (item instanceof Mapping m) {
        inner = split(m.members());
        itemLeading = inner.leading;
      } else if (item instanceof Sequence s) {
        inner = split(s.items());
        itemLeading = inner.leading;
      }
      head(itemLeading, indent);
      List<String> inline = split.inlines.get(i);
      if (!takesLineComment(item)) {
        head(inline, indent);
        inline = List.of();
      }
      w.writeIndent(indent);
      w.indicator("-", true, false, true);
      int inside = indent + 2;
      if (!(item instanceof Scalar)) {
        flushFoot(indent);
      }
      if (item instanceof Mapping) {
        if (inner.fields.isEmpty()) {
          w.indicator("{}", true, false, false);
        } else {
          blockMapping(inner, inside);
        }
      } else if (item instanceof Sequence) {
        if (inner.items.isEmpty()) {
          w.indicator("[]", true, false, false);
        } else {
          blockSequence(inner, inside);
        }
      } else if (item instanceof Scalar sc) {
        scalar(sc, inside);
        lineComment(inline, indent);
        flushFoot(indent);
      }
    }
    if (!split.trailing.isEmpty()) {
      Object lastItem = bytesAsSequence((Node) split.items.get(split.items.size() - 1));
      boolean blockCollection = lastItem instanceof Mapping m && !m.fields().isEmpty()
          || lastItem instanceof Sequence q && q.items().stream().anyMatch(n -> !(n instanceof Comment));
      if (blockCollection) {
        // sops attaches these as the foot comment of the last item; for a block collection go-yaml only
        // writes it at the next place its emitter processes foot comments
        lingeringFoot = split.trailing;
      } else {
        w.writeIndent(indent);
        w.comment(split.trailing, indent);
        w.footIndent = indent;
      }
    }
  }

  private void head(List<String> comments, int indent) {
    if (!comments.isEmpty()) {
      w.writeIndent(indent);
      w.comment(comments, indent);
    }
  }

  private void scalar(Scalar value, int blockIndent) {
    if (value instanceof Scalar.Str s) {
      w.scalarText(s.value(), blockIndent, false);
    } else if (value instanceof Scalar.Int i) {
      w.plain(Long.toString(i.value()));
    } else if (value instanceof Scalar.Float f) {
      w.plain(YamlScalars.formatFloat(f.value()));
    } else if (value instanceof Scalar.Bool b) {
      w.plain(b.value() ? "true" : "false");
    } else if (value instanceof Scalar.Time t) {
      w.plain(YamlTimes.format(t.value()));
    } else {
      w.plain("null");
    }
  }
}
