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
  private final StringBuilder out = new StringBuilder();
  private int column;
  private boolean whitespace = true;
  private boolean indention = true;
  private int footIndent = -1;
  private boolean openEnded;
  /** A foot comment go-yaml has not written yet (see {@link #blockSequence}). */
  private List<String> lingeringFoot;

  private YamlEmitter(int indent) {
    this.best = indent < 2 || indent > 9 ? 2 : indent;
  }

  /** Emits the documents with the given indentation (sops' default is 4). */
  static byte[] emit(List<Mapping> documents, int indent) {
    YamlEmitter e = new YamlEmitter(indent);
    boolean first = true;
    for (Mapping doc : documents) {
      e.document(doc, first);
      first = false;
    }
    if (e.openEnded) {
      e.indicator("...", true, false, false);
      e.writeIndent(0);
    }
    return e.out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private void document(Mapping root, boolean first) {
    if (!first) {
      writeIndent(0);
      indicator("---", true, false, false);
      writeIndent(0);
    }
    Split split = split(root.members());
    if (split.fields.isEmpty()) {
      head(split.leading, 0);
      indicator("{}", true, false, false);
    } else {
      head(split.leading, 0);
      blockMapping(split, 0);
    }
    if (lingeringFoot != null) {
      // go-yaml forces a blank line before a document's pending foot comment
      footIndent = 0;
      flushFoot(0);
    }
    footIndent = -1;
    writeIndent(0);
  }

  /** Writes a pending foot comment where go-yaml's emitter next processes foot comments. */
  private void flushFoot(int indent) {
    if (lingeringFoot != null) {
      writeIndent(indent);
      comment(lingeringFoot, indent);
      footIndent = indent;
      lingeringFoot = null;
    }
  }

  /** The members of a mapping or sequence grouped as sops' YAML store attaches its comments. */
  private record Split(List<String> leading, List<Object> items, List<List<String>> heads, List<String> trailing,
      List<Field> fields) {
  }

  private static Split split(List<?> members) {
    List<String> leading = new ArrayList<>();
    List<Object> items = new ArrayList<>();
    List<List<String>> heads = new ArrayList<>();
    List<Field> fields = new ArrayList<>();
    List<String> current = new ArrayList<>();
    for (Object m : members) {
      if (m instanceof Comment c) {
        current.add(c.text());
      } else {
        if (items.isEmpty()) {
          leading = current;
          heads.add(new ArrayList<>());
        } else {
          heads.add(current);
        }
        current = new ArrayList<>();
        items.add(m);
        if (m instanceof Field f) {
          fields.add(f);
        }
      }
    }
    if (items.isEmpty()) {
      leading = current;
      current = new ArrayList<>();
    }
    return new Split(leading, items, heads, current, fields);
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
      if (i > 0) {
        head(split.heads.get(i), indent);
      }
      writeIndent(indent);
      key(field.key(), indent);
      value(field.value(), indent);
    }
    if (!split.trailing.isEmpty()) {
      writeIndent(indent);
      comment(split.trailing, indent);
      footIndent = indent;
    }
  }

  private void key(String key, int indent) {
    byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
    boolean multiline = YamlStyle.analyze(key).multiline;
    if (!multiline && utf8.length <= 128) {
      scalarText(key, increase(indent, false), true);
      indicator(":", false, false, false);
    } else {
      indicator("?", true, false, true);
      scalarText(key, increase(indent, false), false);
      writeIndent(indent);
      indicator(":", true, false, true);
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

  private void value(Node node, int indent) {
    Node value = bytesAsSequence(node);
    if (value instanceof Mapping m) {
      Split split = split(m.members());
      int inner = increase(indent, false);
      flushFoot(indent);
      if (split.fields.isEmpty()) {
        indicator("{}", true, false, false);
        if (!split.leading.isEmpty()) {
          writeIndent(indent);
          comment(split.leading, indent);
        }
        return;
      }
      head(split.leading, inner);
      blockMapping(split, inner);
    } else if (value instanceof Sequence s) {
      Split split = split(s.items());
      flushFoot(indent);
      if (split.items.isEmpty()) {
        indicator("[]", true, false, false);
        if (!split.leading.isEmpty()) {
          writeIndent(indent);
          comment(split.leading, indent);
        }
        return;
      }
      blockSequence(split, increase(indent, false));
    } else if (value instanceof Comment c) {
      scalarText(c.text(), increase(indent, false), false);
    } else {
      scalar((Scalar) value, increase(indent, false));
      flushFoot(indent);
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
      writeIndent(indent);
      indicator("-", true, false, true);
      int inside = indent + 2;
      if (!(item instanceof Scalar)) {
        flushFoot(indent);
      }
      if (item instanceof Mapping) {
        if (inner.fields.isEmpty()) {
          indicator("{}", true, false, false);
        } else {
          blockMapping(inner, inside);
        }
      } else if (item instanceof Sequence) {
        if (inner.items.isEmpty()) {
          indicator("[]", true, false, false);
        } else {
          blockSequence(inner, inside);
        }
      } else if (item instanceof Scalar sc) {
        scalar(sc, inside);
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
        writeIndent(indent);
        comment(split.trailing, indent);
        footIndent = indent;
      }
    }
  }

  private void head(List<String> comments, int indent) {
    if (!comments.isEmpty()) {
      writeIndent(indent);
      comment(comments, indent);
    }
  }

  private void scalar(Scalar value, int blockIndent) {
    if (value instanceof Scalar.Str s) {
      scalarText(s.value(), blockIndent, false);
    } else if (value instanceof Scalar.Int i) {
      plain(Long.toString(i.value()));
    } else if (value instanceof Scalar.Float f) {
      plain(YamlScalars.formatFloat(f.value()));
    } else if (value instanceof Scalar.Bool b) {
      plain(b.value() ? "true" : "false");
    } else if (value instanceof Scalar.Time t) {
      plain(YamlScalars.formatTime(t.value()));
    } else {
      plain("null");
    }
  }

  /** A string as go-yaml's encoder picks its style: plain, single or double quoted, or literal block. */
  private void scalarText(String s, int blockIndent, boolean simpleKey) {
    YamlStyle a = YamlStyle.analyze(s);
    if (s.contains("\n")) {
      if (a.blockAllowed && !simpleKey) {
        literal(s, blockIndent);
      } else {
        doubleQuoted(s);
      }
      return;
    }
    if (YamlScalars.canUsePlain(s)) {
      if (a.blockPlainAllowed && !(s.isEmpty() && simpleKey)) {
        plain(s);
        return;
      }
      if (a.singleQuotedAllowed) {
        singleQuoted(s, blockIndent);
        return;
      }
    }
    doubleQuoted(s);
  }

  private void plain(String s) {
    if (!s.isEmpty() && !whitespace) {
      put(' ');
    }
    write(s);
    if (!s.isEmpty()) {
      whitespace = false;
    }
    indention = false;
  }

  private void singleQuoted(String s, int indent) {
    indicator("'", true, false, false);
    boolean breaks = false;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int w = Character.charCount(cp);
      if (YamlStyle.isBreak(cp)) {
        if (!breaks && cp == '\n') {
          putBreak();
        }
        writeBreak(cp);
        breaks = true;
      } else {
        if (breaks) {
          writeIndent(indent);
        }
        if (cp == '\'') {
          put('\'');
        }
        writeCodePoint(cp);
        indention = false;
        breaks = false;
      }
      i += w;
    }
    indicator("'", false, false, false);
    whitespace = false;
    indention = false;
  }

  private void doubleQuoted(String s) {
    indicator("\"", true, false, false);
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (!YamlStyle.isPrintable(cp) || cp == 0xFEFF || YamlStyle.isBreak(cp) || cp == '"' || cp == '\\') {
        out.append('\\');
        column++;
        String esc = switch (cp) {
          case 0x00 -> "0";
          case 0x07 -> "a";
          case 0x08 -> "b";
          case 0x09 -> "t";
          case 0x0A -> "n";
          case 0x0B -> "v";
          case 0x0C -> "f";
          case 0x0D -> "r";
          case 0x1B -> "e";
          case 0x22 -> "\"";
          case 0x5C -> "\\";
          case 0x85 -> "N";
          case 0xA0 -> "_";
          case 0x2028 -> "L";
          case 0x2029 -> "P";
          default -> cp <= 0xFF ? String.format("x%02X", cp)
              : cp <= 0xFFFF ? String.format("u%04X", cp) : String.format("U%08X", cp);
        };
        write(esc);
      } else {
        writeCodePoint(cp);
      }
    }
    indicator("\"", false, false, false);
    whitespace = false;
    indention = false;
  }

  private void literal(String s, int indent) {
    indicator("|", true, false, false);
    if (s.startsWith(" ") || YamlStyle.isBreak(s.codePointAt(0))) {
      indicator(Integer.toString(best), false, false, false);
    }
    openEnded = false;
    int lastCp = s.codePointBefore(s.length());
    String chomp = null;
    if (!YamlStyle.isBreak(lastCp)) {
      chomp = "-";
    } else {
      int rest = s.length() - Character.charCount(lastCp);
      if (rest == 0 || YamlStyle.isBreak(s.codePointBefore(rest))) {
        chomp = "+";
      }
    }
    if (chomp != null) {
      indicator(chomp, false, false, false);
      openEnded = chomp.equals("+");
    }
    whitespace = true;
    boolean breaks = true;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (YamlStyle.isBreak(cp)) {
        writeBreak(cp);
        breaks = true;
      } else {
        if (breaks) {
          writeIndent(indent);
        }
        writeCodePoint(cp);
        indention = false;
        breaks = false;
      }
    }
  }

  /** Writes comment lines as sops joins them ("#" + text per line) and go-yaml's write_comment prints them. */
  private void comment(List<String> lines, int indent) {
    String joined = "#" + String.join("\n#", lines);
    boolean breaks = false;
    boolean pound = false;
    for (int i = 0; i < joined.length(); ) {
      int cp = joined.codePointAt(i);
      i += Character.charCount(cp);
      if (YamlStyle.isBreak(cp)) {
        writeBreak(cp);
        breaks = true;
        pound = false;
      } else {
        if (breaks) {
          writeIndent(indent);
        }
        if (!pound) {
          if (cp != '#') {
            write("# ");
          }
          pound = true;
        }
        writeCodePoint(cp);
        indention = false;
        breaks = false;
      }
    }
    if (!breaks) {
      putBreak();
    }
    whitespace = true;
  }

  private void writeIndent(int indent) {
    int target = Math.max(indent, 0);
    if (!indention || column > target || (column == target && !whitespace)) {
      putBreak();
    }
    if (footIndent == target) {
      putBreak();
    }
    while (column < target) {
      put(' ');
    }
    whitespace = true;
    footIndent = -1;
  }

  private void indicator(String text, boolean needWhitespace, boolean isWhitespace, boolean isIndention) {
    if (needWhitespace && !whitespace) {
      put(' ');
    }
    write(text);
    whitespace = isWhitespace;
    indention = indention && isIndention;
    openEnded = false;
  }

  private void put(char c) {
    out.append(c);
    column++;
  }

  private void putBreak() {
    out.append('\n');
    column = 0;
    indention = true;
  }

  private void writeBreak(int cp) {
    if (cp == '\n') {
      putBreak();
    } else {
      out.appendCodePoint(cp);
      column = 0;
      indention = true;
    }
  }

  private void write(String s) {
    out.append(s);
    column += s.codePointCount(0, s.length());
  }

  private void writeCodePoint(int cp) {
    out.appendCodePoint(cp);
    column++;
  }
}
