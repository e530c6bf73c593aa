package dev.sops4j.sops.format;

import java.util.List;

/**
 * The character-level half of go-yaml's emitter: the output with its column, whitespace, indentation
 * and foot-comment bookkeeping, and the writers for plain, quoted and literal scalars and for comments,
 * so that line breaks and indentation come out exactly as go-yaml v3 writes them.
 */
final class YamlWriter {
  private final int best;
  private final StringBuilder out = new StringBuilder();
  private int column;
  private boolean whitespace = true;
  private boolean indention = true;
  /** The indentation of the last foot comment: the next line at that indentation gets a blank line first. */
  int footIndent = -1;
  /** A {@code |+} scalar was written last: the stream ends with {@code ...}. */
  boolean openEnded;

  YamlWriter(int best) {
    this.best = best;
  }

  String text() {
    return out.toString();
  }

  /** A string as go-yaml's encoder picks its style: plain, single or double quoted, or literal block. */
  void scalarText(String s, int blockIndent, boolean simpleKey) {
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

  /** A scalar printed as is (numbers, booleans, times, null and strings that need no quotes). */
  void plain(String s) {
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
  void comment(List<String> lines, int indent) {
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

  /** A line comment after the content of the current line: a space if needed, then {@link #comment}. */
  void lineComment(List<String> lines, int indent) {
    if (!whitespace) {
      put(' ');
    }
    comment(lines, indent);
  }

  /** go-yaml's write_indent: a line break unless at the indentation already, then spaces up to it. */
  void writeIndent(int indent) {
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

  /** go-yaml's write_indicator: an indicator, preceded by a space where one is needed. */
  void indicator(String text, boolean needWhitespace, boolean isWhitespace, boolean isIndention) {
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

  /** A line break. */
  void putBreak() {
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
